// Identity policies of Session Manager grants: the quickstart end-user and administrator
// policies of the AWS page (test/fixtures/aws-pages/004), one builder for all six tabs.
import type { ArnScope } from "./arn";
import { instanceArn, managedInstanceArn, ssmDocumentArn } from "./arn";
import type { Conditions, PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, statement } from "./policyDocument";
import { SSM_RESOURCE_TAG, targetCondition } from "../model/target";
import type { Target } from "../model/target";
import type { SessionClient, SessionIdentity } from "../model/schema";

export interface SessionGrantSpec {
  /** `admin` adds the page's administrator rights on the preferences document. */
  role: "user" | "admin";
  /** The page's tabs: `session-manager` (Session Manager console and CLI), `ec2-console`. */
  clients: SessionClient[];
  /** How "only one's own sessions" is expressed: by IAM user name, by caller user ID, or both. */
  identity: SessionIdentity;
  target: Target;
  /** Every Region of the stack. */
  regions: string[];
  /** The section's session document, e.g. SSM-SessionManagerRunShell: the preferences an admin edits. */
  documentName: string;
  /**
   * The session documents the grant may start (AWS-StartSSHSession, a custom one, ...), each
   * under the document access check. Omitted: `documentName` only, and an administrator's
   * policy names none, as on the page.
   */
  sessionDocuments?: string[];
  /** The KMS keys that encrypt sessions (one per Region); empty when sessions are not encrypted. */
  sessionKeyArns: string[];
  options?: SessionDocumentOptions;
}

export interface SessionDocumentOptions {
  /**
   * The page writes instance and session ARNs with `*` for Region and account
   * (`arn:aws:ec2:*:*:instance/<id>`). By default we name each Region of the stack and the
   * account; `true` reproduces the page.
   */
  anyRegionAndAccount?: boolean;
  /**
   * The page lets people end their own sessions (TerminateSession) only. By default they may
   * also reconnect to them (ResumeSession), which a dropped connection needs; `true`
   * reproduces the page.
   */
  terminateOnly?: boolean;
  /**
   * The page puts SendCommand in the StartSession statement with the session document, which
   * SendCommand cannot run, and no command document, which every SendCommand request names. By
   * default SendCommand shares the instance statement with StartSession (one list of
   * instances), and gets the agent-update document in a statement of its own; `true`
   * reproduces the page.
   */
  sendCommandWithStartSession?: boolean;
}

/**
 * Read-only actions each tab needs on `*`, in the order the page lists them. The `cli` client
 * needs none of them: `aws ssm start-session` calls StartSession alone, and the Session Manager
 * plugin talks to the session's stream, not to the API.
 */
const DESCRIBE_ACTIONS: { action: string; clients: SessionClient[] }[] = [
  { action: "ssm:DescribeSessions", clients: ["session-manager"] },
  { action: "ssm:GetConnectionStatus", clients: ["session-manager", "ec2-console"] },
  { action: "ssm:DescribeInstanceInformation", clients: ["ec2-console"] },
  { action: "ssm:DescribeInstanceProperties", clients: ["session-manager"] },
  { action: "ec2:DescribeInstances", clients: ["session-manager"] },
];

export const PREFERENCES_ADMIN_ACTIONS = ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:GetDocument"];

/**
 * The Command document AWS provides to update SSM Agent: what the EC2 console's SendCommand
 * (the page's callout 4) runs before it starts a session.
 */
export const AGENT_UPDATE_DOCUMENT = "AWS-UpdateSSMAgent";

/** The ssm:SessionDocumentAccessCheck condition of the page's callout 2. */
const DOCUMENT_ACCESS_CHECK: Conditions = { BoolIfExists: { "ssm:SessionDocumentAccessCheck": "true" } };

