// Can a stack's alerts fire in the live account? Its EventBridge rules (components/alerts.ts)
// receive "AWS API Call via CloudTrail" events only while a CloudTrail trail that is logging
// records those calls' management write events in the Region they are made in
// (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html);
// the stack does not create that trail. Per Region the rules match, this reads the trails that
// apply there (DescribeTrails with shadow trails: multi-Region and organisation trails show in
// every Region), whether each is logging there (GetTrailStatus, per Region by ARN as AWS asks for
// a shadow trail) and what it logs (GetEventSelectors, in the trail's home Region); and per rule
// Region, that the rule exists, is ENABLED and targets what the plan says (DescribeRule,
// ListTargetsByRule). What the plan intends is read from the plan's own registered resources.
import { DescribeTrailsCommand, GetEventSelectorsCommand, GetTrailStatusCommand } from "@aws-sdk/client-cloudtrail";
import type { Trail } from "@aws-sdk/client-cloudtrail";
import { DescribeRuleCommand, ListTargetsByRuleCommand } from "@aws-sdk/client-eventbridge";
import type { Plan } from "../plan/run";
import type { Clients } from "./clients";
import type { Failure } from "./read";
import { errorText } from "./read";
import type { CloudTrailEvent, TrailSelectors } from "./trailSelectors";
import { eventKey, trailCoverage } from "./trailSelectors";

const ALERTS_COMPONENT = "ec2-access:alerts:AccessAlerts";

/** One EventBridge rule of the stack's alerts, as the plan registers it. */
export interface PlannedAlertRule {
  region: string;
  name: string;
  /** The Regions whose events the rule's pattern takes. */
  matchedRegions: string[];
  events: CloudTrailEvent[];
  /** The target's ARN when the plan knows it (an existing topic, the forwarding bus); undefined for a topic the stack creates. */
  targetArn?: string;
  /** A created topic's name: the live target is an SNS topic of that name in the rule's Region. */
  topicName?: string;
}

const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);

/** The alert rules of a plan ([] for a stack without `ec2-access:alerts`). */
export function plannedAlertRules(plan: Pick<Plan, "resources">): PlannedAlertRule[] {
  const ofAlerts = plan.resources.filter((r) => r.urn.includes(`${ALERTS_COMPONENT}$`));
  const topic = ofAlerts.find((r) => r.type === "aws:sns/topic:Topic");
  return ofAlerts
    .filter((r) => r.type === "aws:cloudwatch/eventRule:EventRule")
    .map((r) => {
      const region = String(r.inputs.region);
      const pattern = JSON.parse(String(r.inputs.eventPattern)) as { region?: unknown; detail?: Record<string, unknown> };
      const pairs = (pattern.detail?.$or as Record<string, unknown>[] | undefined) ?? [pattern.detail ?? {}];
      const events = pairs.flatMap((p) =>
        list(p.eventSource).flatMap((eventSource) => list(p.eventName).map((eventName) => ({ eventSource, eventName }))),
      );
      const target = ofAlerts.find(
        (t) => t.type === "aws:cloudwatch/eventTarget:EventTarget" && t.inputs.region === region && t.inputs.rule === r.inputs.name,
      );
      const createdTopic = topic && topic.inputs.region === region ? String(topic.inputs.name) : undefined;
      return {
        region,
        name: String(r.inputs.name),
        matchedRegions: list(pattern.region),
        events,
        ...(createdTopic ? { topicName: createdTopic } : typeof target?.inputs.arn === "string" ? { targetArn: target.inputs.arn } : {}),
      };
    });
}

/** Why a stack's alerts cannot fire (or cannot be shown to) in one Region. */
export interface AlertFinding {
  region: string;
  /** What is missing, in a sentence. */
  missing: string;
  /** What each trail seen in the Region lacks (`<trail>: <why>`), for a trail finding. */
  trails?: string[];
  fix: string;
  /** false when a read failed, so the audit could not tell (listed under `failures`); not counted in the exit status. */
  verified: boolean;
}

export interface AlertsCheck {
  stack: string;
  findings: AlertFinding[];
}

const TRAIL_FIX =
  "create or start a trail that logs management events (All or WriteOnly) in this Region, e.g. one multi-Region trail (docs/alerts.md)";

