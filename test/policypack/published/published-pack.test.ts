// The published pack loads alone (issue 12, item 1). `pulumi policy publish` uploads what
// `npm pack` makes of policypack/; an organisation's stacks then install that tarball (Pulumi
// extracts it and runs `npm install --loglevel=error` in it: pkg/backend/httpstate/policypack.go,
// installRequiredPolicy) and start it as the Node language host does
// (sdk/nodejs/cmd/pulumi-language-nodejs, RunPlugin): `node @pulumi/pulumi/cmd/run-policy-pack
// <engine address> <pack directory>` in the pack's directory. The pack then serves Pulumi's
// Analyzer gRPC API on 127.0.0.1 and prints its port. This test does each of those steps and
// talks to the pack as the engine does. It needs the npm registry or npm's cache (`npm ci` fills
// it); the time it may take is bounded by mocha's timeouts only.
import assert from "node:assert/strict";
import type { ChildProcess } from "node:child_process";
import { execFileSync, spawn } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import * as grpc from "@grpc/grpc-js";
import { Empty } from "google-protobuf/google/protobuf/empty_pb";
import { Struct } from "google-protobuf/google/protobuf/struct_pb";
import { AnalyzerClient } from "@pulumi/pulumi/proto/analyzer_grpc_pb";
import type { AnalyzeResponse, AnalyzerInfo } from "@pulumi/pulumi/proto/analyzer_pb";
import { AnalyzeRequest, AnalyzerProviderResource, AnalyzerResourceOptions, EnforcementLevel } from "@pulumi/pulumi/proto/analyzer_pb";
import type { Policies } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";

const REPO = path.resolve(__dirname, "../../../..");
const PACK_SOURCE = path.join(REPO, "policypack");

const LEVELS: Record<string, EnforcementLevel> = {
  advisory: EnforcementLevel.ADVISORY,
  mandatory: EnforcementLevel.MANDATORY,
  disabled: EnforcementLevel.DISABLED,
  remediate: EnforcementLevel.REMEDIATE,
};

/** A request for an aws.iam.Policy, with the options and provider the engine always sends (analyzer_plugin.go). */
function policyRequest(name: string, document: unknown): AnalyzeRequest {
  const options = new AnalyzerResourceOptions()
    .setParent("urn:pulumi:prod::app::pulumi:pulumi:Stack::app-prod")
    .setCustomtimeouts(new AnalyzerResourceOptions.CustomTimeouts());
  const provider = new AnalyzerProviderResource()
    .setType("pulumi:providers:aws")
    .setName("default_7_0_0")
    .setUrn("urn:pulumi:prod::app::pulumi:providers:aws::default_7_0_0")
    .setProperties(Struct.fromJavaScript({ region: "us-east-1", version: "7.0.0" }));
  return new AnalyzeRequest()
    .setType("aws:iam/policy:Policy")
    .setName(name)
    .setUrn(`urn:pulumi:prod::app::aws:iam/policy:Policy::${name}`)
    .setProperties(Struct.fromJavaScript({ name, policy: JSON.stringify(document) }))
    .setOptions(options)
    .setProvider(provider);
}

function call<T>(fn: (cb: (err: grpc.ServiceError | null, res: T) => void) => void): Promise<T> {
  return new Promise((resolve, reject) => fn((err, res) => (err ? reject(err) : resolve(res))));
}

