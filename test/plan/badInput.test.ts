// Bad input never crashes (issue 11): each input path of the CLI gets a clear message naming the
// key and the value, exit 2, nothing on stdout, and never a stack trace. Exit 1 is kept for a
// mandatory violation, 3 for an internal error (docs/contracts/offline-plan.md, "Additions").
// Each case here ended in a stack trace and exit 1 before.
import assert from "node:assert/strict";
import * as fs from "node:fs";
import * as path from "node:path";
import { main } from "../../cli/main";
import { runPlan } from "../../plan/run";
import { ConfigError } from "../../config/load";

import { devPlanJson, memoryIo, project, ROOT } from "./support";

const STACK_TRACE = /^\s+at .+\(.+:\d+:\d+\)$|^\s+at .+:\d+:\d+$/m;

/** Runs the CLI in-process; asserts exit 2, nothing on stdout, no stack trace. Returns stderr. */
async function refused(argv: string[], cwd: string, stdin = ""): Promise<string> {
  const io = memoryIo(cwd, stdin);
  const code = await main(argv, io);
  assert.equal(io.out, "", "nothing on stdout");
  assert.doesNotMatch(io.err, STACK_TRACE);
  assert.equal(code, 2, io.err);
  return io.err;
}

const minimal = `config:
  aws:region: us-east-1
  ec2-access:environment: dev
`;

