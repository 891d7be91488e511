// Starts moto's server (test/support/motoServer.py: moto plus the EC2 calls moto 5.2.1 lacks and
// injectable faults) on 127.0.0.1 on a free port, for tests that read an account through the real
// AWS SDK. `stop()` ends the process it started, and only that one.
import type { ChildProcess } from "node:child_process";
import { spawn, spawnSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as os from "node:os";
import * as path from "node:path";

export interface Moto {
  endpoint: string;
  /** Makes actions fail: {"ListRoles": {"code": "ThrottlingException", "times": 2}}; {} clears. */
  setFaults: (faults: Record<string, { code: string; message?: string; times?: number; status?: number }>) => void;
  /** Action names answered with a fault so far, in order. */
  faulted: () => string[];
  /** Organizations as a member account sees it: calls answered from `servedBy`'s organization; CreateAccount hands out `newAccountIds` first. {} clears. */
  setOrganization: (setup: { servedBy?: string; newAccountIds?: string[] }) => void;
  /** Forgets every resource (moto's own reset). */
  reset: () => Promise<void>;
  stop: () => Promise<void>;
}

const LAUNCHER = path.resolve(__dirname, "../../../test/support/motoServer.py");

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = net.createServer();
    s.once("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as net.AddressInfo).port;
      s.close(() => resolve(port));
    });
  });
}

/** Fails with the fix when python3 or moto is missing (CI machines have moto 5.2.1). */
export function checkMotoInstalled(): void {
  const r = spawnSync("python3", ["-c", "import moto, moto.server; print(moto.__version__)"], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    throw new Error(
      `moto's server is needed for the audit tests and could not be loaded (${r.error?.message ?? r.stderr.trim().split("\n").pop()}); install it with: python3 -m pip install 'moto[server]==5.2.1'`,
    );
  }
}

export async function startMoto(env: Record<string, string> = {}): Promise<Moto> {
  checkMotoInstalled();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-moto-"));
  const faults = path.join(dir, "faults.json");
  // Its log (a line per request) goes to a file: a pipe would fill while the caller is blocked
  // (spawnSync in the bench) and stall the server.
  const log = path.join(dir, "moto.log");
  const logFd = fs.openSync(log, "w");
  const child: ChildProcess = spawn("python3", [LAUNCHER, String(port), faults], {
    stdio: ["ignore", "ignore", logFd],
    env: { ...process.env, ...env },
  });
  fs.closeSync(logFd);
  const tail = () => fs.readFileSync(log, "utf8").slice(-4000);
  const endpoint = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`moto's server exited (${child.exitCode}): ${tail()}`);
    try {
      const r = await fetch(`${endpoint}/moto-api/data.json`);
      if (r.ok) break;
    } catch {
      /* not listening yet */
    }
    if (Date.now() > deadline) {
      child.kill();
      throw new Error(`moto's server did not answer on ${endpoint} within 30 s: ${tail()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return {
    endpoint,
    setFaults: (f) => fs.writeFileSync(faults, JSON.stringify(f)),
    setOrganization: (o) => fs.writeFileSync(`${faults}.org`, JSON.stringify(o)),
    faulted: () => (fs.existsSync(`${faults}.log`) ? fs.readFileSync(`${faults}.log`, "utf8").split("\n").filter(Boolean) : []),
    reset: async () => {
      await fetch(`${endpoint}/moto-api/reset`, { method: "POST" });
    },
    stop: async () => {
      if (child.exitCode === null) {
        const exited = new Promise((r) => child.once("exit", r));
        child.kill("SIGTERM");
        await exited;
      }
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Credentials and Region for the SDK's default chain, pointing nowhere real. */
export const FAKE_AWS_ENV = { AWS_ACCESS_KEY_ID: "testing", AWS_SECRET_ACCESS_KEY: "testing", AWS_REGION: "us-east-1" };
