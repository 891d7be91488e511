// Reads a `Pulumi.<stack>.yaml` into what `pulumi.runtime.allConfig()` would hand the program,
// for the offline plan: there is no CLI here to decrypt secrets, so each `{ secure: ... }`
// becomes a marked placeholder that still passes validation (the OS password needs 8+ characters).
import { readFileSync } from "node:fs";
import { LineCounter, parseDocument } from "yaml";
import { ConfigError } from "./load";
import { closest } from "./closest";
import { flattenConfig } from "./flatConfig";

export { flattenConfig, SECRET_PLACEHOLDER } from "./flatConfig";

export interface StackFile {
  /** Flat `namespace:name` keys; strings as-is, every other value as JSON, as allConfig() gives them. */
  config: Record<string, string>;
  /** Flat keys whose value held a secret, at any depth. */
  secretKeys: string[];
  /** The `config:` map as written, secrets still encrypted. */
  raw: Record<string, unknown>;
  /**
   * The Pulumi ESC environments the `environment:` key imports (plus "an inline definition"
   * when it defines values itself); empty without one. Offline they cannot be opened.
   */
  environments: string[];
}

/** The top-level keys of a stack file (pulumi/pulumi sdk/go/common/workspace/project.go, ProjectStack). */
export const STACK_FILE_KEYS = ["config", "environment", "secretsprovider", "encryptedkey", "encryptionsalt"];

/**
 * Aliases a stack file may resolve. The yaml package's default (100) already stops the
 * "billion laughs"; the limit is stated here because the expansion is what the plan reads.
 */
const MAX_ALIAS_COUNT = 100;

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

export function readStackFile(path: string): StackFile {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new ConfigError([
      `${path}: got ${(e as NodeJS.ErrnoException).code ?? "an unreadable file"}; expected a readable Pulumi stack file`,
    ]);
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
  let top: unknown;
  try {
    top = doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT }) ?? {};
  } catch (e) {
    // The yaml package refuses an alias bomb (over maxAliasCount) or an alias to no anchor with
    // a ReferenceError while building the value.
    const message = (e as Error).message.split("\n")[0];
    const what = /Excessive alias count/.test(message) ? "YAML aliases that expand too far" : "a YAML alias that cannot be resolved";
    throw new ConfigError([
      `${path}: got ${what} (${message}); expected a Pulumi stack file whose aliases each name an anchor, without chains that multiply`,
    ]);
  }
  const raw = isObject(top) ? (top.config ?? {}) : undefined;
  if (!isObject(raw)) {
    throw new ConfigError([
      `${path}: got ${isObject(top) ? "a config: that is not a map" : "a document that is not a map"}; expected a map with a config: map of keys`,
    ]);
  }
  // Pulumi ignores other top-level keys; a misspelt `environment:` would then silently drop the
  // stack's ESC configuration, so the plan refuses them.
  const unknown = Object.keys(top as object).filter((k) => !STACK_FILE_KEYS.includes(k));
  const environment = environmentImports((top as Record<string, unknown>).environment, path);
  const problems = [
    ...unknown.map((k) => {
      const guess = closest(k, STACK_FILE_KEYS);
      return `${path}: ${k}: unknown key; expected one of ${STACK_FILE_KEYS.join(", ")}${guess ? `; did you mean \`${guess}\`?` : ""}`;
    }),
    ...environment.problems,
  ];
  if (problems.length) throw new ConfigError(problems);
  return { ...flattenConfig(raw), raw, environments: environment.names };
}

/**
 * The environments an `environment:` key names: a list of names, or an inline ESC definition
 * `{ imports: [name | { name: { merge } }], values: {...} }` (Pulumi's Environment.Imports()).
 */
function environmentImports(value: unknown, path: string): { names: string[]; problems: string[] } {
  if (value === undefined || value === null) return { names: [], problems: [] };
  const expected = "a list of ESC environment names, or an ESC definition with imports: and values:";
  const importName = (v: unknown): string | undefined =>
    typeof v === "string" && v !== "" ? v : isObject(v) && Object.keys(v).length === 1 ? Object.keys(v)[0] : undefined;
  const list = Array.isArray(value) ? value : isObject(value) ? (value.imports ?? []) : undefined;
  if (!Array.isArray(list))
    return { names: [], problems: [`${path}: environment: got ${JSON.stringify(value).slice(0, 120)}; expected ${expected}`] };
  const names: string[] = [];
  const problems: string[] = [];
  list.forEach((v, i) => {
    const name = importName(v);
    if (name === undefined)
      problems.push(
        `${path}: environment${Array.isArray(value) ? "" : ".imports"}[${i}]: got ${JSON.stringify(v)?.slice(0, 120)}; expected an ESC environment name`,
      );
    else names.push(name);
  });
  if (isObject(value) && value.values !== undefined) names.push("the inline definition under environment.values");
  return { names, problems };
}
