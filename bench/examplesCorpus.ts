// `node dist/bench/examplesCorpus.js --examples <git dir of pulumi/examples>` (after `npx tsc -p .`):
// every TypeScript/JavaScript AWS program of pulumi/examples (each Pulumi.yaml under aws-ts-*/aws-js-*)
// run on Pulumi's mock runtime with this repository's @pulumi/pulumi and @pulumi/aws, the way the
// offline plan runs ec2-access (plan/mocks.ts, plan/capture.ts), then the pack through the plan's
// own runner (plan/policyRunner.ts). The programs are read from the git directory (`git archive`
// into a temporary folder), never copied into this repository.
//
// Each program runs in its own child process (Pulumi's runtime settings are process-global, and a
// program that leaves a rejected promise behind must not take the others down), with a timeout.
// Programs that cannot load here (a package this repository does not install, such as @pulumi/awsx,
// an API that @pulumi/aws 7 removed, a missing mock) are counted and listed with their first error.
//
// Independent oracle: for every IAM principal a program defines, the documents attached to it
// (inline, customer managed, AWS managed by ARN) are given to the IAM simulator
// (@cloud-copilot/iam-simulate, dev only) for each access request a rule guards. A request the
// simulator allows with no rule flagging that principal is a false-negative candidate; a rule
// that flags a principal for which the simulator allows none of its requests is a false-positive
// candidate. The judgement of each is written by hand in policypack/README.md.
// Writes bench/results/examples-corpus.json and prints the tables.
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { ProgramReport } from "./examplesCorpusReport";
export type { PrincipalReport, ProgramReport } from "./examplesCorpusReport";

const REPO = path.join(__dirname, "..", "..");
export const MARK = "@@examples-corpus@@";
/** `--extra-modules <dir>`: node_modules folders searched before this repository's (packages the programs need that it does not install). */
const extraModules: string[] = [];
const TIMEOUT_MS = 180_000;

// ----- the oracle's requests -----------------------------------------------------------------

