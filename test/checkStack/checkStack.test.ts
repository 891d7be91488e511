// `ec2-access check-stack` on real `pulumi stack export` and `pulumi preview --json` files
// (fixtures/README.md), and on copies of them with a broad grant added.
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import type { Io } from "../../cli/main";
import { main } from "../../cli/main";
import { requireTagControlForAbac } from "../../policypack/rules/guardrails/require-tag-control-for-abac";
import {
  BROAD_SESSION_GRANT,
  EXPORT_FILE,
  FIXTURES,
  PREVIEW_FILE,
  document,
  exportWith,
  inlinePolicyEntry,
  managedPolicyEntry,
  previewWith,
  readPreview,
} from "./stackFiles";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const BIN = path.join(ROOT, "bin", "ec2-access.js");
const SECRET_SIG = { "4dabf18193072939515e22adb298388d": "1b47061264138c4ac30d75fd1eb44270" };
const PREFIX = "urn:pulumi:dev::sample::aws:s3/bucket:Bucket$aws:s3:BucketEventSubscription$";

function memoryIo(stdin = ""): Io & { out: string; err: string } {
  const io = {
    out: "",
    err: "",
    cwd: ROOT,
    stdout: (s: string) => void (io.out += s),
    stderr: (s: string) => void (io.err += s),
    stdin: async () => stdin,
  };
  return io;
}

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "check-stack-"));
function write(name: string, content: unknown): string {
  const file = path.join(tmp, name);
  fs.writeFileSync(file, typeof content === "string" ? content : JSON.stringify(content, null, 2));
  return file;
}

async function checkJson(file: string, ...args: string[]) {
  const io = memoryIo();
  const code = await main(["check-stack", file, "--format", "json", ...args], io);
  return { code, err: io.err, result: io.out ? JSON.parse(io.out) : undefined };
}

const summary = (violations: { policy: string; enforcementLevel: string; urn: string }[]) =>
  violations.map((v) => [v.policy, v.enforcementLevel, v.urn]);

