// `npm run bench`: offline plans of generated stacks (bench/scenarios.ts), each in a fresh
// node process so that memory and JIT warm-up do not leak from one scenario into the next,
// against Pulumi's mock runtime alone registering as many resources (bench/baseline.ts).
// Prints a Markdown table (docs/scale.md holds the last one, with the machine).
//
//   node dist/bench/plan-scale.js [--repeat 3] [--only 1000x51,5000x200]
//   node dist/bench/plan-scale.js --scenario 1000x51 --mode plan|baseline [--resources N]   (one child run)
import { execFileSync } from "node:child_process";
import * as os from "node:os";
import { SCENARIOS, Scenario, TARGET_RATIO } from "./scenarios";

export interface Measurement {
  /** From just before the run to the end of it, modules already loaded. */
  runMs: number;
  /** Peak resident set size of the whole process, in MB. */
  peakRssMb: number;
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
// eslint-disable-next-line @typescript-eslint/no-require-imports
async function child(id: string, mode: string): Promise<Measurement> {
  const peak = () => process.resourceUsage().maxRSS / 1024;
  if (mode === "baseline") {
    const { registerPlainPolicies } = require("./baseline") as typeof import("./baseline");
    const count = Number(arg("resources"));
    const t0 = performance.now();
    await registerPlainPolicies(count);
    return { runMs: performance.now() - t0, peakRssMb: peak(), resources: count, policies: count - 1, policyChars: [], mandatoryViolations: 0 };
  }
  const { runPlan } = require("../plan/run") as typeof import("../plan/run");
  const { generatedStack } = require("./stacks") as typeof import("./stacks");
  const config = generatedStack(scenario(id));
  const t0 = performance.now();
  const run = await runPlan({ stack: "scale", config });
  const runMs = performance.now() - t0;
  const policies = run.registrations.filter((r) => r.type === "aws:iam/policy:Policy");
  return {
    runMs,
    peakRssMb: peak(),
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

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

interface Row {
  s: Scenario;
  plan: Measurement & { processMs: number };
  base: Measurement & { processMs: number };
}

function measure(s: Scenario, repeat: number): Row {
  const plans = Array.from({ length: repeat }, () => spawn(["--scenario", s.id, "--mode", "plan"]));
  const resources = plans[0].resources;
  const bases = Array.from({ length: repeat }, () => spawn(["--scenario", s.id, "--mode", "baseline", "--resources", String(resources)]));
  const pick = (ms: (Measurement & { processMs: number })[]) => {
    const m = median(ms.map((x) => x.runMs));
    return { ...ms.find((x) => x.runMs === m)!, peakRssMb: Math.max(...ms.map((x) => x.peakRssMb)), processMs: median(ms.map((x) => x.processMs)) };
  };
  return { s, plan: pick(plans), base: pick(bases) };
}

export function machine(): string {
  const cpus = os.cpus();
  return `${cpus.length} × ${cpus[0]?.model.trim() ?? "unknown CPU"}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${os.type()} ${os.release()}`;
}

function table(rows: Row[], repeat: number): string {
  const f = (n: number) => Math.round(n).toLocaleString("en-US");
  const lines = [
    `Machine: ${machine()}. Median of ${repeat} fresh processes per cell; run = from before the program to the end of the plan, modules loaded; process = spawn to exit.`,
    "",
    "| scenario | instances | grants | resources | policies | chars/policy min / avg / max | plan run ms | mock alone ms | ratio | plan process ms | mock alone process ms | plan peak RSS MB | mock alone peak RSS MB |",
    "|---|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|--:|",
  ];
  for (const { s, plan, base } of rows) {
    const c = plan.policyChars;
    const chars = `${f(Math.min(...c))} / ${f(c.reduce((a, b) => a + b, 0) / c.length)} / ${f(Math.max(...c))}`;
    const ratio = plan.runMs / base.runMs;
    const verdict = s.target ? (ratio <= TARGET_RATIO ? " ✓" : ` ✗ (target ${TARGET_RATIO}x)`) : "";
    lines.push(
      `| ${s.id} | ${f(s.instances)} | ${s.grants} | ${f(plan.resources)} | ${plan.policies} | ${chars} | ${f(plan.runMs)} | ${f(base.runMs)} | ${ratio.toFixed(2)}x${verdict} | ${f(plan.processMs)} | ${f(base.processMs)} | ${f(plan.peakRssMb)} | ${f(base.peakRssMb)} |`,
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
  const rows: Row[] = [];
  for (const s of SCENARIOS.filter((x) => !only || only.includes(x.id))) {
    const row = measure(s, repeat);
    if (row.plan.mandatoryViolations > 0) process.stderr.write(`${s.id}: ${row.plan.mandatoryViolations} mandatory policy violations in the generated stack\n`);
    process.stderr.write(`${s.id}: plan ${Math.round(row.plan.runMs)} ms, mock alone ${Math.round(row.base.runMs)} ms\n`);
    rows.push(row);
  }
  process.stdout.write(table(rows, repeat) + "\n");
}

main().catch((e) => {
  process.stderr.write(`${(e as Error).stack ?? e}\n`);
  process.exit(1);
});
