// `ec2-access diff` end to end on files: the three ways to name plans, failed and missing plans,
// exit codes, and the Markdown of environments that were added, removed or failed.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { main } from "../../cli/main";
import type { Plan } from "../../plan/run";

function plan(stack: string, over: Partial<Plan> = {}): Plan {
  return {
    stack,
    accountId: "111122223333",
    regions: ["us-east-1"],
    resources: [],
    principals: [],
    access: [],
    powers: [],
    violations: [],
    ...over,
  };
}

const role = (name: string) => ({
  urn: `urn:pulumi:s::ec2-access::aws:iam/role:Role::${name}`,
  type: "aws:iam/role:Role",
  name,
  parent: null,
  inputs: { name },
  outputs: {},
});
const mandatory = { policy: "p", enforcementLevel: "mandatory" as const, urn: "", message: "bad" };

async function run(args: string[], cwd: string) {
  let stdout = "";
  let stderr = "";
  const code = await main(["diff", ...args], { stdout: (s) => (stdout += s), stderr: (s) => (stderr += s), stdin: async () => "", cwd });
  return { code, stdout, stderr };
}

describe("diff: command line", () => {
  let dir: string;
  const write = (file: string, content: unknown) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), typeof content === "string" ? content : JSON.stringify(content));
  };
  beforeEach(() => (dir = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-diff-"))));
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("one pair: the environment is the head plan's stack; JSON output; exit 0", async () => {
    write("b.json", plan("dev"));
    write("h.json", plan("dev", { resources: [role("r")] }));
    const { code, stdout, stderr } = await run(["--base", "b.json", "--head", "h.json", "--format", "json"], dir);
    assert.deepEqual([code, stderr], [0, ""]);
    assert.deepEqual(JSON.parse(stdout), {
      environments: [
        {
          name: "dev",
          status: "compared",
          access: [],
          powers: [],
          resources: [{ op: "create", urn: role("r").urn, type: "aws:iam/role:Role", name: "r", changedInputs: [], replacedBecause: [] }],
          violations: [],
          headMandatory: 0,
        },
      ],
    });
  });

  it("named pairs in --base order, then names only in --head; a name on one side only is a stack added or removed", async () => {
    write("b/dev.json", plan("dev"));
    write("h/dev.json", plan("dev"));
    write("h/org.json", plan("org", { resources: [role("a")] }));
    write("b/old.json", plan("old", { resources: [role("z")] }));
    const { code, stdout } = await run(
      ["--base", "dev=b/dev.json", "--head", "org=h/org.json", "--head", "dev=h/dev.json", "--base", "old=b/old.json", "--format", "json"],
      dir,
    );
    assert.equal(code, 0);
    const envs = JSON.parse(stdout).environments as { name: string; status: string; resources: { op: string }[] }[];
    assert.deepEqual(
      envs.map((e) => [e.name, e.status, e.resources.map((r) => r.op)]),
      [
        ["dev", "compared", []],
        ["old", "removed", ["delete"]],
        ["org", "added", ["create"]],
      ],
    );
  });

  it("directories: <stack>.json plans, <stack>.error.txt failures, --stacks order; a failed plan or mandatory violation exits 1", async () => {
    write("b/dev.json", plan("dev"));
    write("h/dev.json", plan("dev", { violations: [mandatory] }));
    write("b/prod.json", plan("prod"));
    write("h/prod.error.txt", "ec2-access: invalid stack configuration (1 problem):\n  ec2-access:regions: got []\n");
    write("b/staging.json", plan("staging"));
    write("h/staging.json", plan("staging"));
    const { code, stdout } = await run(["--base-dir", "b", "--head-dir", "h", "--stacks", "prod,dev,staging", "--format", "markdown"], dir);
    assert.equal(code, 1);
    assert.equal(
      stdout,
      [
        "<!-- ec2-access-diff -->",
        "### ec2-access: access and resource changes",
        "",
        ":x: 1 plan failed, 1 mandatory policy violation in the new plans · access: no change · resources: no change · policy violations: 1 new (1 mandatory)",
        "",
        "#### `prod` · :x: plan failed",
        "",
        "```text",
        "head: ec2-access: invalid stack configuration (1 problem):",
        "  ec2-access:regions: got []",
        "```",
        "",
        "#### `dev` · :x: 1 mandatory violation in the new plan",
        "",
        "access: no change · resources: no change · policy violations: 1 new (1 mandatory)",
        "",
        "<details open><summary>Policy violations: 1 new (1 mandatory)</summary>",
        "",
        "|  | level | policy | resource | message |",
        "|---|---|---|---|---|",
        "| new | mandatory | `p` | (stack) | bad |",
        "",
        "</details>",
        "",
        "No change in `staging`.",
        "",
        "<sub>Offline plan on Pulumi's mock runtime with the policy pack; `pulumi preview` with credentials has the last word on replacements.</sub>",
        "",
      ].join("\n"),
    );
  });

  it("a file that is not a plan is bad input: exit 2, every file's problem on stderr, nothing on stdout", async () => {
    write("b/dev.json", '{"stack": "dev"}');
    write("h/dev.json", "");
    const { code, stdout, stderr } = await run(["--base-dir", "b", "--head-dir", "h", "--format", "text"], dir);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.equal(
      stderr,
      "ec2-access: b/dev.json: resources: got nothing; expected a list of resources\nec2-access: h/dev.json: got an empty file; expected a plan (`ec2-access plan --format json`)\n",
    );
  });

  it("a plan whose powers are malformed is bad input naming the entry; one without powers gets them derived", async () => {
    write("b/dev.json", JSON.stringify({ ...plan("dev"), powers: [{ kind: "x", subject: {}, details: { a: [1] } }] }));
    const { powers: _omitted, ...old } = plan("dev");
    write("h/dev.json", JSON.stringify(old));
    const { code, stdout, stderr } = await run(["--base-dir", "b", "--head-dir", "h", "--format", "text"], dir);
    assert.equal(code, 2);
    assert.equal(stdout, "");
    assert.match(stderr, /^ec2-access: b\/dev\.json: powers\[0\]\.details\.a\[0\]: got 1; expected a string$/m);
    assert.doesNotMatch(stderr, /h\/dev\.json/);
  });

  it("wrong arguments exit 2 with a message", async () => {
    write("b.json", plan("dev"));
    const cases: [string[], string][] = [
      [["--base", "b.json"], "give --base and --head, or --base-dir and --head-dir"],
      [["--base", "b.json", "--head", "missing.json"], "cannot read missing.json: ENOENT"],
      [["--base", "b.json", "--head", "b.json", "--base-dir", "x"], "use either --base/--head or --base-dir/--head-dir, not both"],
      [["--base-dir", "x"], "--base-dir and --head-dir go together"],
      [
        ["--base", "dev=b.json", "--head", "b.json"],
        '"b.json": with several plans, name each one: --base <stack>=<file> --head <stack>=<file>',
      ],
      [["--base", "dev=b.json", "--base", "dev=b.json", "--head", "dev=b.json"], "--base dev= is given twice"],
      [["--base", "b.json", "--head", "b.json", "--format", "html"], '--format: got "html"; expected one of markdown, text, json'],
    ];
    for (const [args, message] of cases) {
      const { code, stdout, stderr } = await run(args, dir);
      assert.deepEqual([code, stdout, stderr.split("\n")[0]], [2, "", `ec2-access: ${message}`], args.join(" "));
    }
  });
});
