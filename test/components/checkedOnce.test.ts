// A plan checks the configuration once (issue 17, fixed costs at small sizes): the config's load
// runs the schema, the model's rules and the document checks; the program does not load it
// again, and a component given exactly a section that load accepted, under the same stack keys,
// does not run them again (config/acceptedSections.ts). Anything else a component is given is
// still checked in full: library users who build args by hand, or change a loaded section, get
// the same refusals as before. Counted calls, not timings.
import assert from "node:assert/strict";
import * as path from "node:path";
import { planStack, runPlan } from "../../plan/run";
import { readStackFile } from "../../config/stackFile";
import { flattenConfig } from "../../config/flatConfig";
import * as load from "../../config/load";
import * as documentChecksModule from "../../config/documentChecks";
import { InstanceConnectAccess, SerialConsoleAccess } from "../../components/index";
import { ComponentArgsError } from "../../components/checkArgs";

const ROOT = path.resolve(__dirname, "..", "..", "..");
const dev = readStackFile(path.join(ROOT, "Pulumi.dev.yaml")).raw;

/** Counts calls of `module[name]` until restored (the compiled modules call each other through their exports). */
function counting(module: object, name: string): { calls: () => number; restore: () => void } {
  const target = module as Record<string, (...args: unknown[]) => unknown>;
  const original = target[name];
  let calls = 0;
  target[name] = (...args: unknown[]) => {
    calls++;
    return original(...args);
  };
  return { calls: () => calls, restore: () => void (target[name] = original) };
}

/** What a component throws when built inside a plan of the dev stack, given the dev stack's own args. */
async function inDevPlan(build: (args: load.ComponentArgsOfConfig) => void): Promise<unknown> {
  let error: unknown;
  await runPlan({
    stack: "dev",
    config: dev,
    program: async () => {
      const { config: flat, secretKeys } = flattenConfig(dev);
      const args = load.componentArgsOf(flat, load.loadStackConfig(flat, "dev", { secretKeys }));
      try {
        build(args);
      } catch (e) {
        error = e;
      }
    },
  });
  return error;
}

describe("components: the configuration is checked once per plan", () => {
  // Staging: serial console, Instance Connect and Session Manager sections, and no OS password.
  // (Dev's OS password goes to its component as a secret Output, whose value the component cannot
  // compare: that one section is checked again, with a stand-in for the password.)
  it("a plan of the staging stack loads the configuration once and runs the document checks once", async () => {
    const staging = readStackFile(path.join(ROOT, "Pulumi.staging.yaml")).raw;
    const loads = counting(load, "loadStackConfig");
    const documentChecks = counting(documentChecksModule, "documentChecks");
    try {
      await planStack({ stack: "staging", config: staging });
    } finally {
      loads.restore();
      documentChecks.restore();
    }
    assert.equal(loads.calls(), 1);
    assert.equal(documentChecks.calls(), 1);
  });

  it("a component given exactly an accepted section and the same stack keys does not check it again", async () => {
    let checks = -1;
    const error = await inDevPlan((args) => {
      const documentChecks = counting(documentChecksModule, "documentChecks");
      try {
        new InstanceConnectAccess("instanceConnect", { ...args.instanceConnect!, stack: args.stack });
      } finally {
        documentChecks.restore();
        checks = documentChecks.calls();
      }
    });
    assert.equal(error, undefined);
    assert.equal(checks, 0);
  });

  it("an accepted section changed after the load is checked in full and refused", async () => {
    const error = await inDevPlan((args) => {
      const section = structuredClone(args.instanceConnect!);
      section.grants![0].osUsers = ["*"];
      new InstanceConnectAccess("instanceConnect", { ...section, stack: args.stack });
    });
    assert.ok(error instanceof ComponentArgsError, String(error));
    assert.deepEqual(error.problems, [
      'instanceConnect.grants[0].osUsers[0]: got "*"; expected an explicit OS user; * would let the grant log in as anyone, root included',
    ]);
  });

  it("an accepted section under other stack keys is checked in full: the attachment quota of the stack it is given", async () => {
    // Dev's serial console section attaches two policies to platform-admin (admins and break-glass).
    const error = await inDevPlan(
      (args) =>
        new SerialConsoleAccess("serialConsole", { ...args.serialConsole!, stack: { ...args.stack, maxManagedPoliciesPerPrincipal: 1 } }),
    );
    assert.ok(error instanceof ComponentArgsError, String(error));
    assert.equal(error.problems.length, 1);
    assert.match(error.problems[0], /role "platform-admin" with 2 managed policies/);
  });
});
