// IAM resources inside a CloudFormation template given to a stack or a StackSet, of either
// provider: whatever a program deploys through CloudFormation (a StackSet: into every account of
// an organisation) is checked as if the program had declared it. Inputs per type from
// @pulumi/aws 7.x and @pulumi/aws-native 1.79.0: `templateBody` (text; an object too for
// aws-native:cloudformation:Stack), `templateUrl`, `capabilities`, `parameters`, and the name.
import { readShaped, CLOUDFORMATION_IAM_TYPES } from "./cloudFormationShapes";
import { parseTemplate, resolveIntrinsics } from "./cloudFormationTemplate";
import type { DocumentSource } from "./types";
import { throwIfUnknownSentinel } from "../unknown";
import { isRecord, str, strings } from "./values";

export const CLOUDFORMATION_STACK_TYPE = "aws:cloudformation/stack:Stack";

/** Type → [input holding the name, what messages call it]. */
export const CLOUDFORMATION_TEMPLATE_TYPES: ReadonlyMap<string, [string, string]> = new Map([
  [CLOUDFORMATION_STACK_TYPE, ["name", "CloudFormation stack"]],
  ["aws:cloudformation/stackSet:StackSet", ["name", "CloudFormation StackSet"]],
  ["aws-native:cloudformation:Stack", ["stackName", "CloudFormation stack"]],
  ["aws-native:cloudformation:StackSet", ["stackSetName", "CloudFormation StackSet"]],
]);

const IAM_TYPES: ReadonlySet<string> = new Set(CLOUDFORMATION_IAM_TYPES);
const MAX_RESOURCES = 2_000; // CloudFormation's limit is 500 resources per template.

export function readCloudFormationStack(
  props: Record<string, unknown>,
  resourceName: string,
  type: string = CLOUDFORMATION_STACK_TYPE,
): DocumentSource[] {
  const [nameKey, what] = CLOUDFORMATION_TEMPLATE_TYPES.get(type) ?? ["name", "CloudFormation stack"];
  const stack = `${what} ${JSON.stringify(str(props[nameKey]) ?? resourceName)}`;
  const rawBody = props.templateBody;
  throwIfUnknownSentinel(rawBody);
  // aws-native takes the template as an object too: read it as its JSON text.
  const body = rawBody !== null && typeof rawBody === "object" ? plainJson(rawBody) : str(rawBody);
  const unreadable = (problem: string): DocumentSource[] => [
    { kind: "identity", policyName: resourceName, prefix: stack, document: { statements: [], problems: [problem] } },
  ];
  if (body === undefined) {
    // A template kept in S3 is out of the pack's reach; it matters only if the stack may create
    // IAM resources, which CloudFormation makes the caller acknowledge with a capability.
    const capabilities = strings(props.capabilities);
    if (str(props.templateUrl) !== undefined && capabilities.some((c) => /^CAPABILITY_(NAMED_)?IAM$/.test(c))) {
      return unreadable(
        `its template is at templateUrl and it may create IAM resources (${capabilities.join(", ")}), which the pack cannot check. Fix: pass the template as templateBody`,
      );
    }
    return [];
  }
  const { template: parsed, problem } = parseTemplate(body);
  if (!parsed) return unreadable(`templateBody: ${problem}`);
  const template = withParameterValues(parsed, props.parameters);
  const resources = template.Resources;
  if (!isRecord(resources)) return [];
  const out: DocumentSource[] = [];
  let n = 0;
  for (const [logicalId, resource] of Object.entries(resources)) {
    if (++n > MAX_RESOURCES) break;
    if (!isRecord(resource)) continue;
    const type = resource.Type;
    if (typeof type !== "string" || !IAM_TYPES.has(type)) continue;
    const properties = isRecord(resource.Properties) ? resource.Properties : {};
    out.push(
      ...readShaped({
        type,
        props: properties,
        name: logicalId,
        camelCase: false,
        within: `${stack} resource ${JSON.stringify(logicalId)} (${type})`,
        value: (v) => resolveIntrinsics(v, template),
      }),
    );
  }
  return out;
}

/** JSON text of a template given as an object (through the engine's proxy: unknowns throw). */
export function plainJson(v: unknown): string {
  const copy = (x: unknown, depth: number): unknown => {
    throwIfUnknownSentinel(x);
    if (x === null || typeof x !== "object" || depth > 64) return x;
    if (Array.isArray(x)) return x.map((y) => copy(y, depth + 1));
    const out: Record<string, unknown> = {};
    for (const k of Object.keys(x)) out[k] = copy((x as Record<string, unknown>)[k], depth + 1);
    return out;
  };
  return JSON.stringify(copy(v, 0)) ?? "";
}

/** The stack's `parameters` input (`{Name: "value"}`) as the parameters' values. */
export function withParameterValues(template: Record<string, unknown>, given: unknown): Record<string, unknown> {
  if (!isRecord(given)) return template;
  const declared = isRecord(template.Parameters) ? template.Parameters : {};
  const parameters: Record<string, unknown> = { ...declared };
  for (const [k, v] of Object.entries(given)) {
    const value = str(v);
    if (value === undefined || !Object.hasOwn(declared, k)) continue;
    parameters[k] = { ...(isRecord(declared[k]) ? declared[k] : {}), Default: value };
  }
  return { ...template, Parameters: parameters };
}
