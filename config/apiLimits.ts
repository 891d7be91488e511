// Values that go straight from the configuration to an AWS API call, refused here with their
// key path rather than halfway through `pulumi up`. The numbers and reserved prefixes are the
// generated table's (plan/limits/apiLimits.ts, from botocore's service models); the plan checks
// every registered resource against the same table after the program runs (plan/limits/check.ts).
// The rest come from AWS's pages, cited where they are enforced.
import type { CheckableConfig } from "../model/schema";
import { declaredEndpoints } from "../model/instanceConnectEndpoints";
import { keyPath, show } from "./messages";
import { normaliseTags } from "../model/target";
import { apiLimit, jsPattern, reservedPrefix } from "../plan/limits/lookup";

const ASSOCIATION = "aws:ssm/association:Association";

export function apiLimitProblems(c: CheckableConfig): string[] {
  return [...endpointPorts(c), ...sessionDocumentName(c), ...s3KeyPrefix(c), ...osPasswordTargets(c)];
}

/**
 * EC2 Instance Connect Endpoint connects to ports 22 (SSH) and 3389 (RDP) only ("Considerations",
 * https://docs.aws.amazon.com/AWSEC2/latest/UserGuide/connect-with-ec2-instance-connect-endpoint.html):
 * a grant for another port plans green and connects nowhere.
 */
export const ENDPOINT_PORTS = [22, 3389];

function endpointPorts(c: CheckableConfig): string[] {
  return declaredEndpoints(c.instanceConnect, c.region ?? "").flatMap(({ key, endpoint }) =>
    endpoint.remotePorts.flatMap((port, i) =>
      ENDPOINT_PORTS.includes(port)
        ? []
        : [
            `${keyPath(["instanceConnect", ...key, "remotePorts", i])}: got ${port}; expected 22 or 3389: EC2 Instance Connect Endpoint connects to no other port`,
          ],
    ),
  );
}

/** The preferences document is created under this name (CreateDocument), so AWS's reserved prefixes apply. */
function sessionDocumentName(c: CheckableConfig): string[] {
  const sm = c.sessionManager;
  if (!sm?.preferences || sm.preferences.import) return [];
  const limit = apiLimit("aws:ssm/document:Document", "name");
  const prefix = reservedPrefix(limit, sm.document);
  return prefix
    ? [
        `${keyPath(["sessionManager", "document"])}: got ${show(sm.document)}; expected a name not beginning with ${prefix} (any case): SSM CreateDocument reserves ${limit.reservedPrefixes!.join(", ")}`,
      ]
    : [];
}

/**
 * The prefix becomes part of the instance role's `s3:PutObject` resource ARN, where `*` and `?`
 * are wildcards and `${...}` a policy variable (IAM User Guide, "IAM JSON policy elements:
 * Resource" and "Policy variables"), and of the preferences document, one key per line.
 */
function s3KeyPrefix(c: CheckableConfig): string[] {
  const prefix = c.sessionManager?.preferences?.s3KeyPrefix;
  if (prefix === undefined) return [];
  const why = /[*?]/.test(prefix)
    ? "a wildcard (* or ?), which would widen the instance role's s3:PutObject resource beyond the prefix"
    : prefix.includes("${")
      ? "${...}, which IAM reads as a policy variable in the instance role's s3:PutObject resource"
      : /[\r\n]/.test(prefix)
        ? "a line break"
        : undefined;
  return why
    ? [`${keyPath(["sessionManager", "preferences", "s3KeyPrefix"])}: got ${show(prefix)}; expected a key prefix without ${why}`]
    : [];
}

/** The State Manager association that sets the password targets these instances (CreateAssociation Targets). */
function osPasswordTargets(c: CheckableConfig): string[] {
  const pw = c.serialConsole?.osPassword;
  if (!pw) return [];
  const maxKeys = apiLimit(ASSOCIATION, "targets").max!;
  const maxValues = apiLimit(ASSOCIATION, "targets[].values").max!;
  const out: string[] = [];
  if (pw.instanceIds && pw.instanceIds.length > maxValues) {
    out.push(
      `${keyPath(["serialConsole", "osPassword", "instanceIds"])}: got ${pw.instanceIds.length} instance IDs; expected at most ${maxValues}: SSM CreateAssociation takes ${maxValues} values per target (tag the instances and use tags instead)`,
    );
  }
  if (pw.tags) {
    const tags = normaliseTags(pw.tags);
    const keys = Object.keys(tags);
    if (keys.length > maxKeys) {
      out.push(
        `${keyPath(["serialConsole", "osPassword", "tags"])}: got ${keys.length} tag keys; expected at most ${maxKeys}: SSM CreateAssociation takes ${maxKeys} targets`,
      );
    }
    const keyLimit = apiLimit(ASSOCIATION, "targets[].key");
    for (const k of keys) {
      // The association's target key is `tag:<key>`: its pattern admits fewer characters than tags do (no +).
      if (keyLimit.pattern && !jsPattern(keyLimit.pattern).test(`tag:${k}`)) {
        out.push(
          `${keyPath(["serialConsole", "osPassword", "tags", k])}: got the tag key ${show(k)}; expected a key SSM CreateAssociation accepts as target tag:${k} (${keyLimit.pattern})`,
        );
      }
      if (tags[k].length > maxValues) {
        out.push(
          `${keyPath(["serialConsole", "osPassword", "tags", k])}: got ${tags[k].length} values; expected at most ${maxValues}: SSM CreateAssociation takes ${maxValues} values per target`,
        );
      }
    }
  }
  return out;
}