describe("check-stack", () => {
  after(() => fs.rmSync(tmp, { recursive: true, force: true }));

  it("passes the real stack export of a Lambda handler stack: its role's AWS managed policies open no instance", async () => {
    const { code, result, err } = await checkJson(EXPORT_FILE);
    assert.equal(err, "");
    assert.equal(code, 0);
    assert.deepEqual(
      { ...result, violations: result.violations.length },
      {
        format: "stack-export",
        stack: "dev",
        project: "sample",
        resources: 17,
        stackUrn: "urn:pulumi:dev::sample::pulumi:pulumi:Stack::sample-dev",
        violations: 0,
        notes: [],
      },
    );
  });

  it("fails the real export with an inline policy added to its role that opens Session Manager on every instance", async () => {
    const file = write(
      "broad-export.json",
      exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]),
    );
    const { code, result } = await checkJson(file);
    assert.equal(code, 1);
    const urn = `${PREFIX}aws:iam/rolePolicy:RolePolicy::ops-shell`;
    assert.deepEqual(summary(result.violations), [
      ["require-session-instance-scope", "mandatory", urn],
      ["require-session-document-access-check", "mandatory", urn],
    ]);
    assert.match(result.violations[0].message, /^Statement\[0\]: allows ssm:StartSession on "\*" without a resource-tag condition/);
  });

  it("reads a real DIY backend checkpoint (Pulumi's own test data) as a stack", async () => {
    const { code, result, err } = await checkJson(path.join(FIXTURES, "checkpoint-v3.json"));
    assert.equal(err, "");
    // Its roles attach AWSLambdaFullAccess and AmazonEC2ContainerServiceFullAccess, AWS managed
    // policies AWS has since retired: their content is not in the pack's data, so the pack says it
    // cannot check them rather than passing them.
    assert.equal(code, 1);
    assert.deepEqual(
      { ...result, violations: result.violations.length },
      { format: "checkpoint", stack: "foo", project: "countdown", resources: 30, stackUrn: null, violations: 5, notes: [] },
    );
    const unknown = new Set(
      result.violations.map(
        (v: { policy: string; message: string }) => `${v.policy} ${/unknown AWS managed policy: "([^"]+)"/.exec(v.message)?.[1]}`,
      ),
    );
    assert.deepEqual([...unknown].sort(), [
      "require-readable-policy-document arn:aws:iam::aws:policy/AWSLambdaFullAccess",
      "require-readable-policy-document arn:aws:iam::aws:policy/AmazonEC2ContainerServiceFullAccess",
    ]);
  });

  it("reads the real preview as the engine does during preview: unknown role names make policies advisory, never a wrong answer", async () => {
    const { code, result } = await checkJson(PREVIEW_FILE);
    assert.equal(code, 0);
    assert.equal(result.format, "preview");
    assert.equal(result.resources, 16);
    assert.ok(result.violations.length > 0);
    for (const v of result.violations) {
      assert.equal(v.enforcementLevel, "advisory");
      assert.match(v.message, /^can't run policy '[a-z-]+' during preview: string value at \.role can't be known during preview$/);
    }
  });

  it("fails the real preview with a created managed policy that opens Session Manager on every instance", async () => {
    const file = write(
      "broad-preview.json",
      previewWith((t) => [managedPolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]),
    );
    const { code, result } = await checkJson(file);
    assert.equal(code, 1);
    const urn = `${PREFIX}aws:iam/policy:Policy::ops-shell`;
    assert.deepEqual(summary(result.violations.filter((v: { enforcementLevel: string }) => v.enforcementLevel === "mandatory")), [
      ["require-session-instance-scope", "mandatory", urn],
      ["require-session-document-access-check", "mandatory", urn],
    ]);
  });

  it('treats a secret that `pulumi preview --json` masks as "[secret]" as unknown, not as a malformed document', async () => {
    const doc = previewWith((t) => [managedPolicyEntry(t, "ops-shell", "[secret]")]);
    const { code, result } = await checkJson(write("masked.json", doc));
    assert.equal(code, 0);
    const mine = result.violations.filter((v: { urn: string }) => v.urn.endsWith("::ops-shell"));
    assert.ok(mine.length > 0);
    for (const v of mine)
      assert.match(v.message, /^can't run policy '[a-z-]+' during preview: string value at \.policy can't be known during preview$/);
  });

  it("says on stderr when a preview without --show-sames leaves unchanged resources out", async () => {
    // The real preview cut to its first two steps, with the summary such a preview would have.
    const doc = readPreview();
    doc.steps = doc.steps.slice(0, 2);
    doc.changeSummary = { create: 2, same: 14 };
    const io = memoryIo();
    const file = write("no-sames.json", doc);
    assert.equal(await main(["check-stack", file, "--format", "json"], io), 0);
    assert.equal(JSON.parse(io.out).resources, 2);
    assert.equal(
      io.err,
      `ec2-access: note: ${file}: 14 unchanged resource(s) are not in this preview, so no policy saw them; run \`pulumi preview --json --show-sames\` to check the whole stack\n`,
    );
    // Nothing to change and --show-sames not given: Pulumi leaves "steps" out altogether.
    const empty = await checkJson(write("no-steps.json", { config: {}, changeSummary: { same: 16 }, duration: 1 }));
    assert.equal(empty.code, 0);
    assert.deepEqual([empty.result.format, empty.result.resources], ["preview", 0]);
  });

  it("runs stack policies on the outputs of every resource: tagging next to a tag-scoped grant, attributed to the tagging policy", async () => {
    const scoped = document({
      Effect: "Allow",
      Action: "ssm:StartSession",
      Resource: "arn:aws:ec2:*:*:instance/*",
      Condition: { StringEquals: { "ssm:resourceTag/Team": "ops" } },
    });
    const tagger = document({ Effect: "Allow", Action: "ec2:CreateTags", Resource: "*" });
    const doc = exportWith((t) => [managedPolicyEntry(t, "team-shell", scoped), managedPolicyEntry(t, "tagger", tagger)]);
    // The inputs carry a harmless document: only the outputs, which a stack policy reads, tag freely.
    const added = doc.deployment.resources.at(-1);
    added.inputs.policy = document({ Effect: "Allow", Action: "s3:GetObject", Resource: "*" });
    const { result } = await checkJson(write("abac.json", doc));
    const abac = result.violations.filter((v: { policy: string }) => v.policy === requireTagControlForAbac.name);
    assert.deepEqual(summary(abac), [[requireTagControlForAbac.name, "mandatory", `${PREFIX}aws:iam/policy:Policy::tagger`]]);
    assert.match(
      abac[0].message,
      /^Policy "tagger": Statement\[0\] allows ec2:CreateTags on instances, .*instance tag "Team" \(Policy "team-shell" Statement\[0\] grants ssm:StartSession by it\)/,
    );
  });

  it("reads a secret exported with --show-secrets, and treats one it cannot decrypt as unknown", async () => {
    const plaintext = exportWith((t) => [
      inlinePolicyEntry(t, "ops-shell", { ...SECRET_SIG, plaintext: JSON.stringify(BROAD_SESSION_GRANT) }),
    ]);
    assert.deepEqual(
      summary((await checkJson(write("plaintext.json", plaintext))).result.violations).map((v) => v[0]),
      ["require-session-instance-scope", "require-session-document-access-check"],
    );
    const ciphertext = exportWith((t) => [inlinePolicyEntry(t, "ops-shell", { ...SECRET_SIG, ciphertext: "v1:abc:def" })]);
    const { code, result } = await checkJson(write("ciphertext.json", ciphertext));
    assert.equal(code, 0);
    assert.ok(result.violations.length > 0);
    assert.ok(
      result.violations.every(
        (v: { enforcementLevel: string; message: string }) =>
          v.enforcementLevel === "advisory" && v.message.includes("can't be known during preview"),
      ),
    );
  });

  it("skips resources pending deletion, as the engine's policy analysis does", async () => {
    const doc = exportWith((t) => [{ ...inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT), delete: true }]);
    const { code, result } = await checkJson(write("deleted.json", doc));
    assert.equal(code, 0);
    assert.equal(result.resources, 17);
  });

  it("applies --policy-config: every policy advisory, the same findings exit 0", async () => {
    const file = write(
      "broad.json",
      exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]),
    );
    const { code, result } = await checkJson(file, "--policy-config", write("advisory.json", { all: "advisory" }));
    assert.equal(code, 0);
    assert.deepEqual(
      result.violations.map((v: { enforcementLevel: string }) => v.enforcementLevel),
      ["advisory", "advisory"],
    );
  });

  it("prints text and markdown summaries naming the stack and the findings", async () => {
    const file = write(
      "broad-text.json",
      exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]),
    );
    const text = memoryIo();
    assert.equal(await main(["check-stack", file], text), 1);
    assert.match(
      text.out,
      /^Policy check of stack dev of project sample \(pulumi stack export, 18 resources\)\n\nPolicy violations: 2 \(2 mandatory\)\n  \[mandatory\] require-session-instance-scope\n/,
    );
    assert.match(text.out, /FAILED: 2 mandatory policy violation\(s\)\n$/);
    const md = memoryIo();
    assert.equal(await main(["check-stack", file, "--format", "markdown"], md), 1);
    assert.match(md.out, /^### ec2-access check-stack: `sample\/dev`\n\n:x: 2 mandatory violation\(s\)/);
    assert.match(md.out, /\| mandatory \| require-session-instance-scope \| ops-shell \| /);
  });

  it("reads standard input, as `pulumi stack export | npx ec2-access check-stack -` does", async () => {
    const stdin = JSON.stringify(exportWith((t) => [inlinePolicyEntry(t, "ops-shell", BROAD_SESSION_GRANT)]));
    const child = execFile(process.execPath, [BIN, "check-stack", "-", "--format", "json"], { cwd: ROOT });
    child.stdin!.end(stdin);
    let out = "";
    child.stdout!.on("data", (d) => (out += d));
    const code = await new Promise((resolve) => child.on("close", resolve));
    assert.equal(code, 1);
    assert.equal(JSON.parse(out).violations.length, 2);
  });

  describe("bad input exits 2 with one clear line, before any policy runs", () => {
    const cases: [string, string | Record<string, unknown>, RegExp][] = [
      [
        "not JSON",
        "{ deployment",
        /^ec2-access: .*not-json\.json: not JSON \(.*\); expected neither `pulumi stack export` output .* nor `pulumi preview --json` output/,
      ],
      [
        "a policy document",
        { Version: "2012-10-17", Statement: [] },
        /: not a stack file: neither `pulumi stack export` output \(an object with "version" and "deployment": \{"resources": \[\.\.\.\]\}\) nor `pulumi preview --json` output \(an object with "steps": \[\.\.\.\]\)\n$/,
      ],
      [
        "an old deployment version",
        { version: 1, deployment: { resources: [] } },
        /: version: 1 is not a deployment version this reads \(3 or 4\); export the stack with a current Pulumi CLI\n$/,
      ],
      [
        "a resource without a URN",
        { version: 3, deployment: { resources: [{ type: "aws:iam/role:Role" }] } },
        /: deployment\.resources\[0\]\.urn: expected a URN string, got undefined\n$/,
      ],
      [
        "a malformed URN",
        { version: 3, deployment: { resources: [{ urn: "urn:pulumi:dev::x", type: "aws:iam/role:Role" }] } },
        /: deployment\.resources\[0\]\.urn: "urn:pulumi:dev::x" is not a Pulumi URN \(urn:pulumi:<stack>::<project>::<type>::<name>\)\n$/,
      ],
      [
        "inputs that are not an object",
        { steps: [{ op: "create", newState: { urn: "urn:pulumi:dev::p::aws:iam/role:Role::r", type: "aws:iam/role:Role", inputs: "x" } }] },
        /: steps\[0\]\.newState\.inputs: expected an object of properties, got "x"\n$/,
      ],
      [
        "two stacks in one file",
        {
          version: 3,
          deployment: {
            resources: [
              { urn: "urn:pulumi:dev::p::t:m:T::a", type: "t:m:T" },
              { urn: "urn:pulumi:prod::p::t:m:T::b", type: "t:m:T" },
            ],
          },
        },
        /: resources of more than one stack in one file: dev of project p, prod of project p\n$/,
      ],
    ];
    for (const [what, content, message] of cases) {
      it(what, async () => {
        const file = write(what === "not JSON" ? "not-json.json" : `${what.replace(/\W+/g, "-")}.json`, content);
        const io = memoryIo();
        assert.equal(await main(["check-stack", file], io), 2);
        assert.match(io.err, message);
        assert.equal(io.out, "");
        assert.doesNotMatch(io.err, /\n\s+at /);
      });
    }

    it("a missing file, --stack of another stack, a bad --format", async () => {
      let io = memoryIo();
      assert.equal(await main(["check-stack", "no-such-export.json"], io), 2);
      assert.equal(
        io.err,
        "ec2-access: no-such-export.json: got ENOENT; expected the output of `pulumi stack export` or `pulumi preview --json`\n",
      );
      io = memoryIo();
      assert.equal(await main(["check-stack", EXPORT_FILE, "--stack", "prod"], io), 2);
      assert.equal(io.err, `ec2-access: ${EXPORT_FILE}: --stack "prod" but the file's resources belong to stack "dev" (from their URNs)\n`);
      io = memoryIo();
      assert.equal(await main(["check-stack", EXPORT_FILE, "--format", "yaml"], io), 2);
      assert.match(io.err, /^ec2-access: --format: got "yaml"; expected one of text, json, markdown, sarif\n/);
    });
  });
});
