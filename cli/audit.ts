// `ec2-access audit`: who can reach which instance in the live account (docs/contracts/audit.md).
// Exit: 0 nothing unexpected; 1 unexpected access or drift against --stack, or alerts of the stack
// that cannot fire (no logging trail, rule missing or disabled); 2 bad input;
// 3 the account could not be read at all (every call failed; the AWS errors on stderr).
import * as fs from "node:fs";
import * as path from "node:path";
import { InputError, UsageError } from "./errors";
import { oneOf, parse } from "./args";
import type { Io } from "./args";
import { projectDir } from "./plan";
import { readStackFile } from "../config/stackFile";
import { planStack } from "../plan/run";
import { stackNames } from "../config/stackSet";
import { makeClients } from "../audit/clients";
import { readAccount } from "../audit/read";
import { auditAccess } from "../audit/evaluate";
import type { ScpDenial } from "../audit/evaluate";
import { compareWithPlan } from "../audit/drift";
import { alertsThatCannotFire, buildReport, failureLine, renderMarkdown, renderText } from "../audit/format";
import { checkAlerts, plannedAlertRules } from "../audit/alerts";

const REGION = /^[a-z]{2}(-[a-z]+)+-\d{1,2}$/;

export async function runAuditCommand(argv: string[], io: Io, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const { values, positionals } = parse(argv, {
    region: { type: "string", multiple: true },
    stack: { type: "string" },
    "endpoint-url": { type: "string" },
    format: { type: "string" },
  });
  if (positionals.length) throw new UsageError(`unexpected argument ${JSON.stringify(positionals[0])}`);
  const format = oneOf("format", values.format as string | undefined, ["text", "json", "markdown"] as const, "text");
  const endpoint = values["endpoint-url"] as string | undefined;
  if (endpoint !== undefined && !/^https?:\/\/[^\s/]+/.test(endpoint))
    throw new UsageError(`--endpoint-url: got ${JSON.stringify(endpoint)}; expected an http:// or https:// URL`);
  for (const r of (values.region as string[] | undefined) ?? [])
    if (!REGION.test(r)) throw new UsageError(`--region: got ${JSON.stringify(r)}; expected a Region name such as us-east-1`);

  // The stack's plan first: bad input is reported before any AWS call.
  const stack = values.stack as string | undefined;
  let plan: Awaited<ReturnType<typeof planStack>> | undefined;
  if (stack !== undefined) {
    if (!/^[A-Za-z0-9_.-]+$/.test(stack) || /^\.+$/.test(stack))
      throw new UsageError(
        `--stack: got ${JSON.stringify(stack)}; expected a stack name of letters, digits, hyphens, underscores and periods`,
      );
    const dir = projectDir(io.cwd);
    const file = path.join(dir, `Pulumi.${stack}.yaml`);
    if (!fs.existsSync(file))
      throw new InputError([`${file}: no such stack file; the stacks of this project are ${stackNames(dir).join(", ") || "none"}`]);
    plan = await planStack({ stack, config: readStackFile(file).raw });
  }
  const regions = [
    ...new Set(
      (values.region as string[] | undefined) ??
        (plan?.regions.length ? plan.regions : [env.AWS_REGION ?? env.AWS_DEFAULT_REGION].filter((r): r is string => !!r)),
    ),
  ];
  if (regions.length === 0) throw new UsageError("--region: none given, and neither --stack nor AWS_REGION names one");

  const clients = makeClients({
    endpoint,
    maxAttempts: env.EC2_ACCESS_AUDIT_MAX_ATTEMPTS ? Number(env.EC2_ACCESS_AUDIT_MAX_ATTEMPTS) : undefined,
  });
  let lastProgress = 0;
  const progress = (line: string) => {
    const now = Date.now();
    if (now - lastProgress < 1000) return; // one line a second at most
    lastProgress = now;
    io.stderr(`ec2-access audit: ${line}\n`);
  };
  try {
    const pageSize = env.EC2_ACCESS_AUDIT_PAGE_SIZE ? Number(env.EC2_ACCESS_AUDIT_PAGE_SIZE) : undefined;
    const snapshot = await readAccount(clients, { regions, progress, pageSize });
    if (snapshot.succeeded === 0) {
      io.stderr(`ec2-access: the account could not be read:\n${snapshot.failures.map(failureLine).join("\n")}\n`);
      return 3;
    }
    // A stack with alerts: can they fire here (a logging trail, the rules in place)?
    const alertRules = plan ? plannedAlertRules(plan) : [];
    const alerts = plan && alertRules.length ? await checkAlerts(clients, plan.stack, alertRules, snapshot.failures) : undefined;
    for (const f of snapshot.failures) io.stderr(`ec2-access: warning: not read:${failureLine(f)}\n`);
    const scpDenied: ScpDenial[] = [];
    const report = buildReport(
      snapshot,
      auditAccess(snapshot, scpDenied),
      plan ? compareWithPlan(snapshot, plan) : undefined,
      scpDenied,
      alerts,
    );
    io.stdout(
      format === "json" ? JSON.stringify(report, null, 2) + "\n" : format === "markdown" ? renderMarkdown(report) : renderText(report),
    );
    const drifted = report.drift && (report.drift.unexpected.length || report.drift.missing.length);
    return drifted || alertsThatCannotFire(report).length ? 1 : 0;
  } finally {
    clients.destroy();
  }
}
