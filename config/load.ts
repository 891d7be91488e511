// Turns the flat Pulumi configuration (what `pulumi.runtime.allConfig()` returns: every key
// `namespace:name` with a string value, structured values as JSON) into a validated
// StackConfig, or a ConfigError listing every problem at once.
import { z } from "zod";
import { projectKeys, region, ProjectKeys, TagMatch } from "./schema";

export const PROJECT = "ec2-access";

/** Keys whose value Pulumi hands over as JSON text (objects, arrays, numbers). */
const STRUCTURED_KEYS = new Set(["regions", "maxManagedPoliciesPerPrincipal", "serialConsole", "instanceConnect", "sessionManager", "organization"]);

/** Paths whose value must never be echoed in an error message. */
const SECRET_PATHS = [/\.osPassword\.password$/];

export interface StackConfig extends Omit<ProjectKeys, "regions"> {
  stack: string;
  /** `aws:region`: the provider's default Region. */
  region: string;
  /** Every Region the stack manages; defaults to [region]. */
  regions: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

/** The single target of a grant, normalised (tag values always as lists). */
export type Target =
  | { kind: "instanceIds"; instanceIds: string[] }
  | { kind: "tags"; tags: Record<string, string[]> }
  | { kind: "principalTag"; key: string }
  | { kind: "allInstances" };

export interface GrantTargetFields {
  instanceIds?: string[];
  tags?: TagMatch;
  principalTagKey?: string;
  allInstances?: true;
}

export function targetOf(grant: GrantTargetFields): Target {
  if (grant.instanceIds) return { kind: "instanceIds", instanceIds: grant.instanceIds };
  if (grant.tags) return { kind: "tags", tags: normaliseTags(grant.tags) };
  if (grant.principalTagKey) return { kind: "principalTag", key: grant.principalTagKey };
  if (grant.allInstances) return { kind: "allInstances" };
  // Unreachable after validation: the schema demands exactly one target.
  throw new Error("grant has no target");
}

export function normaliseTags(tags: TagMatch): Record<string, string[]> {
  return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, Array.isArray(v) ? v : [v]]));
}

/**
 * Validates the whole configuration of one stack. Throws ConfigError with one line per
 * problem, each naming the key path, the value found and what is expected.
 */
export function loadStackConfig(all: Record<string, string>, stack: string): StackConfig {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [key, text] of Object.entries(all)) {
    const [ns, ...rest] = key.split(":");
    const name = rest.join(":");
    if (ns !== PROJECT) continue; // aws:* and other providers' keys are theirs to check
    if (STRUCTURED_KEYS.has(name)) {
      try {
        raw[name] = JSON.parse(text);
      } catch {
        problems.push(`${key}: got ${show(text)}; expected a YAML ${name === "maxManagedPoliciesPerPrincipal" ? "number" : "structure"}`);
      }
    } else raw[name] = text;
  }

  const awsRegion = all["aws:region"];
  const regionCheck = region.safeParse(awsRegion);
  if (awsRegion === undefined) problems.push(`aws:region: missing; expected the stack's AWS Region, e.g. \`pulumi config set aws:region us-east-1\``);
  else if (!regionCheck.success) problems.push(`aws:region: got ${show(awsRegion)}; expected an AWS Region code such as us-east-1`);

  const parsed = projectKeys.safeParse(raw);
  if (!parsed.success) problems.push(...parsed.error.issues.map((issue) => describeIssue(issue, raw)));
  if (problems.length > 0 || !parsed.success) throw new ConfigError(problems);

  const { regions, ...rest } = parsed.data;
  const config: StackConfig = { ...rest, stack, region: awsRegion!, regions: regions ?? [awsRegion!] };
  const crossProblems = crossChecks(config);
  if (crossProblems.length > 0) throw new ConfigError(crossProblems);
  return config;
}

/** Rules that span sections, checked once each section is valid on its own. */
function crossChecks(c: StackConfig): string[] {
  const problems: string[] = [];
  const endpoint = c.instanceConnect?.endpoint;
  if (endpoint?.region && !c.regions.includes(endpoint.region)) {
    problems.push(`ec2-access:instanceConnect.endpoint.region: got ${show(endpoint.region)}; expected one of the stack's regions ${show(c.regions)}`);
  }
  return problems;
}

function describeIssue(issue: z.core.$ZodIssue, raw: unknown): string {
  const path = issue.path as (string | number)[];
  if (issue.code === "unrecognized_keys") {
    return issue.keys
      .map((k) => `${keyPath([...path, k])}: unknown key; ${suggest(k, path, raw)}`)
      .join("\n  ");
  }
  const at = keyPath(path);
  const value = valueAt(raw, path);
  const shown = SECRET_PATHS.some((re) => re.test(at)) ? "(secret)" : value === undefined ? "nothing" : show(value);
  const expected = issue.message.replace(/^Invalid input: /, "");
  return `${at}: got ${shown}; expected ${expected}`;
}

function suggest(key: string, path: (string | number)[], raw: unknown): string {
  const siblings = valueAt(raw, path);
  void siblings;
  return `check the spelling against the configuration reference in README.md (got ${show(key)})`;
}

export function keyPath(path: (string | number)[]): string {
  let out = PROJECT;
  path.forEach((part, i) => {
    if (typeof part === "number") out += `[${part}]`;
    else out += i === 0 ? `:${part}` : `.${part}`;
  });
  return out;
}

function valueAt(raw: unknown, path: (string | number)[]): unknown {
  let v: unknown = raw;
  for (const part of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<string | number, unknown>)[part];
  }
  return v;
}

function show(value: unknown): string {
  const text = JSON.stringify(value);
  if (text === undefined) return String(value);
  return text.length > 120 ? `${text.slice(0, 117)}...` : text;
}