// Ten levels of ten aliases: 10^7 nodes when expanded (the "billion laughs").
const aliasBomb = ["config:", '  a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
  .concat(Array.from({ length: 9 }, (_, i) => `  a${i + 1}: &a${i + 1} [${Array(10).fill(`*a${i}`).join(",")}]`))
  .join("\n");

describe("bad stack files exit 2 with a message, never a stack trace", () => {
  it("a YAML alias bomb is refused by the parser's alias limit", async () => {
    const err = await refused(["plan", "--stack", "bomb"], project({ "Pulumi.bomb.yaml": aliasBomb }));
    assert.match(err, /Pulumi\.bomb\.yaml: got YAML aliases that expand too far \(Excessive alias count/);
  });

  it("an alias to no anchor is named as such", async () => {
    const err = await refused(["plan", "--stack", "y"], project({ "Pulumi.y.yaml": "config:\n  a: &x 1\n  b: *y\n" }));
    assert.match(err, /Pulumi\.y\.yaml: got a YAML alias that cannot be resolved \(Unresolved alias/);
  });

  for (const key of ["__proto__", "constructor", "toString"]) {
    it(`a config key named ${key} is an unknown key, not a crash`, async () => {
      const err = await refused(["plan", "--stack", "p"], project({ "Pulumi.p.yaml": `${minimal}  ${key}: 1\n` }));
      assert.match(err, new RegExp(`ec2-access:${key}: unknown key; expected one of `));
    });
  }

  it("a top-level key Pulumi does not know is refused, naming it", async () => {
    const err = await refused(["plan", "--stack", "p"], project({ "Pulumi.p.yaml": `${minimal}__proto__:\n  x: 1\n` }));
    assert.match(
      err,
      /Pulumi\.p\.yaml: __proto__: unknown key; expected one of config, environment, secretsprovider, encryptedkey, encryptionsalt/,
    );
  });

  it("a password with a line break is refused naming the key, never showing the value", async () => {
    const yaml = `${minimal}  ec2-access:serialConsole:
    osPassword:
      user: breakglass
      instanceIds: [i-0598c7d356eba48d7]
      password: "correct horse\\nbattery"
`;
    const err = await refused(["plan", "--stack", "p"], project({ "Pulumi.p.yaml": yaml }));
    assert.match(err, /ec2-access:serialConsole\.osPassword\.password: got \(secret, not shown\); expected .*line break/);
    assert.doesNotMatch(err, /horse|battery/);
  });

  it("a missing stack file lists the stacks that exist", async () => {
    const err = await refused(["plan", "--stack", "nope"], project({ "Pulumi.dev.yaml": minimal, "Pulumi.prod.yaml": minimal }));
    assert.match(err, /Pulumi\.nope\.yaml: no such stack file; the stacks of this project are dev, prod/);
  });

  it("a stack name that is not one exits 2 instead of reading another path", async () => {
    const err = await refused(["plan", "--stack", "../../etc/x"], project({}));
    assert.match(err, /--stack: got "\.\.\/\.\.\/etc\/x"; expected a stack name of letters, digits, hyphens, underscores and periods/);
  });

  it("one broken sibling stack file does not stop another stack from planning", async () => {
    const dir = project({ "Pulumi.bomb.yaml": aliasBomb, "Pulumi.dev.yaml": minimal });
    const io = memoryIo(dir);
    const code = await main(["plan", "--stack", "dev"], io);
    assert.equal(code, 0, io.err);
    assert.match(io.out, /OK: no mandatory policy violation/);
    assert.match(io.err, /^ec2-access: warning: Pulumi\.bomb\.yaml is left out of the rules across stacks \(its own plan reports why\)$/m);
  });
});

describe("check-policy on what is not a readable document exits 2", () => {
  it("a directory", async () => {
    const dir = project({});
    const err = await refused(["check-policy", dir], ROOT);
    assert.match(err, /: got a directory; expected a policy document file/);
  });

  it("a file whose read fails (Linux /proc/self/mem: EIO, even for root)", async function () {
    if (process.platform !== "linux") this.skip();
    const err = await refused(["check-policy", "/proc/self/mem"], ROOT);
    assert.match(err, /\/proc\/self\/mem: got EIO; expected a readable policy document file/);
  });

  it("an unreadable file", async function () {
    if (process.getuid?.() === 0) this.skip(); // root reads any file
    const dir = project({ "doc.json": "{}" });
    fs.chmodSync(path.join(dir, "doc.json"), 0o000);
    const err = await refused(["check-policy", path.join(dir, "doc.json")], ROOT);
    assert.match(err, /doc\.json: got EACCES; expected a readable policy document file/);
  });
});

describe("diff on malformed plan files exits 2 naming the file and the field", () => {
  let dev = "";
  before(async () => {
    dev = await devPlanJson();
  });
  const cases: [string, string, RegExp][] = [
    [
      "an access row that is a number",
      '{"stack":"x","resources":[],"access":[1]}',
      /bad\.json: access\[0\]: got 1; expected an access row/,
    ],
    [
      "a violation that is null",
      '{"stack":"x","resources":[],"violations":[null]}',
      /bad\.json: violations\[0\]: got null; expected a violation/,
    ],
    [
      "a violation whose message is not text",
      '{"stack":"x","resources":[],"violations":[{"policy":"p","enforcementLevel":"mandatory","urn":"","message":5}]}',
      /bad\.json: violations\[0\]\.message: got 5; expected a string/,
    ],
    // Found by the fuzz test: String() of an object whose toString is not a function throws.
    [
      "a region that is an object with a toString key",
      '{"stack":"x","resources":[],"regions":[{"toString":[]}]}',
      /bad\.json: regions\[0\]: got \{"toString":\[\]\}; expected a string/,
    ],
    ["not JSON", "{", /bad\.json: got text that is not JSON/],
    ["an empty file", "", /bad\.json: got an empty file; expected a plan/],
  ];
  for (const [what, text, message] of cases) {
    it(what, async () => {
      const dir = project({ "base.json": dev, "bad.json": text });
      const err = await refused(["diff", "--base", "base.json", "--head", "bad.json"], dir);
      assert.match(err, message);
    });
  }
});

describe("an internal error exits 3 with one line", () => {
  it("names the error without a stack trace", async () => {
    const io = memoryIo();
    const code = await main(["plan", "--stack", "dev"], {
      ...io,
      stdout: () => {
        throw new TypeError("boom");
      },
    });
    assert.equal(code, 3);
    assert.equal(io.err, "ec2-access: internal error (TypeError: boom); please report it\n");
  });
});

describe("an error thrown by the program", () => {
  it("reaches the caller as itself and leaves no unhandled rejection behind (which would kill the CLI after its message)", async () => {
    const unhandled: unknown[] = [];
    const record = (r: unknown) => void unhandled.push(r);
    // Mocha's own listener would fail the run; this one counts, and mocha's is set aside meanwhile.
    const others = process.listeners("unhandledRejection");
    process.removeAllListeners("unhandledRejection");
    process.on("unhandledRejection", record);
    try {
      const thrown = new ConfigError(["ec2-access:x: got y; expected z"]);
      await assert.rejects(
        runPlan({
          stack: "t",
          config: { "aws:region": "us-east-1", "ec2-access:environment": "dev" },
          program: async () => {
            throw thrown;
          },
        }),
        (e) => e === thrown,
      );
      await new Promise((r) => setTimeout(r, 50));
    } finally {
      process.removeListener("unhandledRejection", record);
      for (const l of others) process.on("unhandledRejection", l as (r: unknown) => void);
    }
    assert.deepEqual(unhandled, []);
  });
});
