// One way for every test to ask "would AWS allow this request?", on top of
// @cloud-copilot/iam-simulate (AGPL: imported from test/ only, never from shipped code).
//
// The helper never hides what the simulator says: a validation error (unknown action, a
// resource ARN of the wrong type, a malformed policy) and a context key that the simulator
// dropped because it does not know it for this action both make it throw. A test that passes
// because its context key was silently ignored would prove nothing.
import { runSimulation, runUnsafeSimulation, type Simulation } from "@cloud-copilot/iam-simulate";
import type { PolicyDocument, Statement } from "../../documents/policyDocument";

/** A resource policy (bucket, key, ...) names its principals, which identity documents never do. */
export interface ResourcePolicyDocument {
  Version: "2012-10-17";
  Statement: (Statement & { Principal?: unknown; NotPrincipal?: unknown })[];
}

export type Decision = "Allowed" | "ImplicitlyDenied" | "ExplicitlyDenied";

export interface SimulationRequest {
  identityPolicies: PolicyDocument[];
  /** e.g. "ec2-instance-connect:SendSerialConsoleSSHPublicKey" */
  action: string;
  /** ARN, e.g. arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7, or "*" */
  resource: string;
  /** Default arn:aws:iam::111122223333:user/alice */
  principalArn?: string;
  /**
   * Request context keys, e.g. {"aws:PrincipalTag/SerialConsole": "blue"}. aws:PrincipalArn and
   * aws:PrincipalAccount are filled in from principalArn unless given here.
   */
  context?: Record<string, string | string[]>;
  resourcePolicy?: PolicyDocument | ResourcePolicyDocument;
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
  constructor(
    message: string,
    readonly details: unknown,
  ) {
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
      contextVariables: { ...principalContext(principal), ...req.context },
    },
    identityPolicies: req.identityPolicies.map((policy, i) => ({ name: `identity-${i + 1}`, policy })),
    serviceControlPolicies: req.serviceControlPolicies
      ? [
          {
            orgIdentifier: accountOf(principal) ?? "111122223333",
            policies: [
              { name: "FullAWSAccess", policy: FULL_AWS_ACCESS },
              ...req.serviceControlPolicies.map((policy, i) => ({ name: `scp-${i + 1}`, policy })),
            ],
          },
        ]
      : [],
    resourceControlPolicies: [],
    resourcePolicy: req.resourcePolicy,
  };

  let result: Awaited<ReturnType<typeof runSimulation>>;
  try {
    result = await runSimulation(simulation, {});
  } catch (error) {
    const gap = knownDataGap(req, error instanceof Error ? error.message : String(error));
    if (gap) return evaluateDespiteGap(gap, req, simulation);
    throw error;
  }
  if (result.resultType === "error") {
    // Only a bare message: a policy validation error beside it must still throw.
    const onlyMessage = Object.keys(result.errors).every((k) => k === "message");
    const gap = onlyMessage ? knownDataGap(req, result.errors.message) : undefined;
    if (gap) return evaluateDespiteGap(gap, req, simulation);
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
  return result.overallResult;
}

/**
 * Keys AWS puts in the context of every signed request, which the simulator does not derive
 * from the principal by itself; without them an SCP conditioned on the caller's account would
 * be evaluated against a request no real caller can make.
 */
function principalContext(principalArn: string): Record<string, string> {
  const account = accountOf(principalArn);
  return account ? { "aws:PrincipalArn": principalArn, "aws:PrincipalAccount": account } : {};
}

/** The account field of an ARN (`arn:partition:service:region:account:...`), if it has one. */
export function accountOf(arn: string): string | undefined {
  const parts = arn.split(":");
  return parts.length >= 6 && /^\d{12}$/.test(parts[4]) ? parts[4] : undefined;
}

/**
 * Gaps in the service data that iam-simulate 0.1.173 validates against, for requests AWS
 * evaluates normally. Each names the exact symptom, so any other refusal still throws:
 * - SendSSHPublicKey: the data lists `ec2:osuser` among the action's keys, but the validator
 *   looks the key up under the `ec2` service and throws "Condition key ec2:osuser not found",
 *   so no real Instance Connect request (it always carries the OS user) can be validated.
 * - OpenTunnel: the data lists its one resource type (instance-connect-endpoint) twice, and the
 *   validator refuses it with "multiple.resource.types"; the action's condition keys
 *   (remotePort, privateIpAddress, maxTunnelDuration) are not attached to it either.
 * - StartSession on an AWS-owned session document: its ARN has an empty account field
 *   (`arn:aws:ssm:<region>::document/AWS-StartSSHSession`, as AWS's pages write it), which the
 *   validator matches to no resource type ("no.resource.types"); the same for SendCommand on an
 *   AWS-owned Command document (`AWS-UpdateSSMAgent`, `AWS-RunShellScript`).
 * For exactly these, the request goes to the library's core evaluator (`runUnsafeSimulation`:
 * the same policy evaluation, condition operators and policy variables, without the
 * validation). What the validation would have checked is checked here instead, from the
 * Service Authorization Reference: the resource is of the action's type and every context key
 * is one AWS documents for the action, or a global `aws:` key.
 */
interface DataGap {
  action: string;
  symptom: RegExp;
  resource: RegExp;
  contextKeys: string[];
}

const DATA_GAPS: DataGap[] = [
  {
    action: "ec2-instance-connect:SendSSHPublicKey",
    symptom: /^Condition key ec2:osuser not found$/,
    resource: /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance\/[^/]+$/,
    contextKeys: ["ec2:osuser"],
  },
  {
    action: "ec2-instance-connect:OpenTunnel",
    symptom: /^multiple\.resource\.types$/,
    resource: /^arn:aws[a-z-]*:ec2:[a-z0-9-]+:\d{12}:instance-connect-endpoint\/[^/]+$/,
    contextKeys: ["ec2-instance-connect:remotePort", "ec2-instance-connect:privateIpAddress", "ec2-instance-connect:maxTunnelDuration"],
  },
  {
    action: "ssm:StartSession",
    symptom: /^no\.resource\.types$/,
    resource: /^arn:aws[a-z-]*:ssm:[a-z0-9-]+::document\/AWS-[A-Za-z0-9_.-]+$/,
    contextKeys: ["ssm:SessionDocumentAccessCheck"],
  },
  {
    action: "ssm:SendCommand",
    symptom: /^no\.resource\.types$/,
    resource: /^arn:aws[a-z-]*:ssm:[a-z0-9-]+::document\/AWS-[A-Za-z0-9_.-]+$/,
    contextKeys: [],
  },
];

function knownDataGap(req: SimulationRequest, symptom: string): DataGap | undefined {
  return DATA_GAPS.find((g) => g.action.toLowerCase() === req.action.toLowerCase() && g.symptom.test(symptom));
}

function evaluateDespiteGap(gap: DataGap, req: SimulationRequest, simulation: Simulation): Decision {
  if (!gap.resource.test(req.resource)) {
    throw new SimulationError(
      `simulator data gap for ${gap.action}, and ${req.resource} is not a resource of that action either`,
      req.resource,
    );
  }
  const unknown = Object.keys(req.context ?? {}).filter(
    (k) => !k.toLowerCase().startsWith("aws:") && !gap.contextKeys.some((known) => known.toLowerCase() === k.toLowerCase()),
  );
  if (unknown.length > 0) {
    throw new SimulationError(
      `context keys ${JSON.stringify(unknown)} are not documented for ${gap.action}: the decision would not depend on them`,
      unknown,
    );
  }
  return runUnsafeSimulation(simulation, {});
}
