// Session Manager (test/fixtures/aws-pages/003 and 004): each grant's quickstart policy, the session
// preferences document and key, and the instance profile that makes instances managed nodes.
import * as pulumi from "@pulumi/pulumi";
import type * as aws from "@pulumi/aws";
import { sessionManager as sessionManagerSchema } from "../model/schema";
import { ConfigError } from "../config/load";
import { targetOf } from "../model/target";
import { grantDocumentForSessionManager } from "../documents/grantDocuments";
import type { SessionKeyChoice } from "../documents/sessionPreferences";
import { sessionKeyChoice, sessionOsUsers } from "../documents/sessionPreferences";
import { stackContext } from "./context";
import type { SessionManagerAccessArgs } from "./sessionManagerArgs";
import { checkArgs } from "./checkArgs";
import type { AccessEntry } from "./access";
import { accessEntries } from "./access";
import { GrantPolicy, withoutPacker } from "./grantPolicy";
import { ManagedInstanceProfile } from "./instanceProfile";
import { SessionPreferences } from "./sessionPreferences";
import { accessPattern } from "../model/patterns";
import { DEFAULT_SESSION_DOCUMENT } from "../model/awsNames";
import type { SessionManagerGrant } from "../model/schema";
import { AGENT_UPDATE_DOCUMENT } from "../documents/sessionManager";

const { pattern: PATTERN, type: TYPE } = accessPattern("sessionManager");

export type { SessionManagerAccessArgs };

export class SessionManagerAccess extends pulumi.ComponentResource {
  /** Managed policy ARNs of each grant, by grant name. */
  readonly grantPolicyArns: pulumi.Output<Record<string, string[]>>;
  /** The access each grant is meant to give (the plan's access table). */
  readonly access: AccessEntry[];
  /** With `instanceProfile.create`: the profile to launch managed instances with. */
  readonly instanceProfileName?: pulumi.Output<string>;
  /** With `instanceProfile.create`: the managed instances' role. */
  readonly instanceRole?: aws.iam.Role;

  /**
   * @param args The `sessionManager` section of the stack config plus `stack`; checked with the
   * config's messages before anything is registered (a ComponentArgsError otherwise).
   * @param opts A renamed type token keeps URNs with `aliases: [{ type: "<old token>" }]`.
   */
  constructor(name: string, args: SessionManagerAccessArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("SessionManagerAccess", name, "sessionManager", sessionManagerSchema(), args, {
      notConfig: ["packer"],
      packGrants: args.packer !== undefined,
    });
    // The packer is an object of this program, not an input to record.
    super(TYPE, name, withoutPacker(args), opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;
    const prefs = config.preferences;

    let sessionKey: SessionKeyChoice = { kind: "none" };
    if (prefs) {
      const checked = sessionKeyChoice(prefs.kmsKey, ctx.regions);
      if (!checked.choice) throw new ConfigError(checked.problems);
      sessionKey = checked.choice;
    }

    let instanceRole: aws.iam.Role | undefined;
    if (config.instanceProfile?.create) {
      const profile = new ManagedInstanceProfile(`${name}-instance`, { context: ctx, name: config.instanceProfile.name }, { parent: this });
      instanceRole = profile.role;
      this.instanceRole = profile.role;
      this.instanceProfileName = profile.instanceProfileName;
    }

    const preferences = prefs
      ? new SessionPreferences(
          `${name}-preferences`,
          {
            context: ctx,
            documentName: config.document,
            preferences: prefs,
            sessionKey,
            instanceRole: instanceRole && { name: instanceRole.name, arn: instanceRole.arn },
          },
          { parent: this },
        )
      : undefined;

    const createdKeyArns = preferences?.sessionKeyArns;
    const arnsByGrant: Record<string, pulumi.Output<string[]>> = {};
    this.access = [];
    // As the access evaluator reads the preferences document: ssm-user with Run As off.
    const osUsers = prefs ? sessionOsUsers([{ enabled: prefs.runAs.enabled, defaultUser: prefs.runAs.defaultUser || undefined }]) : [];
    for (const grant of config.grants) {
      const target = targetOf(grant);
      const { document, standIn } = grantDocumentForSessionManager(config, grant, sessionKey, ctx);
      const policy = new GrantPolicy(
        `${name}-${grant.name}`,
        {
          context: ctx,
          pattern: PATTERN,
          grantName: grant.name,
          description: `Session Manager ${grant.role} access (${grant.clients.join(", ")}) for grant ${grant.name}`,
          principals: grant.principals,
          resolved: { value: sessionKeyArns(sessionKey, standIn, createdKeyArns), standIn },
          document,
          packer: args.packer,
        },
        { parent: this },
      );
      arnsByGrant[grant.name] = policy.policyArns;
      const runs = intendedRunnables(grant, config.document);
      this.access.push(...accessEntries(PATTERN, grant, target, osUsers).map((a) => ({ ...a, ...runs })));
    }
    this.grantPolicyArns = pulumi.output(arnsByGrant);

    this.registerOutputs({ grantPolicyArns: this.grantPolicyArns, access: this.access, instanceProfileName: this.instanceProfileName });
  }
}

/**
 * The session keys a grant may use (kms:GenerateDataKey), one per Region. A created key's ARN
 * exists only once the key does: it is the grant's resolved value, so the policy depends on the
 * keys. Every other choice is known now, and its stand-in is the real value.
 */
function sessionKeyArns(choice: SessionKeyChoice, standIn: string[], created?: pulumi.Output<string[]>): pulumi.Input<string[]> {
  return choice.kind === "create" ? created! : standIn;
}

/**
 * What a grant is meant to let its principals run (docs/session-manager.md): the grant's
 * `documents`, else the section's `document`, for grants whose clients name a session document
 * (an administrator's only when it lists `documents`); otherwise, with no document access check,
 * the default document a session without `--document-name` gets. The EC2 console's client also
 * runs the agent update with Run Command. The plan reads both back from the documents.
 */
function intendedRunnables(grant: SessionManagerGrant, sectionDocument: string): Pick<AccessEntry, "documents" | "commandDocuments"> {
  const namesDocuments = grant.clients.includes("session-manager") || grant.clients.includes("cli");
  const checked = namesDocuments && (grant.role !== "admin" || grant.documents !== undefined);
  const documents = checked ? [...new Set(grant.documents ?? [sectionDocument])].sort() : [DEFAULT_SESSION_DOCUMENT];
  return { documents, ...(grant.clients.includes("ec2-console") && { commandDocuments: [AGENT_UPDATE_DOCUMENT] }) };
}
