// `npm run bench`: offline plans of generated stacks (bench/scenarios.ts), each in a fresh
// node process so that memory and JIT warm-up do not leak from one scenario into the next,
// against Pulumi's mock runtime alone registering as many resources (bench/baseline.ts).
// Plan and baseline runs alternate (plan, mock, plan, mock, ...) so that a change of load on
// the machine during the benchmark falls on both sides alike instead of flipping the verdict;
// each cell is the median of its runs, and the ratio is the median of the paired ratios.
// Prints the machine (load averages at the start and the end), the verdict against issue 17's goal
// (whole-process CPU ratio, memory per resource) and a Markdown table, ready for docs/scale.md.
//
//   node dist/bench/plan-scale.js [--repeat 3] [--only 1000x51,5000x200] [--stack-traces] [--out bench-table.md]
//   (--out: also writes the table, machine and verdict lines to that file, ready for docs/scale.md)
//   (--stack-traces: the plan keeps V8's stack traces, to measure what turning them off saves)
//   node dist/bench/plan-scale.js --scenario 1000x51 --mode plan|baseline [--resources N]   (one child run)
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import type { Scenario } from "./scenarios";
import { SCENARIOS, TARGET_RATIO } from "./scenarios";

export interface Measurement {
  /** From just before the run to the end of it, modules already loaded. */
  runMs: number;
  /** CPU (user + system) of the whole process, module loading included, in ms. */
  cpuMs: number;
  /** Peak resident set size of the whole process, in MB. */
  peakRssMb: number;
  /** Resident set size once the side's modules are loaded, before its run: its fixed cost, in MB. */
  loadedRssMb: number;
  resources: number;
  policies: number;
  policyChars: number[];
  mandatoryViolations: number;
}

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

function scenario(id: string): Scenario {
  const s = SCENARIOS.find((x) => x.id === id);
  if (!s) throw new Error(`unknown scenario ${id}; one of ${SCENARIOS.map((x) => x.id).join(", ")}`);
  return s;
}

/**
 * One measurement in this process. Each mode requires only what it runs (the baseline never
 * loads the plan, the pack or the config code), and before its clock starts.
 */
