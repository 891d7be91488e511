// The six quickstart policies of test/fixtures/aws-pages/004 (fixtures/quickstart-policies.json holds
// them verbatim, callout images removed), with the page's placeholders filled in as the page
// says, and read through the project's document model so that `["x"]` and `"x"` compare equal.
import * as fs from "node:fs";
import * as path from "node:path";
import type { ConditionValues, Conditions, PolicyDocument } from "../../documents/policyDocument";
import { policyDocument, statement } from "../../documents/policyDocument";

export const SEED_INSTANCE = "i-02573cafcfEXAMPLE";
export const SEED_REGION = "us-east-2";
export const SEED_ACCOUNT = "111122223333";
export const SEED_KEY = "arn:aws:kms:us-west-2:111122223333:key/1234abcd-12ab-34cd-56ef-12345EXAMPLE";

export type SeedTab =
  "user-session-manager" | "user-ec2-console" | "user-both" | "admin-session-manager" | "admin-ec2-console" | "admin-both";

/** Source-tree path: the fixture is not compiled, so read it next to the .ts file. */
export const FIXTURE = path.resolve(__dirname, "../../../test/sessionManager/fixtures/quickstart-policies.json");

interface RawStatement {
  Effect: "Allow" | "Deny";
  Action: string | string[];
  Resource: string | string[];
  Condition?: Record<string, Record<string, ConditionValues>>;
}

const list = (v: string | string[]) => (Array.isArray(v) ? v : [v]);

export function seedPolicy(tab: SeedTab): PolicyDocument {
  const text = fs
    .readFileSync(FIXTURE, "utf8")
    .replaceAll("instance/instance-id", `instance/${SEED_INSTANCE}`)
    .replaceAll(":region:account-id:", `:${SEED_REGION}:${SEED_ACCOUNT}:`)
    .replaceAll('"key-name"', JSON.stringify(SEED_KEY));
  const raw = (JSON.parse(text) as Record<SeedTab, { Statement: RawStatement[] }>)[tab];
  return policyDocument(
    raw.Statement.map((s) =>
      statement({
        effect: s.Effect,
        actions: list(s.Action),
        resources: list(s.Resource),
        conditions: s.Condition as Conditions | undefined,
      }),
    ),
  );
}
