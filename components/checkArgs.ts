// A component's args are checked as the stack config is: the same schema (model/schema.ts), the
// same model rules (config/crossChecks.ts) and document checks (config/documentChecks.ts), the
// same messages, with the component's name in place of the config key
// (`web.grants[1].osUsers: got ...` for `ec2-access:instanceConnect.grants[1].osUsers: got ...`).
// Everything that decides resources and documents is a plain value, known now, so the args are
// checked before the component registers anything; a failure is a pulumi.ResourceError, which
// the engine prints as its message, without a stack trace.
import * as pulumi from "@pulumi/pulumi";
import { z } from "zod";
import type { CheckableConfig } from "../model/schema";
import { stackKeys } from "../model/schema";
import type { StackArgs } from "../model/stack";
import { describeIssue, parseWith, PROJECT } from "../config/messages";
import { crossChecks } from "../config/crossChecks";
import { documentChecks } from "../config/documentChecks";
import type { SectionName } from "../config/acceptedSections";
import { acceptedSection } from "../config/acceptedSections";

type Section = SectionName;

/** The stack arg as checked: defaults applied. `accountId` may still be an Output. */
export interface CheckedStack {
  environment: string;
  regions: string[];
  region: string;
  accountId?: pulumi.Input<string>;
  maxManagedPoliciesPerPrincipal: number;
  name?: string;
}

const keys = stackKeys;
const stackSchema = z.strictObject(
  {
    environment: keys.environment,
    regions: keys.regions.unwrap(),
    region: keys.regions.unwrap().element.optional(),
    accountId: keys.accountId,
    maxManagedPoliciesPerPrincipal: keys.maxManagedPoliciesPerPrincipal,
    name: z.string("a stack name").min(1, "a stack name").optional(),
  },
  "a map: { environment, regions, and optionally region, accountId, maxManagedPoliciesPerPrincipal, name }",
);

/** A value only the deployment knows: validated where it is used, not here. */
const isOutput = (v: unknown) => pulumi.Output.isInstance(v);

/** `ec2-access:<section>` (and `ec2-access:stack`) become the component's name (and `<name>.stack`). */
function renamed(message: string, section: Section, name: string): string {
  return message
    .replace(new RegExp(`${PROJECT}:${section}(?![A-Za-z0-9_])`, "g"), name)
    .replace(new RegExp(`${PROJECT}:stack(?![A-Za-z0-9_])`, "g"), `${name}.stack`);
}

export class ComponentArgsError extends pulumi.ResourceError {
  constructor(
    readonly component: string,
    readonly problems: string[],
  ) {
    super(
      `${component}: invalid args (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`,
      undefined,
      true,
    );
    this.name = "ComponentArgsError";
  }
}

/**
 * Checks `args` (a section plus `stack`) and returns the parsed section, defaults applied, and
 * the stack. `stand-ins` replace Inputs that are Outputs, by path, with a valid value of the
 * same shape, so that the rest is checked; `notConfig` are args that are no config key.
 */
export function checkArgs<S extends z.ZodType>(
  component: string,
  name: string,
  section: Section,
  schema: S,
  args: { stack: StackArgs } & object,
  options: { notConfig?: string[]; standIns?: (raw: Record<string, unknown>) => void; packGrants?: boolean } = {},
): { stack: CheckedStack; config: z.output<S> } {
  const label = `${component} ${JSON.stringify(name)}`;
  if (typeof args !== "object" || args === null)
    throw new ComponentArgsError(label, [`${name}: got ${String(args)}; expected a map with stack and the ${section} section's keys`]);
  const { stack, ...rest } = args as Record<string, unknown>;
  const raw: Record<string, unknown> = structuredCloneable(rest);
  for (const k of options.notConfig ?? []) delete raw[k];
  options.standIns?.(raw);

  const problems: string[] = [];
  const rawStack = stack && typeof stack === "object" ? { ...(stack as Record<string, unknown>) } : stack;
  if (rawStack && typeof rawStack === "object" && isOutput((rawStack as Record<string, unknown>).accountId))
    delete (rawStack as Record<string, unknown>).accountId;
  const stackParsed = parseWith(stackSchema, rawStack);
  if (!stackParsed.success) problems.push(...stackParsed.error.issues.flatMap((i) => describeIssue(i, rawStack, stackSchema, ["stack"])));

  if (stackParsed.success) {
    // Exactly a section the whole configuration's load accepted, under the same stack keys:
    // checked already (config/acceptedSections.ts).
    const s = stackParsed.data;
    const stackKeys = { ...s, region: s.region ?? s.regions[0], accountId: typeof s.accountId === "string" ? s.accountId : undefined };
    const accepted = acceptedSection(section, raw, stackKeys);
    if (accepted !== undefined) return { stack: checkedStack(s, stack as StackArgs), config: accepted as z.output<S> };
  }

  const parsed = parseWith(schema, raw);
  if (!parsed.success) problems.push(...parsed.error.issues.flatMap((i) => describeIssue(i, raw, schema, [section])));

  if (stackParsed.success) {
    const s = stackParsed.data;
    const region = s.region ?? s.regions[0];
    const checkable: CheckableConfig = {
      regions: s.regions,
      region,
      maxManagedPoliciesPerPrincipal: s.maxManagedPoliciesPerPrincipal,
      environment: s.environment,
      // With a packer, the quota is counted on the shared policies it will create.
      packGrants: options.packGrants ?? false,
    };
    // A known account ID is checked as the config's is (an alerts topic of another account).
    if (typeof s.accountId === "string") checkable.accountId = s.accountId;
    if (parsed.success) (checkable as Record<string, unknown>)[section] = parsed.data;
    problems.push(...crossChecks(checkable), ...documentChecks(checkable));
  }
  if (problems.length > 0)
    throw new ComponentArgsError(
      label,
      problems.map((p) => renamed(p, section, name)),
    );
  return { stack: checkedStack(stackParsed.data!, stack as StackArgs), config: parsed.data as z.output<S> };
}

/** The stack arg as checked, defaults applied, and its account ID as given (an Output stays one). */
function checkedStack(s: z.output<typeof stackSchema>, stack: StackArgs): CheckedStack {
  const accountId = stack.accountId;
  return { ...s, region: s.region ?? s.regions[0], accountId: accountId === undefined ? undefined : accountId };
}

/**
 * A copy of plain data in which every Output is the stand-in string (JSON.stringify would call an
 * Output's toJSON, which returns a warning text), so that stand-ins never touch the caller's args.
 */
function structuredCloneable(v: Record<string, unknown>): Record<string, unknown> {
  const copy = (x: unknown): unknown => {
    if (isOutput(x)) return STAND_IN_OUTPUT;
    if (Array.isArray(x)) return x.map(copy);
    if (x !== null && typeof x === "object")
      return Object.fromEntries(
        Object.entries(x)
          .filter(([, y]) => y !== undefined)
          .map(([k, y]) => [k, copy(y)]),
      );
    return x;
  };
  return copy(v) as Record<string, unknown>;
}

/** Where an Output stood in the args: a stand-in replaces it (per field) before the schema runs. */
export const STAND_IN_OUTPUT = "\u0000output";
