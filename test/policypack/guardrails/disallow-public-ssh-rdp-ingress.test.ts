// disallow-public-ssh-rdp-ingress: "without opening SSH to the world". Security groups from public
// Pulumi programs and AWS's CloudFormation sample, in every provider shape that carries ingress,
// both ways; and our own stacks (Instance Connect endpoint rules, VPC endpoint groups) pass.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { disallowPublicSshRdpIngress as rule } from "../../../policypack/rules/guardrails/disallow-public-ssh-rdp-ingress";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { runPlan } from "../../../plan/run";
import { main } from "../../../cli/main";
import { assertMetadata, runRule, unknown, UnknownValueError } from "../support";
import type { ResourceClass } from "../support/runRule";
import { native, nativeInputs } from "../support/awsNative";
import nativeTypes from "../fixtures/awsNativeTypes.json";
import { engineConfigErrors } from "../support/engineConfigSchema";

const FIX =
  "Fix: remove the rule and reach the instances through Session Manager (no inbound rule) or an EC2 Instance Connect Endpoint " +
  "(the endpoint's security group as the source), or admit known address ranges only.";
const opens = (subject: string, what: string) =>
  `${subject} ${what}: anyone on the internet can try to log in to every instance in the group. ${FIX}`;

/** A prefix list id in the format of AWS CLI's get-managed-prefix-list-entries example. */
const PL = "pl-0123456abcabcabc1";
const ROOT = path.resolve(__dirname, "..", "..", "..", "..");
const viaPrefixList = (subject: string, what: string, id: string) =>
  `${subject} ${what}, which is not in allowedPrefixLists: its entries are not in the program and can hold any address range, ` +
  "0.0.0.0/0 included, now or after deployment. " +
  `Fix: review its entries (aws ec2 get-managed-prefix-list-entries --prefix-list-id ${id}) and add ${id} to this policy's allowedPrefixLists, ` +
  "or use a security group or known CIDR blocks as the source.";

// pulumi/examples aws-ts-ec2-provisioners/index.ts (commit 019ba6f6ed604e9daa7fbf34e6ff9654555ac34b), `secgrp`.
const provisionersGroup = {
  description: "Foo",
  ingress: [
    { protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] },
    { protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] },
  ],
};
// pulumi/examples aws-ts-webserver/index.ts (commit 34069cb2a396248ea7966b489aae6370f396cc86), `web-secgrp`: HTTP only.
const webserverGroup = { ingress: [{ protocol: "tcp", fromPort: 80, toPort: 80, cidrBlocks: ["0.0.0.0/0"] }] };

// aws-cloudformation/aws-cloudformation-templates EC2/EC2InstanceWithSecurityGroupSample.yaml
// (commit 5912af317cbdd564410cc119e58dcf945bf25ff3): its SSHLocation parameter and security group,
// as published (the default 192.168.1.0/0 is a /0: every IPv4 address).
const awsSampleTemplate = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  SSHLocation:
    Description: The IP address range that can be used to SSH to the EC2 instances
    Type: String
    Default: 192.168.1.0/0
    MinLength: 9
    MaxLength: 18
    AllowedPattern: (\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})\\.(\\d{1,3})/(\\d{1,2})
    ConstraintDescription: must be a valid IP CIDR range of the form x.x.x.x/x.
Resources:
  InstanceSecurityGroup:
    Type: AWS::EC2::SecurityGroup
    Metadata:
      guard:
        SuppressedRules:
          - INCOMING_SSH_DISABLED
    Properties:
      GroupDescription: Enable SSH access via port 22
      SecurityGroupIngress:
        - IpProtocol: tcp
          FromPort: 22
          ToPort: 22
          CidrIp: !Ref SSHLocation
