// IAM resources inside an `aws.cloudformation.Stack`'s template: whatever a stack deploys through
// CloudFormation is checked as if the program had declared it.
import { readShaped, CLOUDFORMATION_IAM_TYPES } from "./cloudFormationShapes";
import { parseTemplate, resolveIntrinsics } from "./cloudFormationTemplate";
import type { DocumentSource } from "./types";
import { isRecord, str, strings } from "./values";

export const CLOUDFORMATION_STACK_TYPE = "aws:cloudformation/stack:Stack";

const IAM_TYPES: ReadonlySet<string> = new Set(CLOUDFORMATION_IAM_TYPES);
const MAX_RESOURCES = 2_000; // CloudFormation's limit is 500 resources per template.

export function readCloudFormationStack(props: Record<string, unknown>, resourceName: string): DocumentSource[] {
  const stack = `CloudFormation stack ${JSON.stringify(str(props.name) ?? resourceName)}`;
  const body = str(props.templateBody);
  const unreadable = (problem: string): DocumentSource[] => [{ kind: "identity", policyName: resourceName, prefix: stack, document: { statements: [], problems: [problem] } }];
  if (body === undefined) {
    // A template kept in S3 is out of the pack's reach; it matters only if the stack may create
    // IAM resources, which CloudFormation makes the caller acknowledge with a capability.
    const capabilities = strings(props.capabilities);
    if (str(props.templateUrl) !== undefined && capabilities.some((c) => /^CAPABILITY_(NAMED_)?IAM$/.test(c))) {
      return unreadable(`its template is at templateUrl and it may create IAM resources (${capabilities.join(", ")}), which the pack cannot check. Fix: pass the template as templateBody`);
    }
    return [];
  }
  const { template, problem } = parseTemplate(body);
  if (!template) return unreadable(`templateBody: ${problem}`);
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
