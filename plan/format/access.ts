// How an access row reads to a person, shared by the text and Markdown renderings.
import { AccessEntry, AccessTarget } from "../../components/access";

export function describeTarget(t: AccessTarget): string {
  if (t.instanceIds) return t.instanceIds.length <= 3 ? t.instanceIds.join(", ") : `${t.instanceIds.length} instances (${t.instanceIds.slice(0, 2).join(", ")}, ...)`;
  if (t.tags) return Object.entries(t.tags).map(([k, v]) => `tag ${k}=${v.join("|")}`).join(" and ");
  if (t.principalTagKey) return `tag ${t.principalTagKey} = principal's tag ${t.principalTagKey}`;
  if (t.allInstances) return "all instances";
  return "?";
}

export function accessRow(a: AccessEntry): string[] {
  return [
    a.pattern,
    a.grant,
    `${a.principal.type} ${a.principal.name}`,
    describeTarget(a.target),
    a.osUsers.length ? a.osUsers.join(", ") : "-",
    a.deniedInstanceIds.length ? a.deniedInstanceIds.join(", ") : "-",
  ];
}

export const ACCESS_HEADER = ["pattern", "grant", "principal", "instances", "OS users", "denied"];
