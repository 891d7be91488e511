// Reads a `Pulumi.<stack>.yaml` into what `pulumi.runtime.allConfig()` would hand the program,
// for the offline plan: there is no CLI here to decrypt secrets, so each `{ secure: ... }`
// becomes a marked placeholder that still passes validation (the OS password needs 8+ characters).
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { ConfigError, PROJECT } from "./load";

export const SECRET_PLACEHOLDER = "[secret: offline placeholder]";

export interface StackFile {
  /** Flat `namespace:name` keys; strings as-is, every other value as JSON, as allConfig() gives them. */
  config: Record<string, string>;
  /** Flat keys whose value held a secret, at any depth. */
  secretKeys: string[];
  /** The `config:` map as written, secrets still encrypted. */
  raw: Record<string, unknown>;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
const isSecure = (v: unknown) => isObject(v) && Object.keys(v).length === 1 && typeof v.secure === "string";

export function readStackFile(path: string): StackFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError([`${path}: got ${(e as NodeJS.ErrnoException).code ?? "an unreadable file"}; expected a readable Pulumi stack file`]);
  }
  // Positions from a LineCounter rather than prettyErrors, which would append a code excerpt.
  const lines = new LineCounter();
  const doc = parseDocument(text, { prettyErrors: false, lineCounter: lines });
  if (doc.errors.length > 0) {
    throw new ConfigError(
      doc.errors.map((e) => {
        const pos = lines.linePos(e.pos[0]);
        return `${path}:${pos.line}:${pos.col}: got invalid YAML (${e.message.split("\n")[0]}); expected a Pulumi stack file`;
      }),
    );
  }
  const top: unknown = doc.toJS() ?? {};
  const raw = isObject(top) ? (top.config ?? {}) : undefined;
  if (!isObject(raw)) {
    throw new ConfigError([`${path}: got ${isObject(top) ? "a config: that is not a map" : "a document that is not a map"}; expected a map with a config: map of keys`]);
  }
  return { ...flattenConfig(raw), raw };
}

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
