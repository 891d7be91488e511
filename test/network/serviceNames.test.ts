// The VPC endpoint service names and types against the AWS page that defines them: the Systems
// Manager User Guide's "Create VPC endpoints" (test/fixtures/aws-pages/009_setup-create-vpc.md,
// byte for byte). Every service the component can create must be on it, with the page's type, and
// the component must register the page's `com.amazonaws.region.<service>` with the Region filled
// in. The China Regions, whose names the page does not give, are refused.
import * as assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { awsPage } from "../support/awsPages";
import { NETWORK_SERVICES } from "../../model/schema";
import { GATEWAY_SERVICES, NetworkAccess } from "../../components/network";
import { ComponentArgsError } from "../../components/checkArgs";
import { runPlan } from "../../plan/run";
import { load, problems } from "../config/helpers";
import { main } from "../../cli/main";
import { memoryIo, project } from "../plan/support";
import { vpcEndpointPartitionProblems } from "../../config/vpcEndpointPartition";

type EndpointType = "Interface" | "Gateway";
interface PageEndpoint {
  /** As the page writes it, `region` standing for the Region code. */
  serviceName: string;
  type: EndpointType;
}

/**
 * The endpoints of the page's procedure "To create VPC endpoints for Systems Manager", by service:
 * the items under step 1 ("Create an interface endpoint") are Interface endpoints, those under
 * step 2 ("Create a gateway endpoint") Gateway endpoints.
 */
