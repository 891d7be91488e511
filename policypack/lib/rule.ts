// Building blocks of the pack's rules: config with defaults, the stack a resource belongs to,
// and `documentPolicy`, which runs a check over every document a resource carries.
import type {
  EnforcementLevel,
  PolicyConfigSchema,
  ReportViolation,
  ResourceValidationArgs,
  ResourceValidationPolicy,
  Severity,
} from "@pulumi/policy";
import { iamGlob } from "./glob";
import type { NormalStatement } from "./document";
import type { DocumentSource, SourceKind } from "./sources";
import { documentsOf, DOCUMENT_RESOURCE_TYPES } from "./sources";
import { rethrowIfUnknown } from "./unknown";
import { isJustInTimeTokenRoleUse } from "./justInTime";

/**
 * The policy's config over its defaults. A value of the wrong shape (the engine checks the
 * schema, other callers may not) falls back to the default rather than throwing.
 */
export function readConfig<C extends Record<string, unknown>>(args: Pick<ResourceValidationArgs, "getConfig">, defaults: C): C {
  let given: Record<string, unknown> = {};
  try {
    const c = args.getConfig<Record<string, unknown>>();
    if (c && typeof c === "object") given = c;
  } catch (e) {
    rethrowIfUnknown(e);
  }
  const out: Record<string, unknown> = { ...defaults };
  for (const [k, def] of Object.entries(defaults)) {
    const v = given[k];
    if (v === undefined) continue;
    if (Array.isArray(def)) {
      if (Array.isArray(v) && v.every((x) => typeof x === typeof (def[0] ?? x))) out[k] = [...v];
    } else if (typeof v === typeof def) out[k] = v;
  }
  return out as C;
}

/** `urn:pulumi:<stack>::<project>::<type>::<name>` → `<stack>` (empty when not a URN). */
export function stackOf(urn: string): string {
  const m = /^urn:pulumi:([^:]*)::/.exec(urn ?? "");
  return m ? m[1] : "";
}

/**
 * `urn:pulumi:<stack>::<project>::...` → `<project>/<stack>`, the name stack allow-lists match:
 * a bare stack name (`dev`) is shared by every project of an organisation.
 */
export function projectStackOf(urn: string): string {
  const m = /^urn:pulumi:([^:]*)::([^:]*)::/.exec(urn ?? "");
  return m ? `${m[2]}/${m[1]}` : "";
}

/** Whether `name` matches one of the glob patterns (`*`, `?`; letter case ignored). */
export function matchesAny(name: string, patterns: readonly string[]): boolean {
  // Config reaches here unchecked by callers other than the engine: skip what is not a string.
  return patterns.some((p) => typeof p === "string" && iamGlob(p).test(name));
}

/** A `<project>/<stack>` glob: one `/`, something on each side. A bare stack name is refused. */
export const PROJECT_STACK_PATTERN = "^[^/\\s]+/[^/\\s]+$";

/**
 * The schema of a stack allow-list: `<project>/<stack>` globs (`ec2-access/dev`, `ec2-access/sandbox-*`).
 * The engine validates the pack config against it before any policy runs, so a bare `dev`
 * (which would match the `dev` stack of every project) is refused with the key and the pattern.
 */
export function stackListSchema(description: string) {
  return {
    type: "array" as const,
    items: { type: "string" as const, pattern: PROJECT_STACK_PATTERN },
    default: [] as string[],
    description: `${description} Each entry is a "<project>/<stack>" glob (e.g. "ec2-access/dev", "*/sandbox-*"); a bare stack name is refused.`,
  };
}

/** Whether the resource's `<project>/<stack>` matches one of the allow-list's globs. */
export function stackAllowed(urn: string, patterns: readonly string[]): boolean {
  return matchesAny(projectStackOf(urn), patterns);
}

/** `"a", "b" and 3 more`: lists in messages stay readable when a wildcard expands to hundreds. */
export function listForMessage(items: readonly string[], max = 4): string {
  const quoted = items.slice(0, max).map((i) => JSON.stringify(i));
  return items.length > max ? `${quoted.join(", ")} and ${items.length - max} more` : quoted.join(", ");
}

export interface DocumentCheckContext<C> {
  source: DocumentSource;
  config: C;
  args: ResourceValidationArgs;
}

export interface DocumentPolicySpec<C extends Record<string, unknown>> {
  name: string;
  description: string;
  remediationSteps: string;
  severity: Severity;
  enforcementLevel: EnforcementLevel;
  configSchema: PolicyConfigSchema;
  /** Values used where the config says nothing; also the schema's defaults. */
  defaults: C;
  /** Which documents the rule reads (default: identity documents only). */
  kinds?: readonly SourceKind[];
  /** Checks one statement; returns messages that start with the statement's label. */
  checkStatement?(stmt: NormalStatement, ctx: DocumentCheckContext<C>): string[];
  /** Checks a whole document (for rules that need more than one statement). */
  checkDocument?(ctx: DocumentCheckContext<C>): string[];
}

/**
 * A resource policy over every document of every resource type that `documentsOf` reads.
 * Unknown values propagate (the engine reports them as advisory during preview); any other
 * error in a check becomes a violation that says so, instead of failing the whole run.
 */
export function documentPolicy<C extends Record<string, unknown>>(spec: DocumentPolicySpec<C>): ResourceValidationPolicy {
  const kinds = spec.kinds ?? ["identity"];
  const validate = (args: ResourceValidationArgs, reportViolation: ReportViolation): void => {
    if (!DOCUMENT_RESOURCE_TYPES.includes(args.type)) return;
    const config = readConfig(args, spec.defaults);
    for (const source of documentsOf(args)) {
      if (!kinds.includes(source.kind)) continue;
      // AWS's just-in-time node access token policy on its token role: broad by design, and no
      // person's grant (justInTime.ts). Size rules still count it: they do not run through here.
      if (isJustInTimeTokenRoleUse(source)) continue;
      const ctx: DocumentCheckContext<C> = { source, config, args };
      const messages: string[] = [];
      try {
        if (spec.checkDocument) messages.push(...spec.checkDocument(ctx));
        if (spec.checkStatement) for (const stmt of source.document.statements) messages.push(...spec.checkStatement(stmt, ctx));
      } catch (e) {
        rethrowIfUnknown(e);
        messages.push(`could not be checked (${e instanceof Error ? e.message : String(e)}); treat it as non-compliant until it can be.`);
      }
      for (const m of messages) reportViolation(source.prefix ? `${source.prefix}: ${m}` : m);
    }
  };
  return {
    name: spec.name,
    description: spec.description,
    remediationSteps: spec.remediationSteps,
    severity: spec.severity,
    enforcementLevel: spec.enforcementLevel,
    configSchema: spec.configSchema,
    validateResource: validate,
  };
}