export async function checkAlerts(clients: Clients, stack: string, rules: PlannedAlertRule[], failures: Failure[]): Promise<AlertsCheck> {
  async function attempt<T>(call: string, region: string, fn: () => Promise<T>): Promise<T | undefined> {
    try {
      return await fn();
    } catch (e) {
      failures.push({ call, region, error: errorText(e) });
      return undefined;
    }
  }
  const findings: AlertFinding[] = [];

  // --- the trails, per Region whose events some rule takes
  const needed = new Map<string, Map<string, CloudTrailEvent>>();
  for (const rule of rules)
    for (const region of rule.matchedRegions) {
      const events = needed.get(region) ?? new Map<string, CloudTrailEvent>();
      for (const e of rule.events) events.set(eventKey(e), e);
      needed.set(region, events);
    }
  const selectorsByArn = new Map<string, Promise<TrailSelectors | undefined>>();
  for (const [region, byKey] of [...needed].sort(([a], [b]) => a.localeCompare(b))) {
    const events = [...byKey.values()];
    const ct = clients.cloudtrail(region);
    const described = await attempt("cloudtrail:DescribeTrails", region, () =>
      ct.send(new DescribeTrailsCommand({ includeShadowTrails: true })),
    );
    let unread = described === undefined;
    const trails = (described?.trailList ?? []).filter((t: Trail) => t.TrailARN && (t.IsMultiRegionTrail || t.HomeRegion === region));
    const logged = new Set<string>();
    const why: string[] = [];
    for (const t of trails) {
      const arn = t.TrailARN!;
      const status = await attempt("cloudtrail:GetTrailStatus", region, () => ct.send(new GetTrailStatusCommand({ Name: arn })));
      if (!selectorsByArn.has(arn)) {
        const home = t.HomeRegion ?? region;
        selectorsByArn.set(
          arn,
          attempt("cloudtrail:GetEventSelectors", home, () =>
            clients.cloudtrail(home).send(new GetEventSelectorsCommand({ TrailName: arn })),
          ),
        );
      }
      const selectors = await selectorsByArn.get(arn)!;
      const name = t.Name ?? arn;
      if (status === undefined || selectors === undefined) {
        unread = true;
        why.push(`${name}: could not be read`);
        continue;
      }
      const coverage = trailCoverage(selectors, events);
      if (status.IsLogging !== true) why.push(`${name}: not logging`);
      else {
        coverage.logged.forEach((k) => logged.add(k));
        if (coverage.reason) why.push(`${name}: ${coverage.reason}`);
      }
    }
    const notLogged = events.filter((e) => !logged.has(eventKey(e)));
    if (notLogged.length === 0) continue;
    const what =
      notLogged.length === events.length
        ? `no CloudTrail trail logs the alerts' management write events in ${region}`
        : `no CloudTrail trail logs ${notLogged.map(eventKey).join(", ")} in ${region}`;
    findings.push({
      region,
      missing:
        trails.length === 0 && !unread ? `no CloudTrail trail in ${region}: the alerts cannot fire` : `${what}: those alerts cannot fire`,
      ...(why.length ? { trails: why } : {}),
      fix: TRAIL_FIX,
      verified: !unread,
    });
  }

  // --- the rules themselves
  for (const rule of [...rules].sort((a, b) => a.region.localeCompare(b.region))) {
    const ev = clients.events(rule.region);
    let notFound = false;
    const described = await attempt("events:DescribeRule", rule.region, () =>
      ev.send(new DescribeRuleCommand({ Name: rule.name })).catch((e: { name?: string }) => {
        if (e?.name !== "ResourceNotFoundException") throw e;
        notFound = true;
        return undefined;
      }),
    );
    const fix = "deploy the stack (pulumi up), or enable the rule";
    if (notFound) {
      findings.push({ region: rule.region, missing: `the alert rule ${rule.name} does not exist in ${rule.region}`, fix, verified: true });
      continue;
    }
    if (described === undefined) continue; // the failure is listed
    if (described.State !== "ENABLED")
      findings.push({
        region: rule.region,
        missing: `the alert rule ${rule.name} is ${described.State ?? "in no state"}`,
        fix,
        verified: true,
      });
    const targets = await attempt("events:ListTargetsByRule", rule.region, () =>
      ev.send(new ListTargetsByRuleCommand({ Rule: rule.name })),
    );
    if (targets === undefined) continue;
    const arns = (targets.Targets ?? []).map((t) => t.Arn ?? "");
    const expected = rule.topicName ? `the SNS topic ${rule.topicName}` : rule.targetArn;
    const hit = rule.topicName
      ? arns.some(
          (a) => a.startsWith("arn:") && a.split(":")[2] === "sns" && a.split(":")[3] === rule.region && a.endsWith(`:${rule.topicName}`),
        )
      : arns.includes(rule.targetArn ?? "");
    if (!hit)
      findings.push({
        region: rule.region,
        missing: `the alert rule ${rule.name} does not target ${expected} (targets: ${arns.join(", ") || "none"})`,
        fix: "deploy the stack (pulumi up) to restore the rule's target",
        verified: true,
      });
  }
  return { stack, findings };
}
