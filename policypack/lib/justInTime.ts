// Systems Manager just-in-time node access, as AWS sets it up. AWS's managed policy
// AWSSystemsManagerJustInTimeAccessTokenPolicy "allows Systems Manager to generate access tokens
// that are used for just-in-time node access" (AWS Managed Policy reference). Its statements are
// broad on purpose (StartSession on every instance, TerminateSession on every session, SendCommand
// for Remote Desktop's SSO setup): what a person gets is the token, scoped down by
// AWSSystemsManagerJustInTimeAccessTokenSessionPolicy, for one approved access request.
//
// "As AWS intends" means, precisely: AWS's own policy (its ARN, so its content is AWS's, from
// ../data) attached to the role just-in-time node access uses for the tokens,
// `SSM-JustInTimeAccessTokenRole`: the one role AWS's Quick Setup execution policy
// (AWSQuickSetupManageJITNAResourcesExecutionPolicy) may attach it to, and the role an
// administrator passes to justintimeaccess.ssm.amazonaws.com ("Setting up just-in-time access
// with Systems Manager", Systems Manager User Guide). Attached to anyone else (a person, a group,
// another role), or copied into a policy of one's own, it is a standing broad grant like any other.
import type { DocumentSource } from "./sources";

export const JIT_TOKEN_POLICY = "AWSSystemsManagerJustInTimeAccessTokenPolicy";
export const JIT_TOKEN_ROLE = "SSM-JustInTimeAccessTokenRole";

/** AWS's token policy, by ARN, attached to just-in-time node access's token role and to nothing else. */
export function isJustInTimeTokenRoleUse(source: Pick<DocumentSource, "managed" | "attachedTo">): boolean {
  return (
    source.managed?.name === JIT_TOKEN_POLICY &&
    source.managed.path === "/" &&
    source.attachedTo === `role ${JSON.stringify(JIT_TOKEN_ROLE)}`
  );
}