function pageEndpoints(page: string): Map<string, PageEndpoint> {
  const section = page.split(/^## /m).find((s) => s.startsWith("Creating VPC endpoints for Systems Manager"));
  assert.ok(section, "the page's section 'Creating VPC endpoints for Systems Manager'");
  const out = new Map<string, PageEndpoint>();
  let type: EndpointType | undefined;
  for (const line of section.split("\n")) {
    if (/^1\. Follow the steps in \[Create an interface endpoint\]/.test(line)) type = "Interface";
    else if (/^1\. Follow the steps in \[Create a gateway endpoint\]/.test(line)) type = "Gateway";
    const item = /^ {3}\+ \*\*`(com\.amazonaws\.region\.([a-z0-9-]+))`\*\*/.exec(line);
    if (item) {
      assert.ok(type, `an endpoint before any step: ${line}`);
      out.set(item[2], { serviceName: item[1], type });
    }
  }
  return out;
}

const PAGE = pageEndpoints(awsPage("009_setup-create-vpc.md"));

/** What of `services` is not on the page, or on it with another type than the component's. */
function disagreements(services: readonly string[], gateways: readonly string[]): string[] {
  return services.flatMap((s) => {
    const onPage = PAGE.get(s);
    if (!onPage) return [`${s}: on no AWS page`];
    const ours: EndpointType = gateways.includes(s) ? "Gateway" : "Interface";
    return onPage.type === ours ? [] : [`${s}: ${ours} here, ${onPage.type} on the page`];
  });
}

const VPC = "vpc-0123456789abcdef0";
const SUBNETS = ["subnet-0123456789abcdef0"];
const RTB = "rtb-0123456789abcdef0";

describe("network: endpoint service names from AWS's page", () => {
  it("the page names seven endpoints: six interface endpoints and s3 as a gateway endpoint", () => {
    assert.deepEqual(Object.fromEntries([...PAGE].map(([s, e]) => [s, e.type])), {
      ssm: "Interface",
      ec2messages: "Interface",
      ec2: "Interface",
      ssmmessages: "Interface",
      kms: "Interface",
      logs: "Interface",
      s3: "Gateway",
    });
  });

  it("every service the component can create is on the page, with the page's type", () => {
    assert.deepEqual(disagreements(NETWORK_SERVICES, GATEWAY_SERVICES), []);
  });

  it("a misspelt service or a wrong type would be caught", () => {
    assert.deepEqual(disagreements([...NETWORK_SERVICES, "ssm-messages"], GATEWAY_SERVICES), ["ssm-messages: on no AWS page"]);
    assert.deepEqual(disagreements(NETWORK_SERVICES, []), ["s3: Interface here, Gateway on the page"]);
    assert.deepEqual(disagreements(NETWORK_SERVICES, ["s3", "kms"]), ["kms: Gateway here, Interface on the page"]);
  });

  for (const region of ["eu-west-1", "ap-southeast-2"]) {
    it(`the component registers the page's name with the Region filled in, and its type (${region})`, async () => {
      const { plan } = await runPlan({
        stack: "prod",
        config: {
          "aws:region": region,
          "ec2-access:environment": "prod",
          "ec2-access:accountId": "777788889999",
          "ec2-access:network": {
            vpcEndpoints: [{ vpcId: VPC, subnetIds: SUBNETS, services: [...NETWORK_SERVICES], routeTableIds: [RTB] }],
          },
        },
        policies: [],
      });
      const endpoints = plan.resources.filter((r) => r.type === "aws:ec2/vpcEndpoint:VpcEndpoint");
      assert.equal(endpoints.length, NETWORK_SERVICES.length);
      for (const service of NETWORK_SERVICES) {
        const e = endpoints.find((r) => r.name === `network-${region}-${VPC}-${service}`);
        assert.ok(e, service);
        const page = PAGE.get(service);
        assert.ok(page, `${service} on the page`);
        assert.deepEqual(
          { serviceName: e.inputs.serviceName, type: e.inputs.vpcEndpointType },
          { serviceName: page.serviceName.replace(".region.", `.${region}.`), type: page.type },
        );
      }
    });
  }

  describe("China Regions (aws-cn): names the page does not give are refused, not guessed", () => {
    const entry = { vpcId: VPC, subnetIds: SUBNETS };
    const reason =
      "its endpoint service names differ for some services (cn.com.amazonaws.<region>.<service>) and no AWS page here says which, so none is guessed";

    it("an entry's region, and aws:region when the entry has none, each named with its value", () => {
      assert.deepEqual(
        problems({
          // The Region is one the stack manages, so that only the partition is at fault.
          regions: ["us-east-1", "cn-northwest-1"],
          network: {
            vpcEndpoints: [
              { ...entry, region: "cn-northwest-1" },
              { vpcId: "vpc-0fedcba9876543210", subnetIds: SUBNETS },
            ],
          },
        }),
        [`ec2-access:network.vpcEndpoints[0].region: got "cn-northwest-1"; expected a Region outside AWS China (aws-cn): ${reason}`],
      );
      assert.deepEqual(problems({ "aws:region": "cn-north-1", network: { vpcEndpoints: [entry] } }), [
        `ec2-access:network.vpcEndpoints[0].region: got nothing (so the stack's Region, "cn-north-1"); expected a Region outside AWS China (aws-cn): ${reason}`,
      ]);
      // Another partition's Region in a China stack is not refused.
      const accepted = load({
        "aws:region": "cn-north-1",
        regions: ["cn-north-1", "us-east-1"],
        network: { vpcEndpoints: [{ ...entry, region: "us-east-1" }] },
      });
      assert.equal(accepted.network?.vpcEndpoints[0].region, "us-east-1");
    });

    it("which Regions are China's is botocore's partition table: each aws-cn Region refused, each aws Region not", function () {
      // endpoints.json of python3's botocore: { partitions: [{ partition, regions: { <code>: ... } }] }.
      const script =
        "import json, os, botocore\n" +
        "d = json.load(open(os.path.join(os.path.dirname(botocore.__file__), 'data', 'endpoints.json')))\n" +
        "print(json.dumps({p['partition']: sorted(p['regions']) for p in d['partitions']}))";
      const run = spawnSync("python3", ["-c", script], { encoding: "utf8" });
      if (run.error || /No module named 'botocore'/.test(run.stderr)) this.skip(); // no python3 or botocore here
      assert.equal(run.status, 0, run.stderr);
      const partitions = JSON.parse(run.stdout) as Record<string, string[]>;
      assert.ok(partitions["aws-cn"].length >= 2 && partitions.aws.length > 20, run.stdout);
      const refused = (region: string) =>
        vpcEndpointPartitionProblems({ region, network: { vpcEndpoints: [{ ...entry, services: ["ssm"] }] } }).length > 0;
      assert.deepEqual(
        partitions["aws-cn"].filter((r) => !refused(r)),
        [],
      );
      assert.deepEqual(partitions.aws.filter(refused), []);
    });

    it("the plan exits 2 with the message before any resource exists", async () => {
      const io = memoryIo(
        project({
          "Pulumi.a.yaml": `config:\n  aws:region: cn-north-1\n  ec2-access:environment: dev\n  ec2-access:network:\n    vpcEndpoints:\n      - vpcId: ${VPC}\n        subnetIds: [${SUBNETS[0]}]\n`,
        }),
      );
      const code = await main(["plan", "--stack", "a"], io);
      assert.equal(code, 2, io.err);
      assert.equal(io.out, "");
      assert.match(
        io.err,
        /ec2-access:network\.vpcEndpoints\[0\]\.region: got nothing \(so the stack's Region, "cn-north-1"\); expected a Region outside AWS China/,
      );
      assert.doesNotMatch(io.err, /\n\s+at /, "no stack trace");
    });

    it("the component refuses it under its own name", () => {
      assert.throws(
        () => new NetworkAccess("net", { stack: { environment: "prod", regions: ["cn-north-1"] }, vpcEndpoints: [entry] }),
        (e: unknown) =>
          e instanceof ComponentArgsError &&
          e.problems.length === 1 &&
          e.problems[0] ===
            `net.vpcEndpoints[0].region: got nothing (so the stack's Region, "cn-north-1"); expected a Region outside AWS China (aws-cn): ${reason}`,
      );
    });
  });
});
