// The plan's `powers` table: every power over access that is not "principal P reaches instance I"
// (that is the `access` table), read from what the plan registers, as the access table is: IAM
// documents attached to principals, SSM documents and associations, endpoints, organization
// policies. Not from the config: a program that registers something else shows what it registers.
//
// - serial-console-setting-admin: principals whose documents allow ec2:Enable/DisableSerialConsoleAccess
//   (the account setting every serial console grant depends on).
// - serial-console-setting: the account setting per Region, when the stack manages it.
// - serial-console-password: Command documents that run `chpasswd` through an association: the
//   OS user whose password they set and the instances they target.
// - session-document-admin: principals whose documents allow creating, updating or deleting a
//   Session preferences document (they can turn logging, encryption and Run As off).
// - session-settings: per preferences document, the OS user a session runs as (`ssm-user` when
//   Run As is off; else the principal's SSMSessionRunAs tag, or the default user), the shell
//   profile every session runs, logging and encryption.
// - instance-connect-endpoint: each endpoint's subnet and security groups (what it can reach).
// - instance-connect-tunnel: principals whose documents allow ec2-instance-connect:OpenTunnel:
//   endpoints, remote ports, private addresses and maximum duration (from the conditions).
// - organization-policy: each SCP or declarative policy: what it allows and denies, and its targets.
//
// Unconditional Deny statements remove an action, as in accessEvaluation.ts; a conditional Deny
// is not read (it may not apply), so the table can only overstate a power, never hide one.
import type { PrincipalType } from "../components/access";
import type { RegisteredPlan as Plan, PlanResource } from "./registered";
import { principalDocuments } from "./accessEvaluation";
import type { NormalStatement } from "../policypack/lib/document";
import { parseDocument } from "../policypack/lib/document";
import { powerKey } from "./powerKey";
import { DISABLE_SERIAL_CONSOLE, ENABLE_SERIAL_CONSOLE, OPEN_TUNNEL, globToRegExp, statementGrants } from "../policypack/lib/actions";

export type PowerKind =
  | "serial-console-setting-admin"
  | "serial-console-setting"
  | "serial-console-password"
  | "session-document-admin"
  | "session-settings"
  | "instance-connect-endpoint"
  | "instance-connect-tunnel"
  | "organization-policy";

export const POWER_KINDS: readonly PowerKind[] = [
  "serial-console-setting-admin",
  "serial-console-setting",
  "serial-console-password",
  "session-document-admin",
  "session-settings",
  "instance-connect-endpoint",
  "instance-connect-tunnel",
  "organization-policy",
];

/** Who holds a power, or where it applies. */
export interface PowerSubject {
  principal?: { type: PrincipalType; name: string };
  /** A resource's or policy's own name (a document, an endpoint, an SCP). */
  name?: string;
  region?: string;
}

export interface Power {
  kind: PowerKind;
  subject: PowerSubject;
  /** What the power allows, field by field; every value a sorted list, so a diff can name what changed. */
  details: Record<string, string[]>;
  /** The policies or resources it was read from. */
  from: string[];
}

/** The default Session preferences document: the consoles always use it (aws-access-facts.md). */
export const DEFAULT_SESSION_DOCUMENT = "SSM-SessionManagerRunShell";
const DOCUMENT_WRITE_ACTIONS = ["ssm:CreateDocument", "ssm:UpdateDocument", "ssm:DeleteDocument", "ssm:UpdateDocumentDefaultVersion"];

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === "object" && !Array.isArray(v);
}

const sorted = (xs: Iterable<string>) => [...new Set(xs)].sort();
const str = (v: unknown) => (v === undefined || v === null ? "" : typeof v === "string" ? v : JSON.stringify(v));

function statementsOf(document: unknown): NormalStatement[] {
  try {
    return parseDocument(document).statements;
  } catch {
    return []; // unreadable (an unknown value): nothing can be said
  }
}

function contentOf(r: PlanResource): Record<string, unknown> | undefined {
  let content = r.inputs?.content;
  if (typeof content === "string") {
    try {
      content = JSON.parse(content);
    } catch {
      return undefined; // YAML or unreadable
    }
  }
  return isObject(content) ? content : undefined;
}

const regionOf = (r: PlanResource, fallback: string) =>
  typeof r.inputs?.region === "string" && r.inputs.region ? r.inputs.region : fallback;

