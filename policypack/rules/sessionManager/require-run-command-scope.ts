import { grantPhrase, hasWildcard, SEND_COMMAND } from "../../lib/actions";
import type { NormalStatement } from "../../lib/document";
import { documentPolicy, projectStackOf } from "../../lib/rule";
import { allowAllInstancesProperty, unscopedInstanceGrant } from "../../lib/scope";
import { couldMatchResource, statementGrants } from "./grantStatements";

/**
 * Every Allow of `ssm:SendCommand` (Run Command) is confined to chosen instances (instance or
 * managed-instance ARNs, or a resource-tag condition) and to named documents (document ARNs
 * without a wildcard).
 *
 * Why: Run Command runs the document's commands as root (Linux) or SYSTEM (Windows); with
 * AWS-RunShellScript the caller types the commands. SendCommand on every instance is a shell on
 * every instance in all but name, and on `document/*` it is any document anyone in the account
 * ever creates. A request names both a document and the targets, so both must be narrow.
 */
export const requireRunCommandScope = documentPolicy({
  name: "require-run-command-scope",
  description:
    "ssm:SendCommand (Run Command, which runs as root) must be granted on specific instances (instance ARNs or a resource-tag condition) and on named SSM documents, never on every instance or every document.",
  enforcementLevel: "mandatory",
  severity: "high",
  remediationSteps: [
    "In the statement that allows ssm:SendCommand:",
    '- name the instances (arn:aws:ec2:<region>:<account>:instance/i-...), or keep instance/* with "Condition": {"StringEquals": {"ssm:resourceTag/<key>": "<value>"}} in a statement of its own;',
    "- name the documents it may run (arn:aws:ssm:<region>::document/AWS-RunPatchBaseline, arn:aws:ssm:<region>:<account>:document/<name>) instead of document/* or *.",
  ].join("\n"),
  configSchema: { properties: allowAllInstancesProperty("Stacks where ssm:SendCommand on every instance is accepted. Default: none.") },
  defaults: { allowAllInstancesInStacks: [] as string[] },
  checkStatement: (stmt, { config, args }) => {
    if (stmt.effect !== "Allow" || !statementGrants(stmt, SEND_COMMAND)) return [];
    const grant = grantPhrase(stmt, SEND_COMMAND);
    const out: string[] = [];
    const how = unscopedInstanceGrant(stmt, SEND_COMMAND, projectStackOf(args.urn), config.allowAllInstancesInStacks);
    const documents = anyDocument(stmt);
    if (how !== undefined) {
      const named = documents === undefined ? namedDocuments(stmt) : [];
      const what =
        named.length > 0
          ? `runs ${named.map((d) => JSON.stringify(d)).join(", ")} as root on every instance and managed node of the account`
          : "is a root shell on every instance and managed node of the account";
      out.push(
        `${stmt.label}: allows ${grant} ${how} without a resource-tag condition: Run Command runs commands as root, so this ${what}. ` +
          `Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.`,
      );
    }
    if (documents !== undefined) {
      out.push(
        `${stmt.label}: allows ${grant} ${documents}, so its holder can run any document, AWS-RunShellScript and every document created later included. ` +
          `Name the documents it may run (arn:aws:ssm:<region>::document/<AWS document> or arn:aws:ssm:<region>:<account>:document/<name>).`,
      );
    }
    return out;
  },
});

/** The document names a statement lists (`AWSEC2-CreateVssSnapshot`), for messages. */
function namedDocuments(stmt: NormalStatement): string[] {
  return (stmt.resources ?? [])
    .filter((r) => /:document\//i.test(r))
    .map((r) => r.slice(r.toLowerCase().indexOf(":document/") + ":document/".length));
}

/** How the statement reaches documents it does not name, or undefined when it names them all. */
function anyDocument(stmt: NormalStatement): string | undefined {
  if (stmt.notResources !== undefined) return `on every document but ${JSON.stringify(stmt.notResources)}`;
  const wild = (stmt.resources ?? []).filter(
    (r) => hasWildcard(r.split(":").slice(5).join(":") || r) && couldMatchResource(r, "ssm", "document/"),
  );
  return wild.length > 0 ? `on documents ${wild.map((r) => JSON.stringify(r)).join(", ")}` : undefined;
}
