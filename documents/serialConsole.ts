// IAM documents for EC2 Serial Console, from test/fixtures/aws-pages/000 (EN) and 001 (JA).
//
// Grants follow the JA page's newer form. The EN page puts ec2:DescribeInstances,
// ec2:DescribeInstanceTypes and ec2:GetSerialConsoleAccessStatus in the same statement as
// SendSerialConsoleSSHPublicKey, on the instance ARN (or under a resource-tag condition).
// Those three actions support no resource-level permissions and no aws:ResourceTag key, so
// that statement never allows them: the console cannot list the instance to connect to. The
// JA page moves them to a statement of their own on "*", which is what we produce; the EN
// form is deliberately not reproducible here.
//
// The connect action itself is never granted on "*": it is scoped to instance ARNs of the
// stack's account and Regions, even for `allInstances` (the documented "allow all" example
// uses "*", which would also reach instances in Regions the stack does not manage).
import type { ArnScope } from "./arn";
import { allInstanceArns, instanceArns } from "./arn";
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";
import type { Target } from "../model/target";
import { RESOURCE_TAG, targetCondition } from "../model/target";

import { SEND_SERIAL_CONSOLE_KEY } from "../model/patterns";

export { SEND_SERIAL_CONSOLE_KEY };

/** View, allow and prevent the per-Region account setting (seed 000, "Grant permission to IAM users to manage account access"). */
export const ACCOUNT_SETTING_ACTIONS = [
  "ec2:GetSerialConsoleAccessStatus",
  "ec2:EnableSerialConsoleAccess",
  "ec2:DisableSerialConsoleAccess",
];

/** What the console needs to show an instance and the account setting; none has resource-level permissions. */
export const CONSOLE_READ_ACTIONS = ["ec2:DescribeInstances", "ec2:DescribeInstanceTypes", "ec2:GetSerialConsoleAccessStatus"];

/** The admin policy, exactly as both pages give it: these actions exist only on "*". */
export function serialConsoleAdminDocument(): PolicyDocument {
  return policyDocument([statement({ actions: ACCOUNT_SETTING_ACTIONS, resources: ["*"] })]);
}

export interface SerialConsoleGrantSpec {
  scope: ArnScope;
  /** The stack's Regions: instance IDs are regional, so every ARN is built in each. */
  regions: string[];
  target: Target;
  /** The section's `denyInstanceIds`: an explicit Deny in every grant, whatever its target. */
  denyInstanceIds: string[];
}

/** A grant's document: who may connect to which instances' serial console. */
export function serialConsoleGrantDocument(spec: SerialConsoleGrantSpec): PolicyDocument {
  const statements: Statement[] = [
    // Sids as on the JA page, so a reader can find each statement there.
    statement({ sid: "AllowDescribeInstances", actions: CONSOLE_READ_ACTIONS, resources: ["*"] }),
    connectStatement(spec),
  ];
  if (spec.denyInstanceIds.length > 0) {
    statements.push(
      statement({
        sid: "DenySerialConsoleAccess",
        effect: "Deny",
        actions: [SEND_SERIAL_CONSOLE_KEY],
        resources: instanceArns(spec.scope, spec.regions, spec.denyInstanceIds),
      }),
    );
  }
  return policyDocument(statements);
}

function connectStatement({ scope, regions, target }: SerialConsoleGrantSpec): Statement {
  const actions = [SEND_SERIAL_CONSOLE_KEY];
  switch (target.kind) {
    case "instanceIds":
      // "instanceBased" with a lower-case i: the JA page's spelling, kept so the documents match.
      return statement({
        sid: "AllowinstanceBasedSerialConsoleAccess",
        actions,
        resources: instanceArns(scope, regions, target.instanceIds),
      });
    case "principalTag":
    case "tags":
      return statement({
        sid: "AllowTagBasedSerialConsoleAccess",
        actions,
        resources: allInstanceArns(scope, regions),
        conditions: targetCondition(target, RESOURCE_TAG),
      });
    case "allInstances":
      return statement({ sid: "AllowSerialConsoleAccess", actions, resources: allInstanceArns(scope, regions) });
    case "managedInstanceIds":
      // The schema refuses it: managed nodes are not EC2 instances.
      throw new Error("managed nodes have no EC2 serial console");
  }
}