describe("policypack published: the packed tarball, installed alone, serves the Analyzer API", function () {
  let work: string;
  let packDir: string;
  let child: ChildProcess | undefined;
  let client: AnalyzerClient;
  let stderr = "";

  before(async function () {
    this.timeout(600_000);
    work = fs.mkdtempSync(path.join(os.tmpdir(), "ec2-access-published-"));
    // `npm pack` runs the pack's prepack script (its own tsc build into bin/).
    const tarball = execFileSync("npm", ["pack", "--silent", "--pack-destination", work], { cwd: PACK_SOURCE, encoding: "utf8" })
      .trim()
      .split("\n")
      .pop()!;
    execFileSync("tar", ["xzf", path.join(work, tarball), "-C", work]);
    packDir = path.join(work, "package");
    execFileSync("npm", ["install", "--loglevel=error", "--prefer-offline", "--no-audit", "--no-fund"], { cwd: packDir, stdio: "ignore" });

    const started = process.hrtime.bigint();
    const runner = path.join(packDir, "node_modules", "@pulumi", "pulumi", "cmd", "run-policy-pack");
    // The engine address is the first argument; run-policy-pack drops it and never dials it.
    child = spawn(process.execPath, [runner, "127.0.0.1:1", packDir], { cwd: packDir, stdio: ["ignore", "pipe", "pipe"] });
    child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
    const port = await new Promise<number>((resolve, reject) => {
      let out = "";
      child!.stdout!.on("data", (d: Buffer) => {
        out += d.toString();
        const m = /^(\d+)\s*$/m.exec(out);
        if (m) resolve(Number(m[1]));
      });
      child!.on("exit", (code) => reject(new Error(`the pack exited with ${code} before printing its port:\n${stderr}`)));
    });
    const loadMs = Number(process.hrtime.bigint() - started) / 1e6;
    // Measured, not asserted: the README quotes it.
    console.log(`      published pack: serving on port ${port} after ${Math.round(loadMs)} ms`);
    client = new AnalyzerClient(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  });

  after(() => {
    client?.close();
    if (child && child.exitCode === null) child.kill();
    if (work) fs.rmSync(work, { recursive: true, force: true });
  });

  it("ships compiled JavaScript only, with nothing from outside its folder", () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(packDir, "package.json"), "utf8")) as {
      main: string;
      dependencies: Record<string, string>;
    };
    assert.equal(pkg.main, "bin/index.js");
    assert.ok(!("@pulumi/aws" in pkg.dependencies), "the rules select types by token; @pulumi/aws is not needed to run");
    const files: string[] = [];
    const walk = (d: string) => {
      for (const e of fs.readdirSync(d, { withFileTypes: true })) {
        if (e.name === "node_modules") continue;
        const p = path.join(d, e.name);
        if (e.isDirectory()) walk(p);
        else files.push(path.relative(packDir, p));
      }
    };
    walk(packDir);
    assert.deepEqual(
      files.filter((f) => f.endsWith(".ts")),
      [],
    );
    for (const f of files.filter((f) => f.endsWith(".js"))) {
      const text = fs.readFileSync(path.join(packDir, f), "utf8");
      for (const m of text.matchAll(/require\("(\.[^"]*)"\)/g)) {
        const target = path.resolve(path.dirname(path.join(packDir, f)), m[1]);
        assert.ok(target.startsWith(packDir + path.sep), `${f} requires ${m[1]}, outside the pack`);
      }
    }
  });

  it("answers GetAnalyzerInfo with the pack's name and every policy at its enforcement level", async () => {
    const info = await call<AnalyzerInfo>((cb) => client.getAnalyzerInfo(new Empty(), cb));
    assert.equal(info.getName(), "ec2-access-guardrails");
    assert.equal(info.getVersion(), "0.1.0");
    const served = info.getPoliciesList().map((p) => [p.getName(), p.getEnforcementlevel()]);
    const expected = (policies as Policies).map((p) => [p.name, LEVELS[p.enforcementLevel ?? "advisory"]]);
    assert.deepEqual(served, expected);
    assert.ok(served.length >= 19);
  }).timeout(60_000);

  it("answers Analyze on a policy granting the serial console on every instance with the mandatory violation", async () => {
    const document = {
      Version: "2012-10-17",
      Statement: [{ Effect: "Allow", Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey", Resource: "*" }],
    };
    const req = policyRequest("broad", document);
    const res = await call<AnalyzeResponse>((cb) => client.analyze(req, cb));
    const found = res
      .getDiagnosticsList()
      .map((d) => ({ policy: d.getPolicyname(), pack: d.getPolicypackname(), level: d.getEnforcementlevel(), message: d.getMessage() }));
    const scope = found.filter((d) => d.policy === "require-serial-console-instance-scope");
    assert.equal(scope.length, 1, JSON.stringify(found, null, 2));
    assert.equal(scope[0].pack, "ec2-access-guardrails");
    assert.equal(scope[0].level, EnforcementLevel.MANDATORY);
    assert.match(scope[0].message, /ec2-instance-connect:SendSerialConsoleSSHPublicKey/);
    assert.doesNotMatch(stderr, /error/i, "the pack reported an error");
  }).timeout(60_000);

  it("answers Analyze on an instance-scoped grant with no violation", async () => {
    const document = {
      Version: "2012-10-17",
      Statement: [
        {
          Effect: "Allow",
          Action: "ec2-instance-connect:SendSerialConsoleSSHPublicKey",
          Resource: "arn:aws:ec2:us-east-1:111122223333:instance/i-0598c7d356eba48d7",
        },
      ],
    };
    const req = policyRequest("scoped", document);
    const res = await call<AnalyzeResponse>((cb) => client.analyze(req, cb));
    assert.deepEqual(
      res.getDiagnosticsList().map((d) => `${d.getPolicyname()}: ${d.getMessage()}`),
      [],
    );
  }).timeout(60_000);
});