async function child(id: string, mode: string): Promise<Measurement> {
  const peak = () => process.resourceUsage().maxRSS / 1024;
  const cpu = () => {
    const u = process.cpuUsage();
    return (u.user + u.system) / 1000;
  };
  if (mode === "baseline") {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { registerPlainPolicies } = require("./baseline") as typeof import("./baseline");
    const count = Number(arg("resources"));
    const loadedRssMb = process.memoryUsage().rss / 2 ** 20;
    const t0 = performance.now();
    await registerPlainPolicies(count);
    const runMs = performance.now() - t0;
    return {
      runMs,
      cpuMs: cpu(),
      peakRssMb: peak(),
      loadedRssMb,
      resources: count,
      policies: count - 1,
      policyChars: [],
      mandatoryViolations: 0,
    };
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { runPlan } = require("../plan/run") as typeof import("../plan/run");
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { generatedStack } = require("./stacks") as typeof import("./stacks");
  const loadedRssMb = process.memoryUsage().rss / 2 ** 20;
  const config = generatedStack(scenario(id));
  const t0 = performance.now();
  const run = await runPlan({ stack: "scale", config, stackTraces: process.argv.includes("--stack-traces") });
  const runMs = performance.now() - t0;
  const policies = run.registrations.filter((r) => r.type === "aws:iam/policy:Policy");
  return {
    runMs,
    cpuMs: cpu(),
    peakRssMb: peak(),
    loadedRssMb,
    resources: run.registrations.length,
    policies: policies.length,
    policyChars: policies.map((p) => String(p.inputs.policy).length),
    mandatoryViolations: run.plan.violations.filter((v) => v.enforcementLevel === "mandatory").length,
  };
}

function spawn(args: string[]): Measurement & { processMs: number } {
  const t0 = performance.now();
  const out = execFileSync(process.execPath, [__filename, ...args], { encoding: "utf8", maxBuffer: 64 * 1024 * 1024 });
  const processMs = performance.now() - t0;
  return { ...(JSON.parse(out.trim().split("\n").pop()!) as Measurement), processMs };
}

const median = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

type Run = Measurement & { processMs: number };

/** The median of each figure over a side's runs; peak memory is the highest seen. */
interface Side {
  runMs: number;
  cpuMs: number;
  processMs: number;
  peakRssMb: number;
  loadedRssMb: number;
}

interface Row {
  s: Scenario;
  plan: Side;
  base: Side;
  /** Median of plan/baseline over the alternated pairs (run time, then whole-process CPU). */
  runRatio: number;
  cpuRatio: number;
  first: Run;
}

function side(runs: Run[]): Side {
  return {
    runMs: median(runs.map((x) => x.runMs)),
    cpuMs: median(runs.map((x) => x.cpuMs)),
    processMs: median(runs.map((x) => x.processMs)),
    peakRssMb: Math.max(...runs.map((x) => x.peakRssMb)),
    loadedRssMb: median(runs.map((x) => x.loadedRssMb)),
  };
}

function measure(s: Scenario, repeat: number): Row {
  const plans: Run[] = [];
  const bases: Run[] = [];
  for (let i = 0; i < repeat; i++) {
    const plan = spawn(["--scenario", s.id, "--mode", "plan", ...(process.argv.includes("--stack-traces") ? ["--stack-traces"] : [])]);
    plans.push(plan);
    bases.push(spawn(["--scenario", s.id, "--mode", "baseline", "--resources", String(plan.resources)]));
  }
  return {
    s,
    plan: side(plans),
    base: side(bases),
    runRatio: median(plans.map((p, i) => p.runMs / bases[i].runMs)),
    cpuRatio: median(plans.map((p, i) => p.cpuMs / bases[i].cpuMs)),
    first: plans[0],
  };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

/** The 1, 5 and 15 minute load averages: on a shared machine they say how far wall times can be trusted. */
export function loadAverage(): string {
  return os
    .loadavg()
    .map((l) => l.toFixed(2))
    .join(" / ");
}

/** The smallest stack of the ladder: the point from which the memory each added resource costs is measured. */
const REFERENCE = "2x2";

/**
 * Memory per resource, two ways. `perResource` is peak RSS / resources: at a few dozen resources it
 * is mostly the fixed cost of the modules each side loads (loadedRssMb), which no number of
 * resources amortises. `perAddedResource` is what each resource beyond the smallest stack adds:
 * (peak - peak of REFERENCE) / (resources - its resources), the slope of memory against size,
 * undefined for the reference itself or when it was not run.
 */
function memory(row: Row, reference: Row | undefined) {
  const kb = (mb: number) => (mb * 1024) / row.first.resources;
  const slope = (side: "plan" | "base") =>
    reference && reference !== row && row.first.resources > reference.first.resources
      ? ((row[side].peakRssMb - reference[side].peakRssMb) * 1024) / (row.first.resources - reference.first.resources)
      : undefined;
  return {
    perResource: { plan: kb(row.plan.peakRssMb), base: kb(row.base.peakRssMb) },
    perAddedResource: { plan: slope("plan"), base: slope("base") },
  };
}

/**
 * The goal per size: whole-process CPU (steadier than wall on a shared machine) and memory per
 * resource, judged on what each added resource costs (undefined at the reference size); the
 * peak / resources comparison is reported beside it.
 */
function verdicts(row: Row, reference: Row | undefined): { cpu: boolean; memory: boolean | undefined; perResource: boolean } {
  const m = memory(row, reference);
  const added = m.perAddedResource;
  return {
    cpu: row.cpuRatio <= TARGET_RATIO,
    memory: added.plan === undefined || added.base === undefined ? undefined : added.plan <= added.base,
    perResource: m.perResource.plan <= m.perResource.base,
  };
}

function table(rows: Row[], repeat: number, load: { start: string; end: string }): string {
  const f = (n: number) => Math.round(n).toLocaleString("en-US");
  const reference = rows.find((r) => r.s.id === REFERENCE);
  const targets = rows.filter((r) => r.s.target);
  const judged = targets.map((r) => verdicts(r, reference));
  const cpuMet = judged.filter((v) => v.cpu).length;
  const memoryJudged = judged.filter((v) => v.memory !== undefined);
  const memoryMet = memoryJudged.filter((v) => v.memory).length;
  const perResourceMet = judged.filter((v) => v.perResource).length;
  const lines = [
    `Machine: ${machine()}; load average (1 / 5 / 15 min) ${load.start} at the start, ${load.end} at the end. ` +
      `${repeat} fresh processes per side, plan and mock alone alternated; medians. ` +
      "run = from before the program to the end of the plan, modules loaded; process = spawn to exit (wall); " +
      "CPU = user + system of the whole process; ratios are medians of the paired runs; " +
      "loaded = RSS with the side's modules loaded, before its run (its fixed cost); peak = highest peak RSS; " +
      `KB/resource = peak / resources; KB/added resource = (peak - peak at ${REFERENCE}) / (resources - resources at ${REFERENCE}). ` +
      `✓/✗ (sizes held to the goal): CPU ratio <= ${TARGET_RATIO}x; plan KB/added resource <= mock's.`,
    "",
    `Goal (issue 17) at the ${targets.length} sizes held to it: CPU ratio <= ${TARGET_RATIO}x met at ${cpuMet}; ` +
      (reference
        ? `memory per added resource at most the mock's met at ${memoryMet} of ${memoryJudged.length} (${REFERENCE} is the reference)`
        : `memory per added resource not judged (${REFERENCE} not run)`) +
      `; peak / resources at most the mock's at ${perResourceMet}.`,
    "",
    "| scenario | instances | grants | resources | policies | chars/policy min / avg / max | plan run ms | mock alone ms | run ratio | plan process ms | mock alone process ms | plan CPU ms | mock alone CPU ms | CPU ratio | loaded MB plan / mock | peak MB plan / mock | KB/resource plan / mock | KB/added resource plan / mock |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const row of rows) {
    const { s, plan, base, runRatio, cpuRatio, first } = row;
    const c = first.policyChars;
    const chars = `${f(Math.min(...c))} / ${f(c.reduce((a, b) => a + b, 0) / c.length)} / ${f(Math.max(...c))}`;
    const met = verdicts(row, reference);
    const m = memory(row, reference);
    const verdict = s.target ? (met.cpu ? " ✓" : ` ✗ (target ${TARGET_RATIO}x)`) : "";
    const added =
      m.perAddedResource.plan === undefined || m.perAddedResource.base === undefined
        ? "—"
        : `${f(m.perAddedResource.plan)} / ${f(m.perAddedResource.base)}${s.target ? (met.memory ? " ✓" : " ✗") : ""}`;
    lines.push(
      `| ${s.id} | ${f(s.instances)} | ${s.grants} | ${f(first.resources)} | ${first.policies} | ${chars} | ${f(plan.runMs)} | ${f(base.runMs)} | ${runRatio.toFixed(2)}x | ${f(plan.processMs)} | ${f(base.processMs)} | ${f(plan.cpuMs)} | ${f(base.cpuMs)} | ${cpuRatio.toFixed(2)}x${verdict} | ${f(plan.loadedRssMb)} / ${f(base.loadedRssMb)} | ${f(plan.peakRssMb)} / ${f(base.peakRssMb)} | ${f(m.perResource.plan)} / ${f(m.perResource.base)} | ${added} |`,
    );
  }
  return lines.join("\n");
}

async function main(): Promise<void> {
  const id = arg("scenario");
  if (id) {
    process.stdout.write(JSON.stringify(await child(id, arg("mode") ?? "plan")) + "\n");
    return;
  }
  const repeat = Number(arg("repeat") ?? 3);
  const only = arg("only")?.split(",");
  const start = loadAverage();
  const rows: Row[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.id))) {
    const row = measure(s, repeat);
    if (row.first.mandatoryViolations > 0)
      process.stderr.write(`${s.id}: ${row.first.mandatoryViolations} mandatory policy violations in the generated stack\n`);
    process.stderr.write(`${s.id}: plan ${Math.round(row.plan.runMs)} ms, mock alone ${Math.round(row.base.runMs)} ms\n`);
    rows.push(row);
  }
  const text = table(rows, repeat, { start, end: loadAverage() }) + "\n";
  process.stdout.write(text);
  const out = arg("out");
  if (out) fs.writeFileSync(out, text);
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
