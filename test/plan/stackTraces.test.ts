// The plan turns off V8's stack traces while it runs (plan/run.ts, `withoutStackTraces`):
// @pulumi/pulumi records one per promise that nobody reads. Proved here: the limit is 0 inside
// the run and restored after it, even when the program fails, and the plan is byte-identical
// with and without stack traces.
import assert from "node:assert/strict";
import * as path from "node:path";
import { planStack, runPlan } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import { generatedStack } from "../../bench/stacks";
import { ROOT } from "./support";

const config = { "aws:region": "eu-west-1", "ec2-access:environment": "test" };

describe("offline plan: stack traces", () => {
  it("runs the program with Error.stackTraceLimit 0 and restores the caller's limit", async () => {
    const before = Error.stackTraceLimit;
    let inside: number | undefined;
    await runPlan({ stack: "test", config, policies: [], program: async () => void (inside = Error.stackTraceLimit) });
    assert.equal(inside, 0);
    assert.equal(Error.stackTraceLimit, before);
  });

  it("restores the limit when the program fails, and the error keeps its message", async () => {
    const before = Error.stackTraceLimit;
    await assert.rejects(
      runPlan({
        stack: "test",
        config,
        policies: [],
        program: async () => {
          throw new Error("no such instance i-0abc");
        },
      }),
      (e: Error) => e.message === "no such instance i-0abc",
    );
    assert.equal(Error.stackTraceLimit, before);
  });

  it("keeps the limit when asked to (stackTraces: true)", async () => {
    let inside: number | undefined;
    await runPlan({ stack: "test", config, policies: [], stackTraces: true, program: async () => void (inside = Error.stackTraceLimit) });
    assert.equal(inside, Error.stackTraceLimit);
  });

  for (const [name, stackConfig] of [
    ["the example prod stack", () => readStackFile(path.join(ROOT, "Pulumi.prod.yaml")).raw],
    ["a generated stack of 500 grants (2,004 resources)", () => generatedStack({ instances: 1000, grants: 500 })],
  ] as const) {
    it(`plans ${name} byte-identically with and without stack traces`, async () => {
      const stack = name.includes("prod") ? "prod" : "scale";
      const without = JSON.stringify(await planStack({ stack, config: stackConfig() }), null, 2);
      const withTraces = JSON.stringify(await planStack({ stack, config: stackConfig(), stackTraces: true }), null, 2);
      assert.ok(without.length > 10_000);
      assert.equal(without, withTraces);
    });
  }
});