/** The identity policy of one Session Manager grant. */
export function sessionGrantDocument(spec: SessionGrantSpec, scope: ArnScope): PolicyDocument {
  if (spec.clients.length === 0) throw new Error("a Session Manager grant needs at least one client");
  if (spec.regions.length === 0) throw new Error("a Session Manager grant needs at least one Region");
  const options = spec.options ?? {};
  const fromConsoleAndCli = spec.clients.includes("session-manager");
  const namesDocuments = fromConsoleAndCli || spec.clients.includes("cli");
  const fromEc2Console = spec.clients.includes("ec2-console");
  const isAdmin = spec.role === "admin";
  const documentArns = spec.regions.map((r) => sessionDocumentArn(scope, r, spec.documentName));
  const sessionDocumentArns = spec.regions.flatMap((r) =>
    (spec.sessionDocuments ?? [spec.documentName]).map((d) => sessionDocumentArn(scope, r, d)),
  );
  const instanceRegions = options.anyRegionAndAccount ? ["*"] : spec.regions;
  const instanceScope: ArnScope = options.anyRegionAndAccount ? { partition: scope.partition, accountId: "*" } : scope;

  // SendCommand: the EC2 console sends a command to update SSM Agent first (callout 4). A
  // SendCommand request names instances and a document, and IAM authorises each resource of a
  // request on its own, by any statement (AWS's "Restricting Run Command access based on tags"
  // grants the two in separate statements). So SendCommand shares the instance statement with
  // StartSession, and only the command document gets a statement of its own: the instances are
  // listed once, which halves the policies of a large grant. In that statement the document
  // check (`BoolIfExists`) holds for SendCommand, whose requests never carry the key.
  const sendCommand = fromEc2Console ? ["ssm:SendCommand"] : [];
  const together = options.sendCommandWithStartSession ?? false;
  const instanceActions = ["ssm:StartSession", ...sendCommand];
  const sessionDocumentActions = ["ssm:StartSession", ...(together ? sendCommand : [])];
  // Users start sessions with the session document named (callouts 1 and 2); the page's
  // administrator policies do not name it, and we keep them as they are unless the grant lists
  // its documents.
  const namesDocument = namesDocuments && (!isAdmin || spec.sessionDocuments !== undefined);
  const documentCheck = namesDocument ? DOCUMENT_ACCESS_CHECK : {};

  const statements: Statement[] = [];
  const target = spec.target;
  const instances =
    target.kind === "instanceIds"
      ? instanceRegions.flatMap((r) => target.instanceIds.map((id) => instanceArn(instanceScope, r, id)))
      : target.kind === "managedInstanceIds"
        ? instanceRegions.flatMap((r) => target.managedInstanceIds.map((id) => managedInstanceArn(instanceScope, r, id)))
        : instanceRegions.map((r) => instanceArn(instanceScope, r, "*"));
  // One statement for instances and session documents when both get the same actions; a tag
  // condition would deny the document (documents carry no such tag), and SendCommand must not
  // reach a session document: then two.
  const byIds = target.kind === "instanceIds" || target.kind === "managedInstanceIds";
  const oneStatement = byIds && (together || sendCommand.length === 0);
  if (oneStatement) {
    statements.push(
      statement({
        actions: instanceActions,
        resources: [...instances, ...(namesDocument ? sessionDocumentArns : [])],
        conditions: documentCheck,
      }),
    );
  } else {
    statements.push(
      statement({ actions: instanceActions, resources: instances, conditions: targetCondition(target, SSM_RESOURCE_TAG, documentCheck) }),
    );
    if (namesDocument)
      statements.push(statement({ actions: sessionDocumentActions, resources: sessionDocumentArns, conditions: documentCheck }));
  }
  if (!together && sendCommand.length > 0) {
    const agentUpdate = instanceRegions.map((r) => sessionDocumentArn(instanceScope, r, AGENT_UPDATE_DOCUMENT));
    statements.push(statement({ actions: sendCommand, resources: agentUpdate }));
  }

  const describe = DESCRIBE_ACTIONS.filter((d) => d.clients.some((c) => spec.clients.includes(c))).map((d) => d.action);
  if (describe.length > 0) statements.push(statement({ actions: describe, resources: ["*"] }));

  if (isAdmin && namesDocuments) statements.push(statement({ actions: PREFERENCES_ADMIN_ACTIONS, resources: documentArns }));

  statements.push(...ownSessionsStatements(spec.identity, instanceRegions, instanceScope, options.terminateOnly ?? false));

  // Session data is encrypted whichever console started the session.
  if (spec.sessionKeyArns.length > 0) statements.push(statement({ actions: ["kms:GenerateDataKey"], resources: spec.sessionKeyArns }));

  return policyDocument(statements);
}

/** AWS-owned documents (AWS-StartSSHSession, ...) have an empty account field in their ARN. */
export function sessionDocumentArn(scope: ArnScope, region: string, name: string): string {
  return ssmDocumentArn(name.startsWith("AWS-") ? { ...scope, accountId: "" } : scope, region, name);
}

/**
 * Only one's own sessions. A session of an IAM user is named `<user name>-<random>`; a
 * federated or assumed-role caller has no `aws:username`, so AWS documents a condition on the
 * session's `aws:ssmmessages:session-id` tag, which holds the caller's `aws:userid`. A grant to
 * users and roles gets both statements: in a role session's request `aws:username` is absent,
 * so the first one matches nothing for it, and the second matches only the caller's own ID.
 */
export function ownSessionsStatements(identity: SessionIdentity, regions: string[], scope: ArnScope, terminateOnly: boolean): Statement[] {
  const actions = terminateOnly ? ["ssm:TerminateSession"] : ["ssm:TerminateSession", "ssm:ResumeSession"];
  const sessionArn = (r: string, id: string) => `arn:${scope.partition}:ssm:${r}:${scope.accountId}:session/${id}`;
  const byUserName = statement({ actions, resources: regions.map((r) => sessionArn(r, "${aws:username}-*")) });
  const byUserId = statement({
    actions,
    resources: regions.map((r) => sessionArn(r, "*")),
    conditions: { StringLike: { "ssm:resourceTag/aws:ssmmessages:session-id": "${aws:userid}" } },
  });
  if (identity === "iam-user") return [byUserName];
  if (identity === "federated") return [byUserId];
  return [byUserName, byUserId];
}
