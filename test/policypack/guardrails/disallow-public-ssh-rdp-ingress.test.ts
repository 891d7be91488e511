// disallow-public-ssh-rdp-ingress: "without opening SSH to the world". Security groups from public
// Pulumi programs and AWS's CloudFormation sample, in every provider shape that carries ingress,
// both ways; and our own stacks (Instance Connect endpoint rules, VPC endpoint groups) pass.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { disallowPublicSshRdpIngress as rule } from "../../../policypack/rules/guardrails/disallow-public-ssh-rdp-ingress";
import { runPlan } from "../../../plan/run";
import { assertMetadata, runRule, unknown, UnknownValueError } from "../support";
import { native, nativeInputs } from "../support/awsNative";

const FIX =
  "Fix: remove the rule and reach the instances through Session Manager (no inbound rule) or an EC2 Instance Connect Endpoint " +
  "(the endpoint's security group as the source), or admit known address ranges only.";
const opens = (subject: string, what: string) =>
  `${subject} ${what}: anyone on the internet can try to log in to every instance in the group. ${FIX}`;

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
      configKeys: ["ports"],
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
    // Not the internet, not TCP, or not the ports: pass.
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 22, toPort: 22, cidrBlocks: ["10.0.0.0/8"] }), []);
    assert.deepEqual(await group({ protocol: "tcp", fromPort: 22, toPort: 22, securityGroups: ["sg-0aaaaaaaaaaaaaaaa"] }), []);
    assert.deepEqual(await group({ protocol: "udp", fromPort: 0, toPort: 65535, cidrBlocks: ["0.0.0.0/0"] }), []);
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
