// The generated API limits by resource type and input, for the plan's check (check.ts) and for
// the configuration checks that refuse a value earlier, with its key path (config/apiLimits.ts).
import type { ApiLimit } from "./apiLimits";
import { API_LIMITS } from "./apiLimits";

export const BY_TYPE: ReadonlyMap<string, readonly ApiLimit[]> = (() => {
  const m = new Map<string, ApiLimit[]>();
  for (const l of API_LIMITS) m.set(l.type, [...(m.get(l.type) ?? []), l]);
  return m;
})();

/** The generated row for one input of one type. */
export function apiLimit(type: string, input: string): ApiLimit {
  const l = BY_TYPE.get(type)?.find((x) => x.input === input);
  if (!l) throw new Error(`no API limit for ${type} ${input} in plan/limits/apiLimits.ts`);
  return l;
}

/** The reserved prefix `name` starts with (case-insensitive; a parameter's leading / ignored). */
export function reservedPrefix(l: Pick<ApiLimit, "reservedPrefixes">, name: string): string | undefined {
  const bare = name.replace(/^\//, "").toLowerCase();
  return l.reservedPrefixes?.find((p) => bare.startsWith(p.toLowerCase()));
}

/**
 * A model pattern (a Java regex over the whole value) as a JS RegExp: `u` for \p{L} classes,
 * anchored, and Java's escapes of plain punctuation (`\:`), which `u` mode refuses, unescaped.
 */
export function jsPattern(source: string): RegExp {
  const js = source.replace(/\\(.)/g, (all, c: string) => (/[A-Za-z0-9^$\\.*+?()[\]{}|\/-]/.test(c) ? all : c));
  return new RegExp(`^(?:${js})$`, "u");
}
