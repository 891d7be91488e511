// Organisation-level guardrails, run only in the stack of the management account: the serial
// console SCP of test/fixtures/aws-pages/000/001 ("Organization level"). SCPs never restrict the
// management account itself, whatever they are attached to.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { organization as organizationSchema } from "../model/schema";
import { serialConsoleScpDocument } from "../documents/serviceControlPolicy";
import { serialConsoleDeclarativePolicy } from "../documents/declarativePolicy";
import { renderCompact } from "../documents/policyDocument";
import { stackContext } from "./context";
import type { OrganizationGuardrailsArgs } from "./organizationArgs";
import { checkArgs } from "./checkArgs";
import { apiLimit } from "../plan/limits/lookup";
import { ORGANIZATION } from "../model/patterns";

export type { OrganizationGuardrailsArgs };

export class OrganizationGuardrails extends pulumi.ComponentResource {
  readonly policyIds: pulumi.Output<string[]>;

  /**
   * @param args The `organization` section of the stack config plus `stack`; checked with the
   * config's messages before anything is registered (a ComponentArgsError otherwise).
   * @param opts A renamed type token keeps URNs with `aliases: [{ type: "<old token>" }]`.
   */
  constructor(name: string, args: OrganizationGuardrailsArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("OrganizationGuardrails", name, "organization", organizationSchema(), args);
    super(ORGANIZATION.type, name, args, opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;
    const ids: pulumi.Output<string>[] = [];

    const scp = config.serialConsoleScp;
    if (scp) {
      // Built (and its size checked) before anything of this component is registered.
      const content = renderCompact(serialConsoleScpDocument(scp.exceptAccountIds));
      const policy = new aws.organizations.Policy(
        `${name}-serial-console`,
        {
          name: scp.name,
          type: "SERVICE_CONTROL_POLICY",
          description: scpDescription(scp.exceptAccountIds),
          content,
          tags: ctx.tags,
        },
        { parent: this },
      );
      // Named by target, so adding or removing one target touches only its attachment.
      for (const targetId of scp.targetIds) {
        new aws.organizations.PolicyAttachment(`${name}-serial-console-${targetId}`, { policyId: policy.id, targetId }, { parent: this });
      }
      ids.push(policy.id);
    }

    const declarative = config.serialConsoleDeclarativePolicy;
    if (declarative) {
      const policy = new aws.organizations.Policy(
        `${name}-serial-console-declarative`,
        {
          name: declarative.name,
          type: "DECLARATIVE_POLICY_EC2",
          description: `Sets EC2 Serial Console access to ${declarative.status} in every account it applies to`,
          content: JSON.stringify(serialConsoleDeclarativePolicy(declarative.status)),
          tags: ctx.tags,
        },
        { parent: this },
      );
      for (const targetId of declarative.targetIds) {
        new aws.organizations.PolicyAttachment(
          `${name}-serial-console-declarative-${targetId}`,
          { policyId: policy.id, targetId },
          { parent: this },
        );
      }
      ids.push(policy.id);
    }

    this.policyIds = pulumi.all(ids);
    this.registerOutputs({ policyIds: this.policyIds });
  }
}

/**
 * The SCP's description lists the excepted accounts while it fits Organizations' limit
 * (CreatePolicy Description, from botocore's model: 512 characters, 32 accounts), and counts
 * them beyond: the policy's condition lists them all either way.
 */
export function scpDescription(exceptAccountIds: string[]): string {
  const base = "Denies enabling and using the EC2 Serial Console";
  if (exceptAccountIds.length === 0) return base;
  const listed = `${base} outside accounts ${exceptAccountIds.join(", ")}`;
  const max = apiLimit("aws:organizations/policy:Policy", "description").max!;
  return listed.length <= max
    ? listed
    : `${base} outside the ${exceptAccountIds.length} accounts the policy's aws:PrincipalAccount condition lists`;
}
