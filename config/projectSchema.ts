// The `config:` section of `Pulumi.yaml`, derived from the zod schema so that the two cannot
// drift. Pulumi's project config declares `type` as string, integer, boolean or array (with
// `items`), nothing else (pulumi/pulumi sdk/go/common/workspace/project.json): a map-valued
// key cannot be declared, and declaring it as a string would make Pulumi refuse its value. And a
// declared key without a default is required in every stack, so optional keys without a
// default cannot be declared either. undeclarableKeys() lists both kinds, for the README.
import type { z } from "zod";
import { stringify } from "yaml";
import { projectKeys } from "../model/schema";
import { unwrap } from "./messages";

export interface ProjectConfigDeclaration {
  type: string;
  description: string;
  default?: unknown;
  items?: unknown;
}

interface Def {
  type: string;
  element?: z.ZodType;
  defaultValue?: unknown;
  innerType?: z.ZodType;
}
const defOf = (s: z.ZodType) => (s as unknown as { _zod: { def: Def } })._zod.def;

/** Pulumi's type for a schema, or undefined for values Pulumi cannot declare (maps, unions). */
function pulumiType(schema: z.ZodType): { type: string; items?: unknown } | undefined {
  const inner = unwrap(schema);
  const def = defOf(inner);
  switch (def.type) {
    case "string":
      return { type: "string" };
    case "boolean":
      return { type: "boolean" };
    case "number":
      return (inner as z.ZodNumber).isInt ? { type: "integer" } : undefined;
    case "array": {
      const items = def.element && pulumiType(def.element);
      return items ? { type: "array", items } : undefined;
    }
    default:
      return undefined;
  }
}

/** The default a `.default(...)` wrapper gives, looking through optional and describe. */
function defaultOf(schema: z.ZodType): unknown {
  for (let s: z.ZodType | undefined = schema; s; s = defOf(s).innerType) {
    if (defOf(s).type === "default") return defOf(s).defaultValue;
  }
  return undefined;
}

const entries = () => Object.entries(projectKeys().shape as Record<string, z.ZodType>);

/** Pulumi's declaration of a key, or undefined when declaring it would change its meaning. */
function declarable(schema: z.ZodType): { type: string; items?: unknown } | undefined {
  const optionalWithoutDefault = schema.safeParse(undefined).success && defaultOf(schema) === undefined;
  return optionalWithoutDefault ? undefined : pulumiType(schema);
}

export function projectConfigSchema(): Record<string, ProjectConfigDeclaration> {
  const out: Record<string, ProjectConfigDeclaration> = {};
  for (const [name, schema] of entries()) {
    const type = declarable(schema);
    if (!type) continue;
    const declaration: ProjectConfigDeclaration = { ...type, description: schema.description ?? "" };
    const fallback = defaultOf(schema);
    if (fallback !== undefined) declaration.default = fallback;
    out[name] = declaration;
  }
  return out;
}

/** Top-level keys that are maps or optional without a default: documented, not declared. */
export function undeclarableKeys(): Record<string, string> {
  return Object.fromEntries(
    entries()
      .filter(([, s]) => !declarable(s))
      .map(([name, s]) => [name, s.description ?? ""]),
  );
}

/** The `config:` block as YAML text, ready to paste into `Pulumi.yaml`. */
export function renderProjectConfig(): string {
  return stringify({ config: projectConfigSchema() }, { lineWidth: 0 });
}