// ---------------------------------------------------------------------------------------------
// Powers of principals, from their documents

/** Actions among `actions` that some Allow statement grants on a resource `resourceOk` accepts, minus unconditional Denies. */
function allowedActions(
  statements: readonly NormalStatement[],
  actions: readonly string[],
  resourceOk: (resource: string) => boolean,
): { actions: string[]; resources: string[] } {
  const allowed = new Set<string>();
  const resources = new Set<string>();
  for (const action of actions) {
    const denied = statements.some(
      (s) =>
        s.effect === "Deny" &&
        s.conditions.length === 0 &&
        statementGrants(s, action) &&
        (s.notResources !== undefined || (s.resources ?? []).some((r) => r.trim() === "*")),
    );
    if (denied) continue;
    for (const s of statements) {
      if (s.effect !== "Allow" || !statementGrants(s, action)) continue;
      const rs = s.notResources !== undefined ? ["*"] : (s.resources ?? []).filter(resourceOk);
      if (rs.length === 0) continue;
      allowed.add(action);
      rs.forEach((r) => resources.add(r));
    }
  }
  return { actions: sorted(allowed), resources: sorted(resources) };
}

const conditionValues = (s: NormalStatement, key: string) =>
  s.conditions.filter((c) => c.key.toLowerCase() === key.toLowerCase()).flatMap((c) => c.values.map((v) => `${c.operator} ${v}`));

