#!/usr/bin/env node
// Paths that differ between two checkouts (content, or present on one side only), as a JSON
// array on stdout, for `ec2-access diff --changed-files`. Reads files, never runs them; skips
// .git, node_modules and dist (the base's install and build). Symbolic links compare by target.
// usage: changed-files.js <base checkout> <head checkout>
"use strict";
const fs = require("node:fs");
const path = require("node:path");

const SKIP = new Set([".git", "node_modules", "dist"]);

function walk(root, rel = "", out = new Map()) {
  for (const entry of fs.readdirSync(path.join(root, rel), { withFileTypes: true })) {
    if (rel === "" && SKIP.has(entry.name)) continue;
    const p = rel ? `${rel}/${entry.name}` : entry.name;
    const full = path.join(root, p);
    if (entry.isDirectory()) walk(root, p, out);
    else if (entry.isSymbolicLink()) out.set(p, `link:${fs.readlinkSync(full)}`);
    else if (entry.isFile()) out.set(p, fs.readFileSync(full));
  }
  return out;
}

function changedFiles(baseDir, headDir) {
  const base = walk(baseDir);
  const head = walk(headDir);
  const same = (a, b) => (Buffer.isBuffer(a) && Buffer.isBuffer(b) ? a.equals(b) : a === b);
  const out = [];
  for (const [p, v] of head) if (!base.has(p) || !same(base.get(p), v)) out.push(p);
  for (const p of base.keys()) if (!head.has(p)) out.push(p);
  return out.sort();
}

if (require.main === module) {
  const [a, b] = process.argv.slice(2);
  if (!a || !b) {
    process.stderr.write("usage: changed-files.js <base checkout> <head checkout>\n");
    process.exit(2);
  }
  process.stdout.write(`${JSON.stringify(changedFiles(a, b))}\n`);
}

module.exports = { changedFiles };
