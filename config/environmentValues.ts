// Pulumi ESC offline. A stack file's `environment:` imports are opened by the Pulumi CLI, whose
// `pulumiConfig` values become stack configuration; offline nothing can open them, so the plan
// refuses such a stack unless the user supplies what `esc env open <env> --format json` prints
// (the resolved values: an object whose `pulumiConfig` maps config keys to values).
// https://www.pulumi.com/docs/esc/integrations/infrastructure/pulumi-iac/
import { ConfigError, PROJECT } from "./load";

export interface EnvironmentValues {
  /** Where the values came from, for messages. */
  source: string;
  text: string;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** `ec2-access:serialConsole` for `serialConsole`, as Pulumi namespaces project keys. */
const qualified = (key: string) => (key.includes(":") ? key : `${PROJECT}:${key}`);

/**
 * `over` merged onto `base` as Pulumi merges a stack's value onto its environment's (pulumi/pulumi
 * sdk/go/common/resource/config/object.go, object.Merge: JSON merge patch without deletion):
 * maps merge key by key, recursively; any other value replaces.
 */
function mergeOnto(over: unknown, base: unknown): unknown {
  if (!isObject(over) || !isObject(base)) return over;
  const out: Record<string, unknown> = { ...base };
  for (const [k, v] of Object.entries(over)) put(out, k, Object.hasOwn(out, k) ? mergeOnto(v, out[k]) : v);
  return out;
}

/** An own property even for a key named `__proto__` (JSON.parse makes those own keys too). */
function put(o: Record<string, unknown>, k: string, v: unknown): void {
  Object.defineProperty(o, k, { value: v, enumerable: true, writable: true, configurable: true });
}

/**
 * The stack's `config:` map with the environments' `pulumiConfig` under it, merged as
 * pkg/workspace/config.go mergeConfig does: the stack file's value wins, merged onto the
 * environment's; later files merge onto earlier ones (as later imports do). The password is
 * kept a secret whatever the file says: `esc env open` prints secrets in clear.
 */
export function withEnvironmentValues(
  stackFile: string,
  raw: Record<string, unknown>,
  environments: string[],
  supplied: EnvironmentValues[],
): Record<string, unknown> {
  if (environments.length === 0 && supplied.length === 0) return raw;
  if (environments.length === 0) {
    throw new ConfigError([
      `${stackFile}: --environment-values given, but the stack file has no environment: key; expected a stack that imports ESC environments`,
    ]);
  }
  if (supplied.length === 0) {
    throw new ConfigError([
      `${stackFile}: environment: imports ${environments.join(", ")}, which cannot be opened offline; expected --environment-values <file.json> with what \`esc env open <env> --format json\` prints`,
    ]);
  }
  const merged: Record<string, unknown> = {};
  const problems: string[] = [];
  for (const { source, text } of supplied) {
    let values: unknown;
    try {
      values = JSON.parse(text);
    } catch (e) {
      problems.push(
        `${source}: got text that is not JSON (${(e as Error).message}); expected what \`esc env open <env> --format json\` prints`,
      );
      continue;
    }
    if (!isObject(values)) {
      problems.push(
        `${source}: got ${JSON.stringify(values)?.slice(0, 80)}; expected a JSON object, as \`esc env open <env> --format json\` prints`,
      );
      continue;
    }
    const config = values.pulumiConfig;
    if (config === undefined) continue; // an environment that only sets variables or files
    if (!isObject(config)) {
      problems.push(`${source}: pulumiConfig: got ${JSON.stringify(config)?.slice(0, 80)}; expected a map of config keys to values`);
      continue;
    }
    for (const [key, value] of Object.entries(config)) {
      const k = qualified(key);
      put(merged, k, Object.hasOwn(merged, k) ? mergeOnto(value, merged[k]) : value);
    }
  }
  if (problems.length) throw new ConfigError(problems);
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(merged)) put(out, key, keepPasswordSecret(key, value));
  for (const [key, value] of Object.entries(raw)) {
    const k = qualified(key);
    put(out, k, Object.hasOwn(out, k) ? mergeOnto(value, out[k]) : value);
  }
  return out;
}

function keepPasswordSecret(key: string, value: unknown): unknown {
  if (key !== `${PROJECT}:serialConsole` || !isObject(value) || !isObject(value.osPassword) || value.osPassword.password === undefined)
    return value;
  return { ...value, osPassword: { ...value.osPassword, password: { secure: "[from a Pulumi ESC environment]" } } };
}