function principalPowers(plan: Pick<Plan, "principals" | "resources">, sessionDocuments: readonly string[]): Power[] {
  const out: Power[] = [];
  const documentPatterns = sessionDocuments.map((d) => d.toLowerCase());
  const namesSessionDocument = (resource: string) => {
    const r = resource.trim();
    if (r === "*") return true;
    const m = /^arn:[^:]*:ssm:[^:]*:[^:]*:document\/(.+)$/i.exec(r);
    return !!m && documentPatterns.some((d) => globToRegExp(m[1]).test(d));
  };
  for (const { principal, documents } of principalDocuments(plan)) {
    // Each document read once: every power below asks which of them grant it.
    const parsed = documents.map((d) => ({ policyName: d.policyName, statements: statementsOf(d.document) }));
    const statements = parsed.flatMap((d) => d.statements);
    const policiesGranting = (pred: (s: NormalStatement) => boolean) =>
      sorted(parsed.filter((d) => d.statements.some(pred)).map((d) => d.policyName));

    const setting = allowedActions(statements, [ENABLE_SERIAL_CONSOLE, DISABLE_SERIAL_CONSOLE], () => true);
    if (setting.actions.length) {
      out.push({
        kind: "serial-console-setting-admin",
        subject: { principal },
        details: { actions: setting.actions },
        from: policiesGranting((s) => s.effect === "Allow" && setting.actions.some((a) => statementGrants(s, a))),
      });
    }

    const docs = allowedActions(statements, DOCUMENT_WRITE_ACTIONS, namesSessionDocument);
    if (docs.actions.length) {
      out.push({
        kind: "session-document-admin",
        subject: { principal },
        details: { actions: docs.actions, documents: docs.resources },
        from: policiesGranting((s) => s.effect === "Allow" && docs.actions.some((a) => statementGrants(s, a))),
      });
    }

    const tunnels = statements.filter((s) => s.effect === "Allow" && statementGrants(s, OPEN_TUNNEL));
    const tunnelDenied = statements.some(
      (s) =>
        s.effect === "Deny" &&
        s.conditions.length === 0 &&
        statementGrants(s, OPEN_TUNNEL) &&
        (s.notResources !== undefined || (s.resources ?? []).some((r) => r.trim() === "*")),
    );
    if (tunnels.length && !tunnelDenied) {
      // Each statement is one way in; a field without a condition is unlimited.
      const any = (xs: string[], all: string) => (xs.length ? xs : [all]);
      out.push({
        kind: "instance-connect-tunnel",
        subject: { principal },
        details: {
          endpoints: sorted(tunnels.flatMap((s) => (s.notResources !== undefined ? ["*"] : (s.resources ?? [])))),
          "remote ports": sorted(tunnels.flatMap((s) => any(conditionValues(s, "ec2-instance-connect:remotePort"), "any port"))),
          "private addresses": sorted(
            tunnels.flatMap((s) => any(conditionValues(s, "ec2-instance-connect:privateIpAddress"), "any address the endpoint reaches")),
          ),
          "max tunnel duration (s)": sorted(
            tunnels.flatMap((s) => any(conditionValues(s, "ec2-instance-connect:maxTunnelDuration"), "3600 (the service's limit)")),
          ),
        },
        from: policiesGranting((s) => s.effect === "Allow" && statementGrants(s, OPEN_TUNNEL)),
      });
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------
// Powers of resources

/** The user a Command document sets a password for: `printf '%s:%s\n' '<user>' ... | chpasswd`. */
function passwordUser(content: Record<string, unknown>): string | undefined {
  const lines: string[] = [];
  for (const step of Array.isArray(content.mainSteps) ? content.mainSteps : []) {
    const run = isObject(step) && isObject(step.inputs) ? step.inputs.runCommand : undefined;
    if (Array.isArray(run)) lines.push(...run.map(String));
    else if (typeof run === "string") lines.push(run);
  }
  const setter = lines.find((l) => /\bchpasswd\b/.test(l));
  if (!setter) return undefined;
  const m = /printf\s+'%s:%s\\n'\s+'([^']*)'/.exec(setter) ?? /echo\s+['"]?([A-Za-z0-9._-]+):/.exec(setter);
  return m ? m[1] : "(an OS user the script names at run time)";
}

function targetAtoms(targets: unknown): string[] {
  const out: string[] = [];
  for (const t of Array.isArray(targets) ? targets : []) {
    if (!isObject(t)) continue;
    const key = str(t.key);
    const values = Array.isArray(t.values) ? t.values.map(str) : [];
    if (/^InstanceIds$/i.test(key)) out.push(...values);
    else if (/^tag:/i.test(key)) out.push(...values.map((v) => `tag ${key.slice(4)}=${v}`));
    else out.push(...values.map((v) => `${key}=${v}`));
  }
  return sorted(out);
}

const bool = (v: unknown) => (v === true || v === "true" ? "true" : "false");

function sessionSettings(r: PlanResource, content: Record<string, unknown>, region: string): Power {
  const i = isObject(content.inputs) ? content.inputs : {};
  const runAsOn = i.runAsEnabled === true || i.runAsEnabled === "true";
  const shell = isObject(i.shellProfile) ? i.shellProfile : {};
  const runAs = runAsOn
    ? [`the principal's SSMSessionRunAs tag, else ${str(i.runAsDefaultUser) || "(no default user: sessions fail)"}`]
    : ["ssm-user (Run As is off)"];
  return {
    kind: "session-settings",
    subject: { name: str(r.inputs.name) || r.name, region },
    details: {
      "runs as": runAs,
      "shell profile (Linux)": [str(shell.linux) || "(none)"],
      "shell profile (Windows)": [str(shell.windows) || "(none)"],
      "CloudWatch log group": [str(i.cloudWatchLogGroupName) || "(none)"],
      "S3 bucket": [str(i.s3BucketName) ? `${str(i.s3BucketName)}/${str(i.s3KeyPrefix)}` : "(none)"],
      "KMS key": [str(i.kmsKeyId) || "(none: sessions not encrypted)"],
      "log encryption": [`CloudWatch ${bool(i.cloudWatchEncryptionEnabled)}, S3 ${bool(i.s3EncryptionEnabled)}`],
    },
    from: [r.name],
  };
}

/** A declarative policy's leaves as `path = value` (`ec2_attributes.serial_console_access.status.@@assign = disabled`). */
function leaves(value: unknown, path: string, out: string[], depth = 0): void {
  if (depth > 32) return;
  if (isObject(value)) for (const [k, v] of Object.entries(value)) leaves(v, path ? `${path}.${k}` : k, out, depth + 1);
  else if (Array.isArray(value)) out.push(`${path} = ${value.map(str).join(", ")}`);
  else out.push(`${path} = ${str(value)}`);
}

function statementText(s: NormalStatement): string {
  const actions = s.actions ? s.actions.join(", ") : `everything but ${(s.notActions ?? []).join(", ")}`;
  const resources = s.resources ? s.resources.join(", ") : `everything but ${(s.notResources ?? []).join(", ")}`;
  const when = s.conditions.map((c) => `${c.operator} ${c.key} ${c.values.join(", ")}`).join(" and ");
  return `${s.effect} ${actions} on ${resources}${when ? ` when ${when}` : ""}`;
}

function organizationPolicy(r: PlanResource, targets: string[]): Power {
  const type = str(r.inputs.type) || "SERVICE_CONTROL_POLICY";
  let content: unknown = r.inputs.content;
  if (typeof content === "string") {
    try {
      content = JSON.parse(content);
    } catch {
      /* kept as text */
    }
  }
  const rules: string[] = [];
  if (/SERVICE_CONTROL_POLICY|RESOURCE_CONTROL_POLICY/.test(type)) rules.push(...statementsOf(content).map(statementText));
  else leaves(content, "", rules);
  return {
    kind: "organization-policy",
    subject: { name: str(r.inputs.name) || r.name },
    details: { type: [type], rules: sorted(rules), targets: targets.length ? sorted(targets) : ["(not attached)"] },
    from: [r.name],
  };
}

function resourcePowers(resources: readonly PlanResource[], defaultRegion: string): Power[] {
  const out: Power[] = [];
  const commandDocs = new Map<string, { r: PlanResource; content: Record<string, unknown> }>();
  const policyTargets = new Map<string, string[]>();
  for (const r of resources) {
    if (r.type === "aws:ssm/document:Document" && r.inputs?.documentType === "Command") {
      const content = contentOf(r);
      if (content) commandDocs.set(`${regionOf(r, defaultRegion)}|${str(r.inputs.name)}`, { r, content });
    }
    if (r.type === "aws:organizations/policyAttachment:PolicyAttachment") {
      const id = str(r.inputs.policyId);
      policyTargets.set(id, [...(policyTargets.get(id) ?? []), str(r.inputs.targetId)]);
    }
  }
  for (const r of resources) {
    const region = regionOf(r, defaultRegion);
    if (r.type === "aws:ec2/serialConsoleAccess:SerialConsoleAccess") {
      out.push({
        kind: "serial-console-setting",
        subject: { region },
        details: { enabled: [bool(r.inputs.enabled ?? true)] },
        from: [r.name],
      });
    } else if (r.type === "aws:ssm/association:Association") {
      const doc = commandDocs.get(`${region}|${str(r.inputs.name)}`);
      const user = doc ? passwordUser(doc.content) : undefined;
      if (doc && user !== undefined) {
        out.push({
          kind: "serial-console-password",
          subject: { name: str(r.inputs.name), region },
          details: { "OS user": [user], instances: targetAtoms(r.inputs.targets) },
          from: [doc.r.name, r.name],
        });
      }
    } else if (r.type === "aws:ssm/document:Document" && r.inputs?.documentType === "Session") {
      const content = contentOf(r);
      if (content) out.push(sessionSettings(r, content, region));
    } else if (r.type === "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint") {
      out.push({
        kind: "instance-connect-endpoint",
        subject: { name: r.name, region },
        details: {
          subnet: [str(r.inputs.subnetId)],
          "security groups": sorted((Array.isArray(r.inputs.securityGroupIds) ? r.inputs.securityGroupIds : []).map(str)),
          "preserve client IP": [bool(r.inputs.preserveClientIp)],
        },
        from: [r.name],
      });
    } else if (r.type === "aws:organizations/policy:Policy") {
      // Attachments name the policy by ID; the plan's outputs carry it as `id` or at the end of the ARN.
      const id = str(r.outputs?.id) || str(r.outputs?.arn).split("/").pop() || "";
      out.push(organizationPolicy(r, policyTargets.get(id) ?? []));
    }
  }
  return out;
}

// ---------------------------------------------------------------------------------------------

/** Every power of a plan, in a stable order (kind, then subject). */
export function powersOf(plan: Pick<Plan, "principals" | "resources" | "regions">): Power[] {
  const resources = plan.resources ?? [];
  const sessionDocuments = sorted(
    [
      DEFAULT_SESSION_DOCUMENT,
      ...resources
        .filter((r) => r.type === "aws:ssm/document:Document" && r.inputs?.documentType === "Session")
        .map((r) => str(r.inputs.name)),
    ].filter(Boolean),
  );
  const all = [...principalPowers(plan, sessionDocuments), ...resourcePowers(resources, plan.regions?.[0] ?? "")];
  return all.sort(
    (a, b) =>
      POWER_KINDS.indexOf(a.kind) - POWER_KINDS.indexOf(b.kind) || (powerKey(a) < powerKey(b) ? -1 : powerKey(a) > powerKey(b) ? 1 : 0),
  );
}
