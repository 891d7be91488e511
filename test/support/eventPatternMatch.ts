// Asks moto's EventBridge pattern matcher (test/support/eventPatternMatch.py) whether events
// match patterns: an implementation of EventBridge's matching rules that is not ours, so a
// pattern cannot pass by agreeing with itself. One python process per batch.
import { spawnSync } from "node:child_process";
import * as path from "node:path";

const MATCHER = path.resolve(__dirname, "../../../test/support/eventPatternMatch.py");

export type MatchResult = boolean | { invalid: string };

export function matchEvents(cases: { pattern: unknown; event: unknown }[]): MatchResult[] {
  const r = spawnSync("python3", [MATCHER], { input: JSON.stringify(cases), encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(
      `moto's EventBridge matcher could not run (${r.error?.message ?? r.stderr.trim().split("\n").pop()}); install it with: python3 -m pip install 'moto[server]==5.2.1'`,
    );
  }
  return JSON.parse(r.stdout) as MatchResult[];
}

/**
 * A CloudTrail record as EventBridge delivers it on the default bus: the record is `detail`,
 * detail-type "AWS API Call via CloudTrail", `region` the Region the bus is in (the record's
 * awsRegion; a forwarded event keeps it)
 * (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
 */
export function cloudTrailEvent(record: Record<string, unknown>, region: string): Record<string, unknown> {
  return {
    version: "0",
    id: "6f87d04b-9f74-4f04-a780-7acf4b0a9b38",
    "detail-type": "AWS API Call via CloudTrail",
    source: `aws.${String(record.eventSource).replace(/\.amazonaws\.com$/, "")}`,
    account: record.recipientAccountId,
    time: record.eventTime,
    region,
    resources: [],
    detail: record,
  };
}
