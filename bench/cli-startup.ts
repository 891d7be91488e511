// Start-up of the commands people wait for (README, "Speed and scale"): `help`, `diff` (the PR
// comment step), `check-policy`, `check-stack --help`, `audit --help`, each a fresh
// `node bin/ec2-access.js` process, with `node -e 0` as the machine's floor. Whole process: wall
// time measured here, CPU (user + system, which the machine's load disturbs less) reported by
// the child itself at exit (process.cpuUsage counts from the process's start). Checkouts given
// with --before and this one alternate run by run, so that a change of load falls on both alike.
//
//   npm run build && node dist/bench/cli-startup.js [--repeat 7] [--before <another built checkout>]
import { execFileSync, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";

const ROOT = path.join(__dirname, "..", "..");

function arg(name: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : undefined;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Inputs of the commands: the dev plan (a real run) and a one-statement document. */
function inputs(dir: string): Record<string, string[]> {
  const plan = path.join(dir, "dev.json");
  fs.writeFileSync(
    plan,
    execFileSync(process.execPath, [path.join(ROOT, "bin", "ec2-access.js"), "plan", "--stack", "dev", "--format", "json"], { cwd: ROOT }),
  );
  const policy = path.join(dir, "policy.json");
  fs.writeFileSync(
    policy,
    JSON.stringify({ Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "ec2:DescribeInstances", Resource: "*" }] }),
  );
  return {
    help: ["help"],
    "diff (the dev plan against itself, markdown)": ["diff", "--base", plan, "--head", plan, "--format", "markdown"],
    "check-policy (a one-statement document)": ["check-policy", policy],
    "check-stack --help": ["check-stack", "--help"],
    "audit --help": ["audit", "--help"],
  };
}

/** One fresh process: wall and CPU seconds. */
function run(dir: string, argv: string[]): { wall: number; cpu: number } {
  const out = path.join(dir, "cpu.json");
  const hook = path.join(dir, "cpu.js");
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", hook, ...argv], {
    cwd: ROOT,
    stdio: ["ignore", "ignore", "ignore"],
    env: { ...process.env, CPU_OUT: out },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  if (r.status !== 0 && r.status !== 1) throw new Error(`${argv.join(" ")}: exit ${r.status}`);
  const { user, system } = JSON.parse(fs.readFileSync(out, "utf8")) as { user: number; system: number };
  return { wall, cpu: (user + system) / 1e6 };
}

function main(): void {
  const repeat = Number(arg("repeat") ?? 7);
  const checkouts = [...(arg("before") ? [["before", path.resolve(arg("before")!)]] : []), ["after", ROOT]] as [string, string][];
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-startup-"));
  try {
    fs.writeFileSync(
      path.join(dir, "cpu.js"),
      `process.on("exit", () => require("fs").writeFileSync(process.env.CPU_OUT, JSON.stringify(process.cpuUsage())));\n`,
    );
    const commands = inputs(dir);
    const cells = new Map<string, { wall: number; cpu: number }[]>();
    const add = (key: string, m: { wall: number; cpu: number }) => cells.set(key, [...(cells.get(key) ?? []), m]);
    const load: number[] = [];
    for (let i = 0; i < repeat; i++) {
      load.push(os.loadavg()[0]);
      add("floor", run(dir, ["-e", "0"]));
      for (const [name, argv] of Object.entries(commands))
        for (const [side, root] of checkouts) add(`${name}\u0000${side}`, run(dir, [path.join(root, "bin", "ec2-access.js"), ...argv]));
    }
    const cell = (key: string) => {
      const ms = cells.get(key)!;
      return `${median(ms.map((m) => m.wall)).toFixed(2)} s / ${median(ms.map((m) => m.cpu)).toFixed(2)} s`;
    };
    const cpus = os.cpus();
    process.stdout.write(
      `${cpus.length} x ${cpus[0]?.model.trim() ?? "unknown CPU"}, Node ${process.version}, median of ${repeat} alternated runs, ` +
        `load average ${Math.min(...load).toFixed(1)} to ${Math.max(...load).toFixed(1)}; \`node -e 0\` alone ${cell("floor")} (wall / CPU)\n\n`,
    );
    process.stdout.write(
      `| command | ${checkouts.map(([side]) => `${side} wall / CPU`).join(" | ")} |\n|---|${checkouts.map(() => "--:|").join("")}\n`,
    );
    for (const name of Object.keys(commands))
      process.stdout.write(
        `| \`${name.replace(" (", "` (")}${name.includes(" (") ? "" : "`"} | ${checkouts.map(([side]) => cell(`${name}\u0000${side}`)).join(" | ")} |\n`,
      );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

main();
