// Helpers of the CLI tests: the CLI's entry function in-process, and throwaway projects.
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Io } from "../../cli/main";
import { planStack } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";

export const ROOT = path.resolve(__dirname, "..", "..", "..");

export function memoryIo(cwd = ROOT, stdin = ""): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd,
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    stdin: async () => stdin,
  };
  return io;
}

/** A project folder holding Pulumi.yaml and the given files. */
export function project(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-bad-"));
  fs.writeFileSync(path.join(dir, "Pulumi.yaml"), "name: ec2-access\nruntime: nodejs\n");
  for (const [name, text] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), text);
  }
  return dir;
}

let devPlan: Promise<string> | undefined;

/** The JSON plan of the example dev stack, from a real run of the offline plan (once per process). */
export function devPlanJson(): Promise<string> {
  devPlan ??= (async () => {
    const plan = await planStack({ stack: "dev", config: readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw });
    return JSON.stringify(plan, null, 2);
  })();
  return devPlan;
}
