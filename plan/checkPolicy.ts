// `check-policy`: the pack's rules on one raw document, as if a stack had created it as a
// customer managed policy attached to a role (identity) or as a service control policy.
// It goes through the same runner as the plan, so it runs exactly the pack's rules.
import type { Policies } from "@pulumi/policy";
import type { Registration } from "./capture";
import type { PolicyPackConfig, Violation } from "./policyRunner";
import { runPolicies } from "./policyRunner";

export type DocumentKind = "identity" | "scp";

export class NotAPolicyDocument extends Error {}

/** Throws NotAPolicyDocument unless `text` is JSON with a Statement. */
export function parsePolicyDocument(text: string): Record<string, unknown> {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    throw new NotAPolicyDocument(`not JSON: ${(e as Error).message}`);
  }
  if (typeof doc !== "object" || doc === null || Array.isArray(doc))
    throw new NotAPolicyDocument("not a policy document: expected a JSON object");
  const statement = (doc as Record<string, unknown>).Statement;
  if (statement === undefined || (typeof statement !== "object" && !Array.isArray(statement)) || statement === null) {
    throw new NotAPolicyDocument('not a policy document: expected a "Statement" object or array');
  }
  return doc as Record<string, unknown>;
}

const STACK = "check-policy";
const urnOf = (type: string, name: string) => `urn:pulumi:${STACK}::ec2-access::${type}::${name}`;

function registration(
  type: string,
  name: string,
  inputs: Record<string, unknown>,
  outputs: Record<string, unknown>,
  dependencies: string[] = [],
): Registration {
  return {
    urn: urnOf(type, name),
    type,
    name,
    custom: true,
    parent: null,
    dependencies,
    provider: null,
    importId: null,
    protect: false,
    inputs,
    outputs: { ...inputs, ...outputs },
    secretKeys: [],
  };
}

export function documentRegistrations(text: string, kind: DocumentKind): Registration[] {
  if (kind === "scp") {
    return [
      registration(
        "aws:organizations/policy:Policy",
        "checked-document",
        { name: "checked-document", type: "SERVICE_CONTROL_POLICY", content: text },
        { arn: "arn:aws:organizations::111122223333:policy/o-example/service_control_policy/p-checked" },
      ),
    ];
  }
  const arn = "arn:aws:iam::111122223333:policy/checked-document";
  const policy = registration("aws:iam/policy:Policy", "checked-document", { name: "checked-document", policy: text }, { arn });
  const attachment = registration(
    "aws:iam/rolePolicyAttachment:RolePolicyAttachment",
    "checked-document-role",
    { role: "checked-principal", policyArn: arn },
    {},
    [policy.urn],
  );
  return [policy, attachment];
}

export async function checkPolicy(text: string, kind: DocumentKind, policies: Policies, config?: PolicyPackConfig): Promise<Violation[]> {
  parsePolicyDocument(text);
  return runPolicies(documentRegistrations(text, kind), { policies, config });
}
