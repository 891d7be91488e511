// The audit's three outputs. JSON follows docs/contracts/audit.md; text and Markdown say the
// same, per instance.
import type { AccessTarget } from "../model/target";
import { describeTarget } from "../model/target";
import { documentsText } from "../plan/format/access";
import type { AlertFinding, AlertsCheck } from "./alerts";
import type { Drift, DriftRow } from "./drift";
import type { AuditRow, ScpDenial } from "./evaluate";
import type { Failure, Snapshot } from "./read";

export interface AuditReport {
  accountId: string;
  regions: string[];
  serialConsole: Record<string, { enabled: boolean; managedBy?: string } | null>;
  sessionRunAs: Record<string, string[] | null>;
  instanceConnectEndpoints: Record<string, { id: string; vpcId?: string; subnetId?: string }[] | null>;
  scpsRead: boolean;
  counts: { users: number; groups: number; roles: number; instances: number };
  access: AuditRow[];
  /** What IAM grants and an SCP takes away, naming the SCPs: not in `access`. */
  scpDenied: ScpDenial[];
  drift?: { stack: string; unexpected: DriftRow[]; missing: DriftRow[] };
  /** With --stack, for a stack with alerts: why they cannot fire, per Region (audit/alerts.ts). */
  alerts?: AlertsCheck;
  /** Calls that failed (denied, throttled past the retries); what they would have read is left out. */
  failures: Failure[];
}

export function buildReport(
  snapshot: Snapshot,
  access: AuditRow[],
  drift: Drift | undefined,
  scpDenied: ScpDenial[] = [],
  alerts?: AlertsCheck,
): AuditReport {
  const per = <T>(f: (r: Snapshot["regions"][number]) => T | undefined) =>
    Object.fromEntries(snapshot.regions.map((r) => [r.region, f(r) ?? null]));
  const count = (t: string) => snapshot.principals.filter((p) => p.type === t).length;
  return {
    accountId: snapshot.accountId,
    regions: snapshot.regions.map((r) => r.region),
    serialConsole: per((r) => r.serialConsole),
    sessionRunAs: per((r) => r.sessionRunAs),
    instanceConnectEndpoints: per((r) => r.endpoints),
    scpsRead: snapshot.scps !== undefined,
    counts: { users: count("user"), groups: count("group"), roles: count("role"), instances: snapshot.instances.length },
    access,
    scpDenied,
    ...(drift ? { drift } : {}),
    ...(alerts ? { alerts } : {}),
    failures: snapshot.failures,
  };
}

const who = (r: { principal: { type: string; name: string }; members?: string[] }) =>
  `${r.principal.type} ${r.principal.name}${r.members ? ` (members: ${r.members.join(", ")})` : ""}`;
const users = (u: string[]) => (u.length ? u.join(", ") : "-");

const target = (t: AccessTarget) => describeTarget(t);

const deniedLine = (d: ScpDenial) =>
  `${d.instanceId} ${d.pattern}: ${who(d)} via ${d.via.join(", ")}, denied by SCP ${d.deniedBy.join(", ")}`;

const driftLine = (r: DriftRow) =>
  `${r.pattern} grant "${r.grant}" for ${r.principal.type} ${r.principal.name}: ${target(r.target)}${r.osUsers.length ? ` as ${r.osUsers.join(", ")}` : ""}${r.documents !== undefined ? ` with documents ${documentsText(r)}` : ""}${r.via.length ? ` (${r.via.join(", ")})` : ""}`;

/** Findings that count for the exit status: the verified ones. */
export const alertsThatCannotFire = (report: AuditReport) => (report.alerts?.findings ?? []).filter((f) => f.verified);

const alertsHeading = (a: AlertsCheck) =>
  `Alerts of stack ${a.stack}: ${a.findings.length ? `${a.findings.length} finding${a.findings.length > 1 ? "s" : ""}` : "a logging trail and the rules in place in every Region"}`;

const findingLines = (f: AlertFinding): string[] => [
  `${f.region}: ${f.verified ? "" : "could not verify: "}${f.missing}`,
  ...(f.trails ?? []).map((t) => `  trail ${t}`),
  `  fix: ${f.fix}`,
];

