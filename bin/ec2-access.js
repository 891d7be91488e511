#!/usr/bin/env node
// The CLI runs from compiled JavaScript (built by `npm ci` through the `prepare` script):
// no TypeScript loader and no source-map hook, which would multiply the cost of every
// resource the offline plan registers (see README, "Speed").
"use strict";
const path = require("path");
const fs = require("fs");
// V8's compile cache on disk (Node >= 22.8, module.enableCompileCache, documented; absent on
// older Node, where this does nothing; it never throws): a later run reuses the compiled code
// of every module it loads. Not in CI, where every run is a first run that would only pay for
// writing the cache. Overridden or disabled as Node documents (NODE_COMPILE_CACHE,
// NODE_DISABLE_COMPILE_CACHE). Not measured on this project's machine (Node 20).
if (!process.env.CI) require("module").enableCompileCache?.();
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("ec2-access: not built yet; run `npm ci` (or `npm run build`) first\n");
  process.exit(2);
}
// main() turns every error into an exit status; what escapes it (an error thrown later by a
// callback) is still an internal error: one line and exit 3, never a stack trace (exit 1 would
// read as "policy violation" to CI).
const internal = (e) => {
  const text = e instanceof Error ? `${e.name}: ${e.message}` : String(e);
  process.stderr.write(`ec2-access: internal error (${text.split("\n")[0]}); please report it\n`);
  process.exit(3);
};
process.on("uncaughtException", internal);
process.on("unhandledRejection", internal);
require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; }, internal);
