// docs/example-pr-comment.md is the tool's own output on real plans: the example stacks as they
// are (the base) against copies edited as a pull request would edit them (the head), each planned
// by `ec2-access plan` with the stack's policy pack config, then compared by `ec2-access diff`.
// Regenerate it after a deliberate change of the comment or of the example stacks:
//   npx tsc -p . && node dist/test/diff/regenerate.js
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { stringify } from "yaml";
import { main } from "../../cli/main";
import { readStackFile } from "../../config/stackFile";

/** The repository root, from the source tree or from dist/. */
export const ROOT = path.resolve(__dirname, __dirname.includes(`${path.sep}dist${path.sep}`) ? "../../.." : "../..");
export const EXAMPLE_PATH = path.join(ROOT, "docs", "example-pr-comment.md");
export const EXAMPLE_STACKS = ["dev", "prod", "org"] as const;

type Raw = Record<string, any>;

/** The pull request of the example: what it changes in each stack file (prod is unchanged). */
export const EXAMPLE_EDITS: Record<(typeof EXAMPLE_STACKS)[number], (c: Raw) => void> = {
  dev: (c) => {
    const ic = c["ec2-access:instanceConnect"];
    ic.grants[0].instanceIds.push("i-0fedcba9876543210"); // web-devs reach one more instance
    ic.grants[1].principals.users = ["bob"]; // alice leaves ubuntu-builders...
    ic.grants[1].osUsers.push("ec2-user"); // ...which may now log in as ec2-user too
    ic.endpoint.remotePorts = [22, 3389]; // tunnels to RDP as well
    c["ec2-access:serialConsole"].admins.roles.push("auditor"); // may switch the serial console on
    const prefs = c["ec2-access:sessionManager"].preferences;
    prefs.shellProfile.linux = "exec bash -l"; // every session runs this
    const admins = c["ec2-access:sessionManager"].grants.find((g: Raw) => g.name === "platform-admins");
    admins.documents = ["SSM-SessionManagerRunShell", "AWS-StartSSHSession"]; // admins may also SSH through Session Manager
  },
  prod: () => {},
  org: (c) => {
    c["ec2-access:organization"].serialConsoleScp.exceptAccountIds.push("777788889999"); // prod may use the serial console
  },
};

type Out = { code: number; stdout: string; stderr: string };

async function run(args: string[]): Promise<Out> {
  let stdout = "";
  let stderr = "";
  const code = await main(args, { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => "", cwd: ROOT });
  return { code, stdout, stderr };
}

/** Plans of the example stacks and of their edited copies, in `<dir>/base` and `<dir>/head`. */
export async function planExample(dir: string): Promise<void> {
  for (const side of ["base", "head"]) fs.mkdirSync(path.join(dir, side), { recursive: true });
  for (const stack of EXAMPLE_STACKS) {
    const stackFile = path.join(ROOT, `Pulumi.${stack}.yaml`);
    const raw = structuredClone(readStackFile(stackFile).raw);
    EXAMPLE_EDITS[stack](raw);
    const edited = path.join(dir, `Pulumi.${stack}.yaml`);
    fs.writeFileSync(edited, stringify({ config: raw }));
    for (const [side, file] of [
      ["base", stackFile],
      ["head", edited],
    ]) {
      const out = await run(["plan", "--stack", stack, "--config", file, "--format", "json"]);
      if (out.code > 1 || out.stderr) throw new Error(`plan of ${side} ${stack} exited ${out.code}: ${out.stderr}`);
      fs.writeFileSync(path.join(dir, side, `${stack}.json`), out.stdout);
    }
  }
}

export async function renderExample(): Promise<Out> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-example-"));
  try {
    await planExample(dir);
    return await run([
      "diff",
      "--base-dir",
      path.join(dir, "base"),
      "--head-dir",
      path.join(dir, "head"),
      "--stacks",
      EXAMPLE_STACKS.join(","),
      "--format",
      "markdown",
    ]);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