function settings(report: AuditReport): string[] {
  return report.regions.map((region) => {
    const sc = report.serialConsole[region];
    const run = report.sessionRunAs[region];
    const eps = report.instanceConnectEndpoints[region];
    return `${region}: serial console ${sc ? (sc.enabled ? "enabled" : "disabled") + (sc.managedBy ? ` (managed by ${sc.managedBy})` : "") : "unknown"}; Session Manager Run As ${run ? (run.length ? run.join(", ") : "off") : "unknown"}; Instance Connect Endpoints ${eps ? eps.map((e) => e.id).join(", ") || "none" : "unknown"}`;
  });
}

export function renderText(report: AuditReport): string {
  const lines = [
    `Account ${report.accountId || "(unknown)"}: ${report.counts.users} users, ${report.counts.groups} groups, ${report.counts.roles} roles, ${report.counts.instances} instances`,
    ...settings(report),
    "",
  ];
  if (report.access.length === 0) lines.push("No principal can reach an instance.");
  let last = "";
  for (const r of report.access) {
    if (r.instanceId !== last) lines.push(`${r.instanceId} (${r.region})`);
    last = r.instanceId;
    lines.push(`  ${r.pattern}: ${who(r)} as ${users(r.osUsers)} via ${r.via.join(", ")}`);
    for (const d of r.conditionalDenies ?? []) lines.push(`    conditional Deny not evaluated: ${d}`);
  }
  if (report.scpDenied.length) lines.push("", "Granted by IAM, taken away by SCPs:", ...report.scpDenied.map((d) => `  ${deniedLine(d)}`));
  if (report.drift) {
    lines.push(
      "",
      `Against stack ${report.drift.stack}: ${report.drift.unexpected.length} unexpected, ${report.drift.missing.length} missing`,
    );
    for (const r of report.drift.unexpected) lines.push(`  unexpected: ${driftLine(r)}`);
    for (const r of report.drift.missing) lines.push(`  missing: ${driftLine(r)}`);
  }
  if (report.alerts) lines.push("", alertsHeading(report.alerts), ...report.alerts.findings.flatMap(findingLines).map((l) => `  ${l}`));
  if (report.failures.length) lines.push("", "Not read:", ...report.failures.map(failureLine));
  return lines.join("\n") + "\n";
}

export const failureLine = (f: Failure) => `  ${f.call}${f.region ? ` in ${f.region}` : ""}: ${f.error}`;

const md = (s: string) => s.replace(/[\\`*_[\]|<>]/g, (c) => `\\${c}`);

export function renderMarkdown(report: AuditReport): string {
  const lines = [`## Access audit of account ${md(report.accountId || "(unknown)")}`, "", ...settings(report).map((s) => `- ${md(s)}`), ""];
  if (report.access.length) {
    lines.push(
      "| Instance | Region | Pattern | Principal | OS users | Via | Conditional Deny not evaluated |",
      "|---|---|---|---|---|---|---|",
    );
    for (const r of report.access)
      lines.push(
        `| ${md(r.instanceId)} | ${md(r.region)} | ${r.pattern} | ${md(who(r))} | ${md(users(r.osUsers))} | ${md(r.via.join(", "))} | ${md((r.conditionalDenies ?? []).join("; ")) || "-"} |`,
      );
  } else lines.push("No principal can reach an instance.");
  if (report.scpDenied.length)
    lines.push("", "### Granted by IAM, taken away by SCPs", "", ...report.scpDenied.map((d) => `- ${md(deniedLine(d))}`));
  if (report.drift) {
    lines.push(
      "",
      `### Against stack ${md(report.drift.stack)}: ${report.drift.unexpected.length} unexpected, ${report.drift.missing.length} missing`,
      "",
    );
    for (const r of report.drift.unexpected) lines.push(`- **unexpected**: ${md(driftLine(r))}`);
    for (const r of report.drift.missing) lines.push(`- **missing**: ${md(driftLine(r))}`);
  }
  if (report.alerts)
    lines.push(
      "",
      `### ${md(alertsHeading(report.alerts))}`,
      "",
      ...report.alerts.findings.map((f) => {
        const [first, ...rest] = findingLines(f);
        return `- ${md(first)}${rest.map((l) => `<br>${md(l.trim())}`).join("")}`;
      }),
    );
  if (report.failures.length) lines.push("", "### Not read", "", ...report.failures.map((f) => `- ${md(failureLine(f).trim())}`));
  return lines.join("\n") + "\n";
}
