// `node dist/bench/audit-scale.js [--roles 2000] [--instances 5000]`: `ec2-access audit` on an
// account of that size in moto's server (test/support/moto.ts), as a whole process. Seeding goes
// through the SDK like the tests, 16 calls in flight; it is timed apart from the audit.
// One role in ten may start sessions on the instances of one of twenty teams (tag Team), the
// others hold an unrelated inline policy, so every role costs the audit the same reads.
import { spawnSync } from "node:child_process";
import * as os from "node:os";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { FAKE_AWS_ENV, startMoto } from "../test/support/moto";
import { seeders } from "../test/audit/seed";
import { mapLimit } from "../audit/pool";

async function bench(): Promise<void> {
  const { values } = parseArgs({ options: { roles: { type: "string", default: "2000" }, instances: { type: "string", default: "5000" } } });
  const roles = Number(values.roles);
  const instances = Number(values.instances);
  Object.assign(process.env, FAKE_AWS_ENV);
  const moto = await startMoto();
  const s = seeders(moto.endpoint);
  try {
    let t = Date.now();
    for (let left = instances, team = 0; left > 0; team = (team + 1) % 20) {
      const n = Math.min(250, left);
      await s.instances(n, { Team: `team-${team}` });
      left -= n;
    }
    const instanceSeconds = (Date.now() - t) / 1000;
    t = Date.now();
    await mapLimit(
      Array.from({ length: roles }, (_, i) => i),
      16,
      async (i) => {
        const name = `role-${String(i).padStart(5, "0")}`;
        await s.role(name);
        const document =
          i % 10 === 0
            ? {
                Version: "2012-10-17",
                Statement: [
                  {
                    Effect: "Allow",
                    Action: "ssm:StartSession",
                    Resource: "arn:aws:ec2:*:*:instance/*",
                    Condition: { StringEquals: { "ssm:resourceTag/Team": `team-${i % 20}` } },
                  },
                ],
              }
            : { Version: "2012-10-17", Statement: [{ Effect: "Allow", Action: "s3:GetObject", Resource: `arn:aws:s3:::bucket-${i}/*` }] };
        await s.inline("role", name, "access", document);
      },
    );
    const roleSeconds = (Date.now() - t) / 1000;
    const bin = path.resolve(__dirname, "../../bin/ec2-access.js");
    t = Date.now();
    const r = spawnSync(
      "/usr/bin/time",
      ["-f", "%M", process.execPath, bin, "audit", "--region", "us-east-1", "--endpoint-url", moto.endpoint, "--format", "json"],
      { encoding: "utf8", maxBuffer: 1 << 30, env: process.env },
    );
    const auditSeconds = (Date.now() - t) / 1000;
    if (r.status !== 0) throw new Error(`audit exited ${r.status}: ${r.stderr.slice(-2000)}`);
    const report = JSON.parse(r.stdout);
    const rssKb = Number(r.stderr.trim().split("\n").pop());
    console.log(
      JSON.stringify(
        {
          machine: `${os.cpus().length} x ${os.cpus()[0]?.model}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, node ${process.version}`,
          roles,
          instances,
          seedInstancesSeconds: instanceSeconds,
          seedRolesSeconds: roleSeconds,
          auditSeconds,
          auditPeakRssMb: Math.round(rssKb / 1024),
          accessRows: report.access.length,
          counts: report.counts,
          failures: report.failures.length,
        },
        null,
        2,
      ),
    );
  } finally {
    s.destroy();
    await moto.stop();
  }
}

bench().catch((e) => {
  console.error(e);
  process.exit(1);
});
