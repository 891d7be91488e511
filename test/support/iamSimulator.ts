// One way for every test to ask "would AWS allow this request?", on top of
// @cloud-copilot/iam-simulate (AGPL: imported from test/ only, never from shipped code).
//
// The helper never hides what the simulator says: a validation error (unknown action, a
// resource ARN of the wrong type, a malformed policy) and a context key that the simulator
// dropped because it does not know it for this action both make it throw. A test that passes
// because its context key was silently ignored would prove nothing.
import { runSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import { PolicyDocument } from "../../documents/policyDocument";

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export interface SimulationRequest {
  identityPolicies: PolicyDocument[];
  /** e.g. "ec2-instance-connect:SendSerialConsoleSSHPublicKey" */
  action: string;
  /** ARN, e.g. arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7, or "*" */
  resource: string;
  /** Default arn:aws:iam::111122223333:user/alice */
  principalArn?: string;
  /** Request context keys, e.g. {"aws:PrincipalTag/SerialConsole": "blue"}. */
  context?: Record<string, string | string[]>;
  resourcePolicy?: PolicyDocument;
  /**
   * SCPs that apply to the principal's account. AWS attaches FullAWSAccess to every root, OU
   * and account unless someone removes it, so the helper puts it beside these: a deny-list
   * SCP then denies only what it names, as in a real organisation.
   */
  serviceControlPolicies?: PolicyDocument[];
  /** Account that owns the resource; default: the account in the resource ARN, else the principal's. */
  resourceAccountId?: string;
}

export const DEFAULT_PRINCIPAL = "arn:aws:iam::111122223333:user/alice";

const FULL_AWS_ACCESS: PolicyDocument = {
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: "*", Resource: "*" }],
};

export class SimulationError extends Error {
  constructor(message: string, readonly details: unknown) {
    super(message);
    this.name = "SimulationError";
  }
}

export async function simulate(req: SimulationRequest): Promise<Decision> {
  const principal = req.principalArn ?? DEFAULT_PRINCIPAL;
  const simulation: Simulation = {
    request: {
      principal,
      action: req.action,
      resource: { resource: req.resource, accountId: req.resourceAccountId ?? accountOf(req.resource) ?? accountOf(principal) ?? "" },
      contextVariables: req.context ?? {},
    },
    identityPolicies: req.identityPolicies.map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
    serviceControlPolicies: req.serviceControlPolicies
      ? [
          {
            orgIdentifier: accountOf(principal) ?? "111122223333",
            policies: [{ name: "FullAWSAccess", policy: FULL_AWS_ACCESS }, ...req.serviceControlPolicies.map((policy, i) => ({ name: `scp-${i + 1}`, policy }))],
          },
        ]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy,
  };

  const result = await runSimulation(simulation, {});
  if (result.resultType === "error") {
    throw new SimulationError(`simulator refused ${req.action} on ${req.resource}: ${JSON.stringify(result.errors)}`, result.errors);
  }
  const analysed = result.resultType === "single" ? [result.result] : result.results;
  const ignored = [...new Set(analysed.flatMap((r) => r.ignoredContextKeys ?? []))];
  if (ignored.length > 0) {
    throw new SimulationError(
      `simulator ignored context keys ${JSON.stringify(ignored)} for ${req.action} on ${req.resource}: ` +
        "it does not know them for this action, so the decision would not depend on them",
      ignored,
    );
  }
  // Room for the documented fallback to the core evaluator (ec2:osuser, OpenTunnel's
  // resource type) that the Instance Connect tests need: add it here, openly, when needed.
  return result.overallResult;
}

/** The account field of an ARN (`arn:partition:service:region:account:...`), if it has one. */
export function accountOf(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}