`;

describe("policypack: disallow-public-ssh-rdp-ingress", () => {
  it("metadata: mandatory, high, watches ports", () => {
    assertMetadata(rule as ResourceValidationPolicy, {
      name: "disallow-public-ssh-rdp-ingress",
      severity: "high",
      enforcementLevel: "mandatory",
      configKeys: ["allowedPrefixLists", "ports", "udpPorts"],
    });
  });

  it("aws.ec2.SecurityGroup inline ingress: the provisioners example's SSH rule, not its HTTP rule; the webserver example passes", async () => {
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, provisionersGroup, { name: "secgrp" }), [
      opens('aws.ec2.SecurityGroup "secgrp" ingress[0]', "opens SSH (22) to 0.0.0.0/0 (tcp 22)"),
    ]);
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, webserverGroup, { name: "web-secgrp" }), []);
  });

  it("port ranges that include 22 or 3389 count, and protocol -1 (all), tcp as 6, IPv6 ::/0", async () => {
    const group = (r: Record<string, unknown>) => runRule(rule, aws.ec2.SecurityGroup, { ingress: [r] }, { name: "g" });
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }), [
      opens('aws.ec2.SecurityGroup "g" ingress[0]', "opens SSH (22) and RDP (3389) to 0.0.0.0/0 (tcp 0-65535)"),
    ]);
    assert.deepEqual(await group({ protocol: "-1", fromPort: 0, toPort: 0, ipv6CidrBlocks: ["::/0"] }), [
      opens('aws.ec2.SecurityGroup "g" ingress[0]', "opens SSH (22) and RDP (3389) to ::/0 (all traffic)"),
    ]);
    assert.deepEqual(await group({ protocol: "6", fromPort: 3000, toPort: 4000, cidrBlocks: ["10.0.0.0/8", "0.0.0.0/0"] }), [
      opens('aws.ec2.SecurityGroup "g" ingress[0]', "opens RDP (3389) to 0.0.0.0/0 (tcp 3000-4000)"),
    ]);
    // Not the internet, not a watched protocol and port, or not the ports: pass.
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }), []);
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-0aaaaaaaaaaaaaaaa"] }), []);
    assert.deepEqual(await group({ protocol: "udp", fromPort: 22, toPort: 22, cidrBlocks: ["0.0.0.0/0"] }), []);
    assert.deepEqual(await group({ protocol: "icmp", fromPort: -1, toPort: -1, cidrBlocks: ["0.0.0.0/0"] }), []);
    // Protocol 50 (ESP) is allowed on all its ports, but it carries no TCP or UDP.
    assert.deepEqual(await group({ protocol: "50", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"] }), []);
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 23, toPort: 3388, cidrBlocks: ["0.0.0.0/0"] }), []);
  });

  it("aws.ec2.DefaultSecurityGroup inline ingress", async () => {
    const props = {
      vpcId: "vpc-0123456789abcdef0",
      ingress: [{ protocol: "tcp", fromPort: 3389, toPort: 3389, cidrBlocks: ["0.0.0.0/0"] }],
    };
    assert.deepEqual(await runRule(rule, aws.ec2.DefaultSecurityGroup, props, { name: "default" }), [
      opens('aws.ec2.DefaultSecurityGroup "default" ingress[0]', "opens RDP (3389) to 0.0.0.0/0 (tcp 3389)"),
    ]);
  });

  it("aws.ec2.SecurityGroupRule of type ingress (not egress)", async () => {
    const props = {
      type: "ingress",
      protocol: "all",
      fromPort: 0,
      toPort: 0,
      cidrBlocks: ["0.0.0.0/0"],
      securityGroupId: "sg-0bbbbbbbbbbbbbbbb",
    };
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroupRule, props, { name: "r" }), [
      opens('aws.ec2.SecurityGroupRule "r"', "opens SSH (22) and RDP (3389) to 0.0.0.0/0 (all traffic)"),
    ]);
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroupRule, { ...props, type: "egress" }, { name: "r" }), []);
  });

  it("aws.vpc.SecurityGroupIngressRule: cidrIpv4 and cidrIpv6; a referenced security group passes", async () => {
    const base = { securityGroupId: "sg-0bbbbbbbbbbbbbbbb", ipProtocol: "tcp", fromPort: 22, toPort: 22 };
    assert.deepEqual(await runRule(rule, aws.vpc.SecurityGroupIngressRule, { ...base, cidrIpv4: "0.0.0.0/0" }, { name: "ssh" }), [
      opens('aws.vpc.SecurityGroupIngressRule "ssh"', "opens SSH (22) to 0.0.0.0/0 (tcp 22)"),
    ]);
    assert.deepEqual(
      await runRule(
        rule,
        aws.vpc.SecurityGroupIngressRule,
        { securityGroupId: base.securityGroupId, ipProtocol: "-1", cidrIpv6: "::/0" },
        { name: "all" },
      ),
      [opens('aws.vpc.SecurityGroupIngressRule "all"', "opens SSH (22) and RDP (3389) to ::/0 (all traffic)")],
    );
    assert.deepEqual(
      await runRule(
        rule,
        aws.vpc.SecurityGroupIngressRule,
        { ...base, referencedSecurityGroupId: "sg-0aaaaaaaaaaaaaaaa" },
        { name: "eice" },
      ),
      [],
    );
  });

  it("aws-native ec2.SecurityGroup (securityGroupIngress) and ec2.SecurityGroupIngress", async () => {
    const group = nativeInputs(native.ec2.SecurityGroup, {
      groupDescription: "ssh",
      securityGroupIngress: [{ ipProtocol: "tcp", fromPort: 22, toPort: 22, cidrIp: "0.0.0.0/0" }],
    });
    assert.deepEqual(await runRule(rule, native.ec2.SecurityGroup, group, { name: "sg" }), [
      opens('aws-native.ec2.SecurityGroup "sg" securityGroupIngress[0]', "opens SSH (22) to 0.0.0.0/0 (tcp 22)"),
    ]);
    const ingress = nativeInputs(native.ec2.SecurityGroupIngress, {
      groupId: "sg-0bbbbbbbbbbbbbbbb",
      ipProtocol: "-1",
      cidrIpv6: "::/0",
    });
    assert.deepEqual(await runRule(rule, native.ec2.SecurityGroupIngress, ingress, { name: "in" }), [
      opens('aws-native.ec2.SecurityGroupIngress "in"', "opens SSH (22) and RDP (3389) to ::/0 (all traffic)"),
    ]);
  });

  it("a CloudFormation stack's template: AWS's EC2InstanceWithSecurityGroupSample opens SSH to a /0 unless SSHLocation is given", async () => {
    const props = { name: "sample", templateBody: awsSampleTemplate };
    assert.deepEqual(await runRule(rule, aws.cloudformation.Stack, props, { name: "sample" }), [
      opens(
        'aws.cloudformation.Stack "sample" CloudFormation stack "sample" resource "InstanceSecurityGroup" (AWS::EC2::SecurityGroup) SecurityGroupIngress[0]',
        "opens SSH (22) to 192.168.1.0/0 (tcp 22)",
      ),
    ]);
    assert.deepEqual(
      await runRule(rule, aws.cloudformation.Stack, { ...props, parameters: { SSHLocation: "203.0.113.0/24" } }, { name: "sample" }),
      [],
    );
  });

  it("config ports: the watched ports only", async () => {
    const props = { ingress: [{ protocol: "tcp", fromPort: 5985, toPort: 5986, cidrBlocks: ["0.0.0.0/0"] }] };
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, props, { name: "winrm" }), []);
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, props, { name: "winrm", config: { ports: [5985] } }), [
      opens('aws.ec2.SecurityGroup "winrm" ingress[0]', "opens port 5985 to 0.0.0.0/0 (tcp 5985-5986)"),
    ]);
  });

  it("a CIDR not known during preview: the engine's unknown-value error, never a guess; junk is no rule", async () => {
    await assert.rejects(
      runRule(rule, aws.vpc.SecurityGroupIngressRule, {
        securityGroupId: "sg-0bbbbbbbbbbbbbbbb",
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        cidrIpv4: unknown.string,
      }),
      (e: unknown) => e instanceof UnknownValueError,
    );
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, { ingress: "not a list" }), []);
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, { ingress: [null, 7, { protocol: {}, cidrBlocks: [1] }] }), []);
  });
});

describe("policypack: disallow-public-ssh-rdp-ingress through the offline plan", () => {
  // A group as public programs write it for the EC2 console's Instance Connect client: SSH from
  // the Region's AWS-managed prefix list (looked up by name, so only its id reaches the resource).
  const instanceConnectGroup = (prefixListId: string) => async () => {
    new aws.ec2.SecurityGroup("eic", {
      ingress: [
        { protocol: "tcp", fromPort: 443, toPort: 443, cidrBlocks: ["0.0.0.0/0"] },
        { protocol: "tcp", fromPort: 22, toPort: 22, prefixListIds: [prefixListId] },
      ],
    });
  };

  it("SSH from a prefix list: a mandatory violation until the pack's config approves the list", async () => {
    const config = { "aws:region": "us-east-1", "ec2-access:environment": "dev" };
    const refused = await runPlan({ stack: "web", config, program: instanceConnectGroup(PL) });
    assert.deepEqual(
      refused.plan.violations.map((v) => [v.policy, v.enforcementLevel, v.message]),
      [
        [
          "disallow-public-ssh-rdp-ingress",
          "mandatory",
          viaPrefixList('aws.ec2.SecurityGroup "eic" ingress[1]', `opens SSH (22) to prefix list ${PL} (tcp 22)`, PL),
        ],
      ],
    );
    const approved = await runPlan({
      stack: "web",
      config,
      program: instanceConnectGroup(PL),
      policyConfig: { "disallow-public-ssh-rdp-ingress": { allowedPrefixLists: [PL] } },
    });
    assert.deepEqual(approved.plan.violations, []);
  });

  it("a list's name in allowedPrefixLists: the plan refuses the pack config with exit 2, naming the key and the value", async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "prefix-lists-"));
    const file = path.join(dir, "dev.json");
    const config = JSON.parse(fs.readFileSync(path.join(ROOT, "policypack", "config", "dev.json"), "utf8"));
    config["disallow-public-ssh-rdp-ingress"].allowedPrefixLists = ["com.amazonaws.us-east-1.ec2-instance-connect"];
    fs.writeFileSync(file, JSON.stringify(config));
    const io = {
      out: "",
      err: "",
      cwd: ROOT,
      stdout: (t: string) => void (io.out += t),
      stderr: (t: string) => void (io.err += t),
      stdin: async () => "",
    };
    try {
      assert.equal(await main(["plan", "--stack", "dev", "--policy-config", file], io), 2);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
    assert.equal(io.out, "");
    assert.match(
      io.err,
      /disallow-public-ssh-rdp-ingress\.allowedPrefixLists\[0\].*"com\.amazonaws\.us-east-1\.ec2-instance-connect".*must match pattern/,
    );
    assert.doesNotMatch(io.err, /\n\s+at /);
  });

  it("our own stacks pass: dev's Instance Connect endpoint rules (sg source) and a network stack's endpoint group (VPC CIDR)", async () => {
    const { plan } = await runPlan({
      stack: "net",
      config: {
        "aws:region": "us-east-1",
        "ec2-access:environment": "dev",
        "ec2-access:instanceConnect": {
          grants: [{ name: "ops", principals: { groups: ["ops"] }, osUsers: ["ec2-user"], instanceIds: ["i-1234567890abcdef0"] }],
          endpoint: {
            subnetId: "subnet-0123456789abcdef0",
            securityGroupIds: ["sg-0aaaaaaaaaaaaaaaa"],
            instanceSecurityGroupIds: ["sg-0bbbbbbbbbbbbbbbb"],
            remotePorts: [22, 3389],
          },
        },
        "ec2-access:network": { vpcEndpoints: [{ vpcId: "vpc-0123456789abcdef0", subnetIds: ["subnet-0123456789abcdef0"] }] },
      },
    });
    const types = new Set(plan.resources.map((r) => r.type));
    assert.ok(types.has("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule") && types.has("aws:ec2/securityGroup:SecurityGroup"));
    // (3389 is restrict-instance-connect-tunnel's to judge, under its allowedPorts.)
    assert.deepEqual(
      plan.violations.filter((v) => v.policy === rule.name),
      [],
    );
  });

  it("a Pulumi program with the provisioners example's group: a mandatory violation in the plan", async () => {
    const { plan } = await runPlan({
      stack: "web",
      config: { "aws:region": "us-east-1", "ec2-access:environment": "dev" },
      program: async () => {
        new aws.ec2.SecurityGroup("secgrp", provisionersGroup);
      },
    });
    assert.deepEqual(
      plan.violations.map((v) => [v.policy, v.enforcementLevel, v.message]),
      [
        [
          "disallow-public-ssh-rdp-ingress",
          "mandatory",
          opens('aws.ec2.SecurityGroup "secgrp" ingress[0]', "opens SSH (22) to 0.0.0.0/0 (tcp 22)"),
        ],
      ],
    );
  });
});

// One inbound rule (one source, as AWS allows per rule), written in each shape that carries ingress.
interface Opening {
  protocol: string;
  port: number;
  cidrIpv4?: string;
  cidrIpv6?: string;
  prefixList?: string;
}
interface Shape {
  cls: ResourceClass;
  subject: string;
  props: (o: Opening) => Record<string, unknown>;
}
const SG_ID = "sg-0bbbbbbbbbbbbbbbb";
const only = (entries: Record<string, unknown>) => Object.fromEntries(Object.entries(entries).filter(([, v]) => v !== undefined));
const classic = (o: Opening) =>
  only({
    protocol: o.protocol,
    fromPort: o.port,
    toPort: o.port,
    cidrBlocks: o.cidrIpv4 && [o.cidrIpv4],
    ipv6CidrBlocks: o.cidrIpv6 && [o.cidrIpv6],
    prefixListIds: o.prefixList && [o.prefixList],
  });
/** CloudFormation's AWS::EC2::SecurityGroup Ingress names; camelCase for aws-native. */
const cfn = (o: Opening, camel: boolean) => {
  const k = (n: string) => (camel ? n[0].toLowerCase() + n.slice(1) : n);
  return only({
    [k("IpProtocol")]: o.protocol,
    [k("FromPort")]: o.port,
    [k("ToPort")]: o.port,
    [k("CidrIp")]: o.cidrIpv4,
    [k("CidrIpv6")]: o.cidrIpv6,
    [k("SourcePrefixListId")]: o.prefixList,
  });
};
const nativeIngressArgs = (o: Opening) => {
  const r = cfn(o, true);
  for (const key of Object.keys(r))
    assert.ok(nativeTypes.nested["ec2.SecurityGroupIngressArgs"].includes(key), `${key} is not an input of ec2.SecurityGroupIngressArgs`);
  return r;
};
const SHAPES: Shape[] = [
  { cls: aws.ec2.SecurityGroup, subject: 'aws.ec2.SecurityGroup "g" ingress[0]', props: (o) => ({ ingress: [classic(o)] }) },
  {
    cls: aws.ec2.DefaultSecurityGroup,
    subject: 'aws.ec2.DefaultSecurityGroup "g" ingress[0]',
    props: (o) => ({ vpcId: "vpc-0123456789abcdef0", ingress: [classic(o)] }),
  },
  {
    cls: aws.ec2.SecurityGroupRule,
    subject: 'aws.ec2.SecurityGroupRule "g"',
    props: (o) => ({ type: "ingress", securityGroupId: SG_ID, ...classic(o) }),
  },
  {
    cls: aws.vpc.SecurityGroupIngressRule,
    subject: 'aws.vpc.SecurityGroupIngressRule "g"',
    props: (o) =>
      only({
        securityGroupId: SG_ID,
        ipProtocol: o.protocol,
        fromPort: o.port,
        toPort: o.port,
        cidrIpv4: o.cidrIpv4,
        cidrIpv6: o.cidrIpv6,
        prefixListId: o.prefixList,
      }),
  },
  {
    cls: native.ec2.SecurityGroup,
    subject: 'aws-native.ec2.SecurityGroup "g" securityGroupIngress[0]',
    props: (o) => nativeInputs(native.ec2.SecurityGroup, { groupDescription: "g", securityGroupIngress: [nativeIngressArgs(o)] }),
  },
  {
    cls: native.ec2.SecurityGroupIngress,
    subject: 'aws-native.ec2.SecurityGroupIngress "g"',
    props: (o) => nativeInputs(native.ec2.SecurityGroupIngress, { groupId: SG_ID, ...nativeIngressArgs(o) }),
  },
  {
    cls: aws.cloudformation.Stack,
    subject: 'aws.cloudformation.Stack "g" CloudFormation stack "s" resource "Sg" (AWS::EC2::SecurityGroup) SecurityGroupIngress[0]',
    props: (o) => ({
      name: "s",
      templateBody: JSON.stringify({
        Resources: {
          Sg: { Type: "AWS::EC2::SecurityGroup", Properties: { GroupDescription: "g", SecurityGroupIngress: [cfn(o, false)] } },
        },
      }),
    }),
  },
];

describe("policypack: disallow-public-ssh-rdp-ingress in every shape: UDP 3389, IPv6, prefix lists", () => {
  const run = (shape: Shape, o: Opening, config?: Record<string, unknown>) =>
    runRule(rule, shape.cls, shape.props(o), { name: "g", config });

  for (const shape of SHAPES) {
    it(`${shape.subject.split(" ")[0]}: RDP over UDP (udp and 17), not UDP 22`, async () => {
      assert.deepEqual(await run(shape, { protocol: "udp", port: 3389, cidrIpv4: "0.0.0.0/0" }), [
        opens(shape.subject, "opens RDP (3389) to 0.0.0.0/0 (udp 3389)"),
      ]);
      assert.deepEqual(await run(shape, { protocol: "17", port: 3389, cidrIpv6: "::/0" }), [
        opens(shape.subject, "opens RDP (3389) to ::/0 (udp 3389)"),
      ]);
      // SSH has no UDP transport; a team that wants it watched says so.
      assert.deepEqual(await run(shape, { protocol: "udp", port: 22, cidrIpv4: "0.0.0.0/0" }), []);
      assert.deepEqual(await run(shape, { protocol: "udp", port: 22, cidrIpv4: "0.0.0.0/0" }, { udpPorts: [22] }), [
        opens(shape.subject, "opens SSH (22) to 0.0.0.0/0 (udp 22)"),
      ]);
    });

    it(`${shape.subject.split(" ")[0]}: SSH to ::/0`, async () => {
      assert.deepEqual(await run(shape, { protocol: "tcp", port: 22, cidrIpv6: "::/0" }), [
        opens(shape.subject, "opens SSH (22) to ::/0 (tcp 22)"),
      ]);
      assert.deepEqual(await run(shape, { protocol: "tcp", port: 22, cidrIpv6: "2001:db8::/32" }), []);
    });

    it(`${shape.subject.split(" ")[0]}: a prefix list source is a violation unless it is in allowedPrefixLists`, async () => {
      assert.deepEqual(await run(shape, { protocol: "tcp", port: 22, prefixList: PL }), [
        viaPrefixList(shape.subject, `opens SSH (22) to prefix list ${PL} (tcp 22)`, PL),
      ]);
      assert.deepEqual(await run(shape, { protocol: "tcp", port: 22, prefixList: PL }, { allowedPrefixLists: [PL] }), []);
      // Another list is still refused; a port nobody watches is not this rule's business.
      assert.deepEqual(await run(shape, { protocol: "udp", port: 3389, prefixList: PL }, { allowedPrefixLists: ["pl-63a5400a"] }), [
        viaPrefixList(shape.subject, `opens RDP (3389) to prefix list ${PL} (udp 3389)`, PL),
      ]);
      assert.deepEqual(await run(shape, { protocol: "tcp", port: 443, prefixList: PL }), []);
    });
  }

  it("a rule with both a prefix list and 0.0.0.0/0: both are reported; protocol all counts TCP and UDP ports once", async () => {
    const props = { ingress: [{ protocol: "-1", fromPort: 0, toPort: 0, cidrBlocks: ["0.0.0.0/0"], prefixListIds: [PL] }] };
    assert.deepEqual(await runRule(rule, aws.ec2.SecurityGroup, props, { name: "g" }), [
      opens('aws.ec2.SecurityGroup "g" ingress[0]', "opens SSH (22) and RDP (3389) to 0.0.0.0/0 (all traffic)"),
      viaPrefixList('aws.ec2.SecurityGroup "g" ingress[0]', `opens SSH (22) and RDP (3389) to prefix list ${PL} (all traffic)`, PL),
    ]);
  });

  it("a prefix list id not known during preview: the engine's unknown-value error, never a guess", async () => {
    await assert.rejects(
      runRule(rule, aws.vpc.SecurityGroupIngressRule, {
        securityGroupId: SG_ID,
        ipProtocol: "tcp",
        fromPort: 22,
        toPort: 22,
        prefixListId: unknown.string,
      }),
      (e: unknown) => e instanceof UnknownValueError,
    );
  });

  it("the engine refuses allowedPrefixLists entries that are not prefix list ids (a list's name is not its id)", () => {
    assert.deepEqual(engineConfigErrors(rule, { allowedPrefixLists: [PL, "com.amazonaws.us-east-1.ec2-instance-connect"] }), [
      '/allowedPrefixLists/1: must match pattern "^pl-[0-9a-f]+$"',
    ]);
    assert.deepEqual(engineConfigErrors(rule, { udpPorts: [3389, 70000] }), ["/udpPorts/1: must be <= 65535"]);
    assert.deepEqual(engineConfigErrors(rule, { allowedPrefixLists: [PL, "pl-63a5400a"], udpPorts: [] }), []);
  });
});