const ACCOUNT = "123456789012";
const REGION = "us-east-1";
const INSTANCE = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance/i-0123456789abcdef0`;
const MANAGED_NODE = `arn:aws:ssm:${REGION}:${ACCOUNT}:managed-instance/mi-0123456789abcdef0`;
const ENDPOINT = `arn:aws:ec2:${REGION}:${ACCOUNT}:instance-connect-endpoint/eice-0123456789abcdef0`;

/** [request label, rules that guard it, action, resource, context]. */
export const REQUESTS: [string, string[], string, string, Record<string, string>][] = [
  ["StartSession on an untagged instance", ["require-session-instance-scope"], "ssm:StartSession", INSTANCE, {}],
  ["StartSession on a managed node", ["require-session-instance-scope"], "ssm:StartSession", MANAGED_NODE, {}],
  [
    "SendSSHPublicKey as ec2-user",
    ["require-instance-connect-instance-scope"],
    "ec2-instance-connect:SendSSHPublicKey",
    INSTANCE,
    { "ec2:osuser": "ec2-user" },
  ],
  [
    "SendSSHPublicKey as root",
    ["require-instance-connect-os-user"],
    "ec2-instance-connect:SendSSHPublicKey",
    INSTANCE,
    { "ec2:osuser": "root" },
  ],
  [
    "SendSerialConsoleSSHPublicKey",
    ["require-serial-console-instance-scope"],
    "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
    INSTANCE,
    {},
  ],
  [
    "OpenTunnel to 3389 for a day",
    ["restrict-instance-connect-tunnel"],
    "ec2-instance-connect:OpenTunnel",
    ENDPOINT,
    { "ec2-instance-connect:remotePort": "3389", "ec2-instance-connect:maxTunnelDuration": "86400" },
  ],
  ["SendCommand on an instance", ["require-run-command-scope"], "ssm:SendCommand", INSTANCE, {}],
  [
    "TerminateSession of another user",
    ["restrict-session-termination"],
    "ssm:TerminateSession",
    `arn:aws:ssm:${REGION}:${ACCOUNT}:session/someone-else-0123456789abcdef0`,
    {},
  ],
  ["EnableSerialConsoleAccess", ["restrict-serial-console-admin-actions"], "ec2:EnableSerialConsoleAccess", "*", {}],
];

// ----- what one program's child process reports ----------------------------------------------

// ----- the parent: list, extract, run each program, summarise --------------------------------

function programDirs(gitDir: string, commit: string): string[] {
  const files = execFileSync("git", ["-C", gitDir, "ls-tree", "-r", "--name-only", commit], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  }).split("\n");
  return files
    .filter((f) => /^aws-(ts|js)-[^/]+\/(.*\/)?Pulumi\.yaml$/.test(f))
    .map((f) => path.dirname(f))
    .filter((d) => {
      const yaml = execFileSync("git", ["-C", gitDir, "show", `${commit}:${d}/Pulumi.yaml`], { encoding: "utf8" });
      return /runtime:\s*(\n\s+name:\s*)?nodejs/.test(yaml);
    })
    .sort();
}

/**
 * Writes the programs' files under `into`. Not `git archive`: a fetched snapshot may lack its
 * largest blobs, and archive stops at the first; those are skipped and listed instead.
 */
function extract(gitDir: string, commit: string, tops: string[], into: string): string[] {
  const entries = execFileSync("git", ["-C", gitDir, "ls-tree", "-r", "-z", commit, "--", ...tops], {
    encoding: "utf8",
    maxBuffer: 64 << 20,
  })
    .split("\0")
    .filter(Boolean)
    .map((line) => {
      const [meta, file] = line.split("\t");
      const [mode, type, sha] = meta.split(" ");
      return { mode, type, sha, file };
    })
    .filter((e) => e.type === "blob" && e.mode !== "120000");
  const batch = execFileSync("git", ["-C", gitDir, "cat-file", "--batch"], {
    input: entries.map((e) => e.sha).join("\n") + "\n",
    maxBuffer: 1 << 30,
  });
  const missing: string[] = [];
  let at = 0;
  for (const e of entries) {
    const eol = batch.indexOf(10, at);
    const header = batch.subarray(at, eol).toString();
    at = eol + 1;
    if (header.endsWith("missing")) {
      missing.push(e.file);
      continue;
    }
    const size = Number(header.split(" ")[2]);
    mkdirSync(path.dirname(path.join(into, e.file)), { recursive: true });
    writeFileSync(path.join(into, e.file), batch.subarray(at, at + size));
    at += size + 1;
  }
  return missing;
}

/** Runs the program, again with a placeholder for each required config key it lacks (at most 8). */
async function runProgram(dir: string, program: string): Promise<ProgramReport> {
  const placeholders: string[] = [];
  for (;;) {
    const r = await runChild(dir, program, placeholders);
    const json = /Configuration '([^']+)' value .* is not a valid JSON object/.exec(r.error ?? "")?.[1];
    const key = /Missing required configuration variable '([^']+)'/.exec(r.error ?? "")?.[1] ?? (json && `${json}={}`);
    if (!key || placeholders.includes(key) || placeholders.length >= 8) return r;
    placeholders.push(key);
  }
}

function runChild(dir: string, program: string, placeholders: string[]): Promise<ProgramReport> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [__filename, "--one", path.join(dir, program)], {
      cwd: path.join(dir, program),
      env: {
        ...process.env,
        NODE_PATH: [...extraModules, path.join(REPO, "node_modules")].join(path.delimiter),
        PULUMI_CONFIG_PASSPHRASE: "",
        EXAMPLES_CORPUS_PLACEHOLDERS: JSON.stringify(placeholders),
      },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let out = "";
    let err = "";
    child.stdout.on("data", (d) => (out += d));
    child.stderr.on("data", (d) => (err += d));
    const timer = setTimeout(() => child.kill("SIGKILL"), TIMEOUT_MS);
    child.on("close", (code, signal) => {
      clearTimeout(timer);
      const seconds = (Date.now() - started) / 1000;
      const line = out.split("\n").find((l) => l.startsWith(MARK));
      if (line) return resolve({ ...(JSON.parse(line.slice(MARK.length)) as ProgramReport), program, seconds });
      const why = signal ? `killed by ${signal} after ${TIMEOUT_MS / 1000} s` : `exit ${code}`;
      resolve({ program, status: "failed", error: `${why}: ${firstLine(err || out)}`, placeholders, seconds });
    });
  });
}

function firstLine(text: string): string {
  const lines = text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean);
  return (lines.find((l) => /Error|error|Cannot/.test(l)) ?? lines[0] ?? "").slice(0, 300);
}

async function main(args: string[]): Promise<void> {
  const at = args.indexOf("--examples");
  const gitDir = at >= 0 ? args[at + 1] : undefined;
  if (!gitDir || !existsSync(gitDir)) {
    console.error(
      "usage: node dist/bench/examplesCorpus.js --examples <git dir of pulumi/examples> [--only <program>] [--extra-modules <node_modules dir>]...",
    );
    process.exit(2);
  }
  for (let i = 0; i < args.length; i++) if (args[i] === "--extra-modules") extraModules.push(path.resolve(args[++i]));
  const only = args.indexOf("--only") >= 0 ? args[args.indexOf("--only") + 1] : undefined;
  const commit = execFileSync("git", ["-C", gitDir, "rev-parse", "HEAD"], { encoding: "utf8" }).trim();
  const programs = programDirs(gitDir, commit).filter((p) => !only || p === only);
  const tmp = mkdtempSync(path.join(os.tmpdir(), "examples-corpus-"));
  const started = Date.now();
  try {
    const tops = [...new Set(programs.map((p) => p.split("/")[0]))];
    const missing = extract(gitDir, commit, tops, tmp);
    if (missing.length) console.error(`${missing.length} files absent from the snapshot, skipped: ${missing.join(", ")}`);
    const reports: ProgramReport[] = [];
    for (const p of programs) {
      const r = await runProgram(tmp, p);
      console.error(
        `${p}: ${r.status}${r.error ? ` (${r.error})` : ` ${r.resources} resources, ${r.violations?.length} violations, ${r.registrationErrors?.length} registration errors`} ${r.seconds.toFixed(1)} s`,
      );
      reports.push(r);
    }
    summarise(commit, reports, (Date.now() - started) / 1000);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

function summarise(commit: string, reports: ProgramReport[], seconds: number): void {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- only the summary needs the pack
  const { policies } = require("../policypack/policies") as typeof import("../policypack/policies");
  const ran = reports.filter((r) => r.status === "ran");
  const failed = reports.filter((r) => r.status === "failed");
  const result = { examplesCommit: commit, extraModules, seconds, tried: reports.length, ran: ran.length, failed: failed.length, reports };
  const out = path.join(REPO, "bench", "results");
  mkdirSync(out, { recursive: true });
  writeFileSync(path.join(out, "examples-corpus.json"), JSON.stringify(result, null, 1));

  const resources = ran.reduce((n, r) => n + (r.resources ?? 0), 0);
  const principals = ran.reduce((n, r) => n + (r.principals?.length ?? 0), 0);
  console.log(
    `pulumi/examples ${commit}: ${reports.length} programs tried, ${ran.length} ran, ${failed.length} failed; ${resources} resources, ${principals} IAM principals; ${seconds.toFixed(0)} s\n`,
  );
  console.log("| Rule | Programs | Violations |\n|---|---:|---:|");
  for (const p of policies) {
    const vs = ran.flatMap((r) => (r.violations ?? []).filter((v) => v.policy === p.name).map(() => r.program));
    console.log(`| \`${p.name}\` | ${new Set(vs).size} | ${vs.length} |`);
  }
  const other = ran.flatMap((r) => (r.violations ?? []).filter((v) => !policies.some((p) => p.name === v.policy)));
  if (other.length) console.log(`| (other) | | ${other.length} |`);

  console.log("\n| Request (simulator) | Principals allowed | of them flagged by its rule | not flagged |\n|---|---:|---:|---:|");
  for (const [label, rules] of REQUESTS) {
    const allowed = ran.flatMap((r) => (r.principals ?? []).filter((p) => p.allowed.includes(label)).map((p) => ({ r, p })));
    const flagged = allowed.filter(({ p }) => rules.some((rule) => p.flaggedBy.includes(rule)));
    console.log(`| ${label} | ${allowed.length} | ${flagged.length} | ${allowed.length - flagged.length} |`);
    for (const { r, p } of allowed.filter((a) => !flagged.includes(a))) console.log(`|   not flagged: ${r.program} ${p.key} | | | |`);
  }
  console.log("\nFlagged principals, simulator allows none of the rule's requests (false-positive candidates):");
  for (const r of ran) {
    for (const p of r.principals ?? []) {
      for (const rule of p.flaggedBy) {
        const requests = REQUESTS.filter(([, rules]) => rules.includes(rule)).map(([label]) => label);
        if (requests.length && !requests.some((l) => p.allowed.includes(l))) console.log(`- ${r.program} ${p.key}: ${rule}`);
      }
    }
  }
  console.log("\nViolations:");
  for (const r of ran)
    for (const v of r.violations ?? [])
      console.log(`- ${r.program} ${v.policy} ${v.urn.split("::").slice(2).join("::")}: ${v.message.slice(0, 240)}`);
  console.log("\nFailed to load:");
  for (const r of failed) console.log(`- ${r.program}: ${r.error}`);
}

if (process.argv[2] === "--one") {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  (require("./examplesCorpusProgram") as typeof import("./examplesCorpusProgram"))
    .runOne(process.argv[3], REQUESTS, MARK)
    .catch((e: unknown) => {
      console.error(e instanceof Error ? `${e.name}: ${e.message}` : String(e));
      process.exit(1);
    });
} else {
  main(process.argv.slice(2)).catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
