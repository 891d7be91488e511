// The alert rules' event patterns, matched by moto's implementation of EventBridge's matching
// rules (not ours) against real CloudTrail records (test/fixtures/cloudtrail, each file naming
// its source): every access call of a group matches that group's pattern and no other group's,
// an unrelated call with the same name does not match, and a typo in a pattern fails.
import * as assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { spawnSync } from "node:child_process";
import type { AlertEventGroup } from "../../documents/alerts";
import { ALERT_CALLS, accessEventPattern } from "../../documents/alerts";
import { ALERT_EVENTS } from "../../model/schema";
import { cloudTrailEvent, matchEvents } from "../support/eventPatternMatch";

const FIXTURES = path.resolve(__dirname, "../../../test/fixtures/cloudtrail");

interface Fixture {
  file: string;
  source: string;
  kind: "match" | "no-match";
  records: { group: AlertEventGroup | null; record: Record<string, unknown> }[];
}

function fixtures(): Fixture[] {
  return fs
    .readdirSync(FIXTURES)
    .filter((f) => f.endsWith(".json"))
    .sort()
    .map((file) => ({ file, ...(JSON.parse(fs.readFileSync(path.join(FIXTURES, file), "utf8")) as Omit<Fixture, "file">) }));
}

const ALL = [...ALERT_EVENTS] as AlertEventGroup[];
const REGION = "eu-west-1";

/** Every record of the fixtures with the group it must alert (null: none). */
function samples() {
  return fixtures().flatMap((f) => f.records.map((r) => ({ file: f.file, kind: f.kind, group: r.group, record: r.record })));
}

describe("alerts: event patterns against real CloudTrail records (moto's EventBridge matcher)", () => {
  it("every fixture names its source, and the samples cover each event group", () => {
    for (const f of fixtures()) assert.match(f.source, /https?:\/\/|code index/, `${f.file}: no source`);
    const covered = new Set(
      samples()
        .filter((s) => s.kind === "match")
        .map((s) => s.group),
    );
    assert.deepEqual([...covered].sort(), [...ALL].sort());
  });

  it("each access record matches its group's pattern, the pattern of all groups, and no other group's", () => {
    const cases: { pattern: unknown; event: unknown; want: boolean; what: string }[] = [];
    for (const s of samples().filter((x) => x.kind === "match")) {
      const event = cloudTrailEvent(s.record, REGION);
      const name = `${s.file} ${String(s.record.eventName)}`;
      cases.push({ pattern: accessEventPattern([s.group!], [REGION]), event, want: true, what: `${name} vs ${s.group}` });
      cases.push({ pattern: accessEventPattern(ALL, [REGION]), event, want: true, what: `${name} vs all groups` });
      for (const other of ALL.filter((g) => g !== s.group)) {
        cases.push({ pattern: accessEventPattern([other], [REGION]), event, want: false, what: `${name} vs ${other}` });
      }
    }
    const got = matchEvents(cases);
    assert.deepEqual(
      cases.map((c, i) => `${c.what}: ${JSON.stringify(got[i])}`),
      cases.map((c) => `${c.what}: ${c.want}`),
    );
  });

  it("a call of another service with a Session Manager name (Athena's StartSession, TerminateSession) does not match", () => {
    const negatives = samples().filter((s) => s.kind === "no-match");
    assert.ok(negatives.length >= 2);
    const got = matchEvents(
      negatives.map((s) => ({ pattern: accessEventPattern(ALL, [REGION]), event: cloudTrailEvent(s.record, REGION) })),
    );
    assert.deepEqual(
      got,
      negatives.map(() => false),
    );
  });

  it("a rule takes only the Regions it lists: a forwarded event keeps its own Region", () => {
    const record = samples().find((s) => s.record.eventName === "StartSession" && s.kind === "match")!.record;
    const got = matchEvents([
      { pattern: accessEventPattern(ALL, ["us-west-2"]), event: cloudTrailEvent(record, "us-east-1") },
      { pattern: accessEventPattern(ALL, ["us-east-1", "us-west-2"]), event: cloudTrailEvent(record, "us-west-2") },
    ]);
    assert.deepEqual(got, [false, true]);
  });

  it("a typo in any event name or source of a pattern makes its sample stop matching", () => {
    // Mutate each string of the all-groups pattern once; every mutant must lose at least one sample.
    const base = accessEventPattern(ALL, [REGION]);
    const text = JSON.stringify(base);
    const names = [...new Set(Object.values(ALERT_CALLS).flatMap((calls) => calls.flatMap((c) => [c.eventSource, ...c.eventNames])))];
    const events = samples()
      .filter((s) => s.kind === "match")
      .map((s) => cloudTrailEvent(s.record, REGION));
    const sampled = names.filter((n) => events.some((e) => JSON.stringify((e as { detail: unknown }).detail).includes(`"${n}"`)));
    const cases = sampled.flatMap((n) => {
      const mutant = JSON.parse(text.split(`"${n}"`).join(`"${n.slice(0, -1)}"`)) as unknown;
      return events.map((event) => ({ pattern: mutant, event, n }));
    });
    const got = matchEvents(cases);
    for (const n of sampled) {
      const lost = cases.some((c, i) => c.n === n && got[i] === false);
      assert.ok(lost, `a pattern with ${n} misspelt still matches every sample`);
    }
    assert.ok(sampled.length >= 6, `only ${sampled.length} names have a sample`);
  });

  it("every pattern is valid for EventBridge (moto's validation) and within PutRule's 4,096 characters", () => {
    const patterns = [
      accessEventPattern(ALL, ["us-east-1", "us-west-2", "eu-west-1", "ap-southeast-2"]),
      ...ALL.map((g) => accessEventPattern([g], [REGION])),
    ];
    const got = matchEvents(patterns.map((pattern) => ({ pattern, event: cloudTrailEvent({ eventSource: "x", eventName: "y" }, REGION) })));
    assert.deepEqual(
      got,
      patterns.map(() => false),
    );
    for (const p of patterns) assert.ok(JSON.stringify(p).length <= 4096);
  });

  it("the names no public record shows are operations of their service in botocore's models (OpenTunnel, not an SDK call, has AWS's sample)", function () {
    const calls = Object.values(ALERT_CALLS).flat();
    const script = [
      "import botocore, os, glob, gzip, json, sys",
      "d = os.path.join(os.path.dirname(botocore.__file__), 'data')",
      "out = {}",
      "for svc, names in json.load(sys.stdin).items():",
      "    f = sorted(glob.glob(os.path.join(d, svc, '*', 'service-2.json*')))[-1]",
      "    m = json.load(gzip.open(f) if f.endswith('.gz') else open(f))",
      "    out[svc] = [n for n in names if n not in m['operations']]",
      "print(json.dumps(out))",
    ].join("\n");
    const byService: Record<string, string[]> = {};
    for (const c of calls)
      byService[c.eventSource.replace(/\.amazonaws\.com$/, "")] = [
        ...(byService[c.eventSource.replace(/\.amazonaws\.com$/, "")] ?? []),
        ...c.eventNames,
      ];
    const r = spawnSync("python3", ["-c", script], { input: JSON.stringify(byService), encoding: "utf8" });
    if (r.error || /No module named 'botocore'/.test(r.stderr)) this.skip();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(JSON.parse(r.stdout), { "ec2-instance-connect": ["OpenTunnel"], ssm: [], ec2: [] });
  });
});
