// `node dist/bench/check-stack-scale.js [--repeat 5] [--sizes 0,1000]`: the policy pack's cost
// per resource, measured as a platform team would meet it: `ec2-access check-stack` on a stack
// export, as a whole process (node start, module loading, reading the file, every policy of the
// pack, printing JSON), under /usr/bin/time for wall, CPU and peak RSS. Median of `repeat` runs.
//
// The export is made from the real one in test/checkStack/fixtures (a Lambda handler stack: a
// role, nine AWS managed policy attachments, a function, a bucket...): its resources copied
// under new names until the stack has N resources, every 16th of them an identity policy from
// the AWS pages (test/policypack/support/seeds.ts), so that every document rule has work.
// Size 0 is the same export with no resource at all: the fixed cost that the per-resource figure
// leaves out.
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { instanceConnect, serialConsoleEn, sessionManagerQuickstart } from "../test/policypack/support/seeds";

const ROOT = path.resolve(__dirname, "..", "..");
const FIXTURE = path.join(ROOT, "test", "checkStack", "fixtures", "sample-export.json");
const BIN = path.join(ROOT, "bin", "ec2-access.js");

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

type Json = Record<string, any>;

/** A stack export of exactly `size` resources built from the real one. */
export function generatedExport(size: number): Json {
  const real = JSON.parse(fs.readFileSync(FIXTURE, "utf8"));
  const all: Json[] = real.deployment.resources;
  const [stack, provider] = all;
  const body = all.slice(2);
  const documents = [...Object.values(sessionManagerQuickstart), ...Object.values(instanceConnect), ...Object.values(serialConsoleEn)];
  const resources: Json[] = size === 0 ? [] : [stack, provider];
  for (let copy = 0; resources.length < size; copy++) {
    for (const r of body) {
      if (resources.length >= size) break;
      // `docs` -> `docs<copy>` everywhere (the bucket `docs`, `docsHandler-...`): URNs, parents,
      // dependencies and names stay consistent within a copy and distinct between copies.
      resources.push(JSON.parse(JSON.stringify(r).replaceAll("docs", `docs${copy}`)));
    }
    if (resources.length >= size) break;
    const name = `access-${copy}`;
    const policy = JSON.stringify(documents[copy % documents.length]);
    resources.push({
      urn: `urn:pulumi:dev::sample::aws:iam/policy:Policy::${name}`,
      custom: true,
      id: `arn:aws:iam::941377148201:policy/${name}`,
      type: "aws:iam/policy:Policy",
      inputs: { __defaults: [], name, path: "/", policy },
      outputs: { arn: `arn:aws:iam::941377148201:policy/${name}`, id: `arn:aws:iam::941377148201:policy/${name}`, name, path: "/", policy },
      parent: stack.urn,
      provider: provider.urn + "::" + provider.id,
    });
  }
  return { ...real, deployment: { ...real.deployment, resources } };
}

interface Run {
  wallS: number;
  cpuS: number;
  peakRssMb: number;
  violations: number;
}

function once(file: string): Run {
  const out = path.join(path.dirname(file), "time.txt");
  let stdout = "";
  try {
    stdout = execFileSync(
      "/usr/bin/time",
      ["-o", out, "-f", "%e %U %S %M", process.execPath, BIN, "check-stack", file, "--format", "json"],
      { maxBuffer: 1 << 30, encoding: "utf8" },
    );
  } catch (e) {
    // Exit 1 (a mandatory violation) is a result, not a failure of the run.
    const err = e as { status: number; stdout: string };
    if (err.status !== 1) throw e;
    stdout = err.stdout;
  }
  const [wall, user, sys, rssKb] = fs.readFileSync(out, "utf8").trim().split("\n").pop()!.split(" ").map(Number);
  return { wallS: wall, cpuS: user + sys, peakRssMb: rssKb / 1024, violations: JSON.parse(stdout).violations.length };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

function main(): void {
  const repeat = Number(arg("repeat", "5"));
  const sizes = arg("sizes", "0,1000").split(",").map(Number);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "check-stack-bench-"));
  const rows: { size: number; wallS: number; cpuS: number; peakRssMb: number; violations: number }[] = [];
  try {
    for (const size of sizes) {
      const file = path.join(dir, `export-${size}.json`);
      fs.writeFileSync(file, JSON.stringify(generatedExport(size)));
      const runs = Array.from({ length: repeat }, () => once(file));
      rows.push({
        size,
        wallS: median(runs.map((r) => r.wallS)),
        cpuS: median(runs.map((r) => r.cpuS)),
        peakRssMb: median(runs.map((r) => r.peakRssMb)),
        violations: runs[0].violations,
      });
    }
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
  const cpu = os.cpus()[0]?.model ?? "unknown";
  // Wall time depends on what else the machine runs: the load average says how busy it was.
  const load = os
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(" ");
  console.log(
    `check-stack, median of ${repeat} runs; nproc ${os.availableParallelism()}, ${cpu}, Node ${process.version}, load average after the runs ${load}\n`,
  );
  console.log("| resources | violations | wall (s) | CPU (s) | peak RSS (MB) |");
  console.log("|---:|---:|---:|---:|---:|");
  for (const r of rows)
    console.log(`| ${r.size} | ${r.violations} | ${r.wallS.toFixed(2)} | ${r.cpuS.toFixed(2)} | ${r.peakRssMb.toFixed(0)} |`);
  const base = rows.find((r) => r.size === 0);
  for (const r of rows.filter((x) => x.size > 0 && base)) {
    console.log(
      `\nper resource at ${r.size} (over the empty export): wall ${(((r.wallS - base!.wallS) / r.size) * 1000).toFixed(2)} ms, CPU ${(((r.cpuS - base!.cpuS) / r.size) * 1000).toFixed(2)} ms, ` +
        `peak RSS ${(((r.peakRssMb - base!.peakRssMb) / r.size) * 1024).toFixed(0)} KB`,
    );
  }
}

if (require.main === module) main();
