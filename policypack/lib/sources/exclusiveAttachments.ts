// `aws.iam.{Role,User,Group}PolicyAttachmentsExclusive`: the complete list of managed policies
// attached to a principal (inputs `policyArns` and `roleName`/`userName`/`groupName`, from
// @pulumi/aws 7.x). Each AWS managed policy in the list is checked on its current document.
import type { DocumentSource } from "./types";
import { managedSources, str } from "./values";

export const EXCLUSIVE_ATTACHMENT_TYPES: ReadonlyMap<string, "role" | "user" | "group"> = new Map([
  ["aws:iam/rolePolicyAttachmentsExclusive:RolePolicyAttachmentsExclusive", "role"],
  ["aws:iam/userPolicyAttachmentsExclusive:UserPolicyAttachmentsExclusive", "user"],
  ["aws:iam/groupPolicyAttachmentsExclusive:GroupPolicyAttachmentsExclusive", "group"],
]);

export function readExclusiveAttachments(type: string, props: Record<string, unknown>): DocumentSource[] | undefined {
  const who = EXCLUSIVE_ATTACHMENT_TYPES.get(type);
  if (!who) return undefined;
  return managedSources(props.policyArns, `${who} ${JSON.stringify(str(props[`${who}Name`]) ?? "?")}`);
}
