// The `config:` map of a stack file (parsed YAML) as the flat keys `pulumi.runtime.allConfig()`
// hands the program. Apart from the YAML reader (stackFile.ts), so that a plan of a config given
// in memory (the benchmark, library users) does not load the yaml package.
import { PROJECT } from "./messages";

/** What each `{ secure: ... }` becomes offline: there is no CLI to decrypt it, and it passes validation (8+ characters). */
export const SECRET_PLACEHOLDER = "[secret: offline placeholder]";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSecure = (v: unknown) => isObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

/**
 * The `config:` map of a stack file as flat allConfig() keys. Keys without a namespace belong
 * to the project, as the Pulumi CLI reads them.
 */
export function flattenConfig(raw: Record<string, unknown>): { config: Record<string, string>; secretKeys: string[] } {
  const config: Record<string, string> = {};
  const secretKeys: string[] = [];
  for (const [name, value] of Object.entries(raw)) {
    const key = name.includes(":") ? name : `${PROJECT}:${name}`;
    let secret = false;
    const replaced = replaceSecrets(value, () => (secret = true));
    config[key] = typeof replaced === "string" ? replaced : JSON.stringify(replaced);
    if (secret) secretKeys.push(key);
  }
  return { config, secretKeys };
}

function replaceSecrets(value: unknown, found: () => void): unknown {
  if (isSecure(value)) {
    found();
    return SECRET_PLACEHOLDER;
  }
  if (Array.isArray(value)) return value.map((v) => replaceSecrets(v, found));
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceSecrets(v, found)]));
  return value;
}
