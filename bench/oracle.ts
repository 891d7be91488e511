// The benches' independent oracle: does the IAM simulator allow one request on these identity
// documents alone (no SCPs, no resource policies)? A document the simulator cannot read counts
// as allowing nothing, so an unreadable corpus entry is never reported as a false negative.
import { runUnsafeSimulation } from "@cloud-copilot/iam-simulate";

export function simulatorAllows(
  documents: unknown[],
  principalArn: string,
  accountId: string,
  action: string,
  resource: string,
  context: Record<string, string>,
): boolean {
  try {
    const r = runUnsafeSimulation(
      {
        request: {
          principal: principalArn,
          action,
          resource: { resource, accountId },
          contextVariables: { "aws:PrincipalArn": principalArn, "aws:PrincipalAccount": accountId, ...context },
        },
        identityPolicies: documents.map((policy, i) => ({ name: `p${i}`, policy: policy as never })),
        serviceControlPolicies: [],
        resourceControlPolicies: [],
      } as never,
      {},
    );
    return r === "Allowed";
  } catch {
    return false;
  }
}
