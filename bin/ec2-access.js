#!/usr/bin/env node
// The CLI runs from compiled JavaScript (built by `npm ci` through the `prepare` script):
// no TypeScript loader and no source-map hook, which would multiply the cost of every
// resource the offline plan registers (see README, "Speed").
"use strict";
const path = require("path");
const fs = require("fs");
const entry = path.join(__dirname, "..", "dist", "cli", "main.js");
if (!fs.existsSync(entry)) {
  process.stderr.write("ec2-access: not built yet; run `npm ci` (or `npm run build`) first\n");
  process.exit(2);
}
require(entry).main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
