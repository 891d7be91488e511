// Props models for the resource types read by policypack/lib/sources/ (aws-native, exclusive
// attachments, CloudFormation stacks) and policypack/lib/ingress.ts (security groups), for never-throws.test.ts: right shapes, junk, and
// templates as JSON and as YAML with CloudFormation's short-form tags, whole or mutated.
import * as aws from "@pulumi/aws";
import fc from "fast-check";
import YAML from "yaml";
import type { ResourceClass } from "../support";
import { native } from "../support/awsNative";

interface Parts {
  documentValue: fc.Arbitrary<unknown>;
  field: <T>(good: fc.Arbitrary<T>) => fc.Arbitrary<unknown>;
  names: fc.Arbitrary<string>;
  junk: fc.Arbitrary<unknown>;
  mutate: (text: string) => fc.Arbitrary<string>;
}

const ARNS = [
  "arn:aws:iam::aws:policy/AdministratorAccess",
  "arn:aws:iam::aws:policy/service-role/AmazonSSMAutomationRole",
  "arn:aws:iam::aws:policy/AmazonSSMManagedInstanceCore",
  "arn:aws:iam::aws:policy/NoSuchPolicy",
  "arn:aws:iam::aws:policy/",
  "arn:aws:iam::aws:policy//x",
  "arn:aws:iam::111122223333:policy/custom",
  "not-an-arn",
];
const SHORT_FORMS = [
  "!Ref AWS::Partition",
  "!Ref Param",
  "!Ref AWS::NoValue",
  "!GetAtt Inst.Arn",
  "!GetAtt [Inst, Arn]",
  "!Sub 'arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/*'",
  "!Join ['', ['arn:', !Ref AWS::Partition, ':iam::aws:policy/AdministratorAccess']]",
  "!If [C, '*', !Ref AWS::NoValue]",
  "!Select [0, !Split [',', 'a,b']]",
  "!Unknown x",
  "!Sub [ '${X}', { X: !Ref Y } ]",
  "!Ref",
  "!GetAtt",
  "!Join",
];

export function providerModels({
  documentValue,
  field,
  names,
  junk,
  mutate,
}: Parts): [ResourceClass, fc.Arbitrary<Record<string, unknown>>][] {
  const arns = fc.constantFrom(...ARNS);
  const arnList = field(fc.array(arns, { maxLength: 3 }));
  const loose = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
    fc.oneof(
      { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 12 },
      { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 4 }), weight: 1 },
    );
  const inline = field(
    fc.array(fc.oneof(fc.record({ policyName: field(names), policyDocument: documentValue }, { requiredKeys: [] }), junk), {
      maxLength: 3,
    }),
  );

  // A template: IAM resources of every kind read, with documents as objects or text.
  const cfnType = fc.constantFrom(
    "AWS::IAM::Role",
    "AWS::IAM::User",
    "AWS::IAM::Group",
    "AWS::IAM::ManagedPolicy",
    "AWS::IAM::Policy",
    "AWS::IAM::RolePolicy",
    "AWS::SSO::PermissionSet",
    "AWS::Organizations::Policy",
    "AWS::EC2::Instance",
    "constructor",
    "__proto__",
    "",
  );
  const properties = fc.record(
    {
      PolicyName: field(names),
      PolicyDocument: documentValue,
      ManagedPolicyArns: arnList,
      ManagedPolicies: arnList,
      Policies: field(
        fc.array(fc.record({ PolicyName: field(names), PolicyDocument: documentValue }, { requiredKeys: [] }), { maxLength: 2 }),
      ),
      InlinePolicy: documentValue,
      Content: documentValue,
      Type: field(fc.constantFrom("SERVICE_CONTROL_POLICY", "TAG_POLICY")),
      Roles: field(fc.array(names, { maxLength: 2 })),
    },
    { requiredKeys: [] },
  );
  const template = fc.record(
    {
      Parameters: field(fc.constant({ Param: { Type: "String", Default: "*" } })),
      Resources: field(
        fc.dictionary(
          fc.constantFrom("R1", "R2", "constructor", "Inst"),
          fc.oneof(fc.record({ Type: field(cfnType), Properties: field(properties) }, { requiredKeys: [] }), junk),
          { maxKeys: 3 },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  // YAML text with some scalar values replaced by short-form tags.
  const yamlText = fc.tuple(template, fc.array(fc.constantFrom(...SHORT_FORMS), { minLength: 1, maxLength: 4 })).map(([t, tags]) => {
    let text = YAML.stringify(t);
    for (const tag of tags) text = text.replace(/: ("[^"\n]*"|'[^'\n]*'|[A-Za-z][^\n:]*)$/m, `: ${tag}`);
    return text;
  });
  const templateBody = fc.oneof(
    { arbitrary: template.map((t) => JSON.stringify(t)), weight: 3 },
    { arbitrary: yamlText, weight: 4 },
    { arbitrary: yamlText.chain(mutate), weight: 2 },
    { arbitrary: template.chain((t) => mutate(JSON.stringify(t))), weight: 1 },
    {
      arbitrary: fc.constantFrom(
        "a: &a [*a]",
        "x: !Ref\n  - !Sub\n    - !GetAtt",
        "---\n---",
        "Resources: !Ref X",
        "Resources:\n  R: !GetAtt A.B",
        "- !Join",
      ),
      weight: 1,
    },
    { arbitrary: junk, weight: 1 },
  );

  return [
    [aws.iam.RolePolicyAttachmentsExclusive, loose({ roleName: field(names), policyArns: arnList })],
    [aws.iam.UserPolicyAttachmentsExclusive, loose({ userName: field(names), policyArns: arnList })],
    [aws.iam.GroupPolicyAttachmentsExclusive, loose({ groupName: field(names), policyArns: arnList })],
    [
      aws.cloudformation.Stack,
      loose({
        name: field(names),
        templateBody,
        templateUrl: field(fc.constant("https://s3/x")),
        capabilities: field(fc.array(fc.constantFrom("CAPABILITY_IAM", "CAPABILITY_NAMED_IAM", "x"))),
      }),
    ],
    [
      aws.cloudformation.StackSet,
      loose({
        name: field(names),
        templateBody,
        parameters: field(fc.dictionary(fc.constantFrom("Param", "X", "__proto__"), fc.oneof(names, junk))),
        capabilities: field(fc.array(fc.constantFrom("CAPABILITY_IAM", "x"))),
      }),
    ],
    [
      native.cloudformation.Stack,
      loose({
        stackName: field(names),
        templateBody: fc.oneof(templateBody, template),
        templateUrl: field(fc.constant("https://s3/x")),
        parameters: field(fc.dictionary(fc.constantFrom("Param"), names)),
      }),
    ],
    [
      native.cloudformation.StackSet,
      loose({ stackSetName: field(names), templateBody, permissionModel: field(fc.constant("SERVICE_MANAGED")) }),
    ],
    [
      native.iam.Role,
      loose({ roleName: field(names), assumeRolePolicyDocument: documentValue, policies: inline, managedPolicyArns: arnList }),
    ],
    [native.iam.User, loose({ userName: field(names), policies: inline, managedPolicyArns: arnList })],
    [native.iam.Group, loose({ groupName: field(names), policies: inline, managedPolicyArns: arnList })],
    [
      native.iam.ManagedPolicy,
      loose({
        managedPolicyName: field(names),
        policyDocument: documentValue,
        roles: field(fc.array(names)),
        users: field(fc.array(names)),
        groups: junk,
      }),
    ],
    [native.iam.RolePolicy, loose({ policyName: field(names), roleName: field(names), policyDocument: documentValue })],
    [native.iam.UserPolicy, loose({ policyName: field(names), userName: field(names), policyDocument: documentValue })],
    [native.iam.GroupPolicy, loose({ policyName: field(names), groupName: field(names), policyDocument: documentValue })],
    [
      native.sso.PermissionSet,
      loose({
        name: field(names),
        instanceArn: field(names),
        inlinePolicy: documentValue,
        managedPolicies: arnList,
        customerManagedPolicyReferences: junk,
      }),
    ],
    [
      native.ssm.Document,
      loose({
        name: field(names),
        documentType: field(fc.constantFrom("Session", "Command", "")),
        documentFormat: field(fc.constantFrom("JSON", "YAML", "TEXT")),
        content: fc.oneof(
          documentValue,
          fc.record(
            {
              schemaVersion: fc.constant("1.0"),
              sessionType: field(fc.constantFrom("Standard_Stream", "Port")),
              inputs: field(
                fc.record({ kmsKeyId: field(names), idleSessionTimeout: field(fc.constantFrom("20", "90", 5)) }, { requiredKeys: [] }),
              ),
            },
            { requiredKeys: [] },
          ),
        ),
      }),
    ],
    [
      native.organizations.Policy,
      loose({
        name: field(names),
        content: documentValue,
        type: field(fc.constantFrom("SERVICE_CONTROL_POLICY", "DECLARATIVE_POLICY_EC2", "TAG_POLICY", "")),
      }),
    ],
  ];
}

/**
 * Props models for the security group types policypack/lib/ingress.ts reads, and CloudFormation
 * stacks whose templates hold security groups. Their own pool (never-throws.test.ts), so that the
 * shared pool's seeded sequence, and with it which rules it reaches, stays as it was.
 */
export function ingressModels({ field, names, junk, mutate }: Parts): [ResourceClass, fc.Arbitrary<Record<string, unknown>>][] {
  const loose = <T extends Record<string, fc.Arbitrary<unknown>>>(model: T) =>
    fc.oneof(
      { arbitrary: fc.record(model, { requiredKeys: [] }), weight: 12 },
      { arbitrary: fc.dictionary(fc.string({ maxLength: 8 }), junk, { maxKeys: 4 }), weight: 1 },
    );
  // Inbound rules: protocols, ports and CIDRs as each provider spells them, right and wrong.
  const protocol = field(fc.constantFrom<unknown>("tcp", "6", "-1", "all", "udp", "17", 17, "icmp", -1, "TCP"));
  const port = field(fc.constantFrom<unknown>(0, 22, 80, 3389, 65535, -1, "22", 1.5));
  const cidr4 = fc.constantFrom("0.0.0.0/0", "10.0.0.0/8", "192.168.1.0/0", "", "x/0/");
  const cidr6 = fc.constantFrom("::/0", "2001:db8::/32", "::0/0");
  const prefixList = fc.constantFrom<unknown>("pl-0123456abcabcabc1", "pl-63a5400a", "", "PL-63A5400A", 7);
  const ingressRule = (style: "Pascal" | "camel") => {
    const k = (n: string) => (style === "Pascal" ? n : n[0].toLowerCase() + n.slice(1));
    return fc.record(
      {
        [k("IpProtocol")]: protocol,
        [k("FromPort")]: port,
        [k("ToPort")]: port,
        [k("CidrIp")]: field(cidr4),
        [k("CidrIpv6")]: field(cidr6),
        [k("SourcePrefixListId")]: field(prefixList),
      },
      { requiredKeys: [] },
    );
  };
  const classicRule = fc.record(
    {
      protocol,
      fromPort: port,
      toPort: port,
      cidrBlocks: field(fc.array(cidr4, { maxLength: 2 })),
      ipv6CidrBlocks: field(fc.array(cidr6, { maxLength: 2 })),
      securityGroups: field(fc.array(fc.constant("sg-0abc"), { maxLength: 1 })),
      prefixListIds: field(fc.array(prefixList, { maxLength: 2 })),
    },
    { requiredKeys: [] },
  );
  const inlineIngress = field(fc.array(fc.oneof(classicRule, junk), { maxLength: 3 }));
  const template = fc.record(
    {
      Parameters: field(fc.constant({ SSHLocation: { Type: "String", Default: "0.0.0.0/0" } })),
      Resources: field(
        fc.dictionary(
          fc.constantFrom("Sg", "In", "constructor"),
          fc.oneof(
            fc.record(
              {
                Type: field(fc.constantFrom("AWS::EC2::SecurityGroup", "AWS::EC2::SecurityGroupIngress", "AWS::EC2::Instance")),
                Properties: field(
                  fc.record(
                    {
                      SecurityGroupIngress: field(fc.array(fc.oneof(ingressRule("Pascal"), junk), { maxLength: 2 })),
                      IpProtocol: protocol,
                      FromPort: port,
                      ToPort: port,
                      CidrIp: field(fc.oneof(cidr4, fc.constant({ Ref: "SSHLocation" }))),
                    },
                    { requiredKeys: [] },
                  ),
                ),
              },
              { requiredKeys: [] },
            ),
            junk,
          ),
          { maxKeys: 2 },
        ),
      ),
    },
    { requiredKeys: [] },
  );
  const templateBody = fc.oneof(
    { arbitrary: template.map((t) => JSON.stringify(t)), weight: 3 },
    { arbitrary: template.map((t) => YAML.stringify(t)), weight: 2 },
    { arbitrary: template.chain((t) => mutate(JSON.stringify(t))), weight: 1 },
    { arbitrary: junk, weight: 1 },
  );
  return [
    [aws.ec2.SecurityGroup, loose({ name: field(names), ingress: inlineIngress })],
    [aws.ec2.DefaultSecurityGroup, loose({ vpcId: field(names), ingress: inlineIngress })],
    [
      aws.ec2.SecurityGroupRule,
      loose({
        type: field(fc.constantFrom("ingress", "egress")),
        protocol,
        fromPort: port,
        toPort: port,
        cidrBlocks: field(fc.array(cidr4, { maxLength: 2 })),
        ipv6CidrBlocks: field(fc.array(cidr6, { maxLength: 2 })),
        prefixListIds: field(fc.array(prefixList, { maxLength: 2 })),
      }),
    ],
    [
      aws.vpc.SecurityGroupIngressRule,
      loose({
        ipProtocol: protocol,
        fromPort: port,
        toPort: port,
        cidrIpv4: field(cidr4),
        cidrIpv6: field(cidr6),
        prefixListId: field(prefixList),
      }),
    ],
    [
      native.ec2.SecurityGroup,
      loose({
        groupDescription: field(names),
        securityGroupIngress: field(fc.array(fc.oneof(ingressRule("camel"), junk), { maxLength: 3 })),
      }),
    ],
    [native.ec2.SecurityGroupIngress, ingressRule("camel")],
    [
      aws.cloudformation.Stack,
      loose({ name: field(names), templateBody, parameters: field(fc.dictionary(fc.constantFrom("SSHLocation"), names)) }),
    ],
  ];
}
