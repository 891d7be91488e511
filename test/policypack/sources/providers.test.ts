// Identity documents reach the rules whatever provider declares them: @pulumi/aws-native
// resources (inputs in CloudFormation's shape, documents as objects), the classic
// *PolicyAttachmentsExclusive resources, and IAM resources inside a CloudFormation stack's
// template (JSON, or YAML with short-form tags). Each case is a broad grant the pack must catch,
// with the rule's exact message.
import assert from "node:assert/strict";
import * as aws from "@pulumi/aws";
import type { ResourceValidationPolicy } from "@pulumi/policy";
import { policies } from "../../../policypack/policies";
import type { ResourceClass } from "../support";
import { UnknownValueError, runRule, unknown } from "../support";
import { native, nativeInputs } from "../support/awsNative";

const rule = (name: string) => policies.find((p) => p.name === name) as ResourceValidationPolicy;
const serialScope = rule("require-serial-console-instance-scope");
const sessionScope = rule("require-session-instance-scope");
const readable = rule("require-readable-policy-document");
const unknownActions = rule("disallow-unknown-access-actions");

const doc = (action: string, resource: unknown = "*") => ({
  Version: "2012-10-17",
  Statement: [{ Effect: "Allow", Action: action, Resource: resource }],
});
const SERIAL = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
const serialMessage = (prefix: string) =>
  `${prefix}Statement[0] allows ec2-instance-connect:SendSerialConsoleSSHPublicKey on "*" with no instance scope: anyone with this policy can connect to every instance's serial console. ` +
  "Fix: list instance ARNs (arn:aws:ec2:<region>:<account>:instance/<id>) or add a condition on aws:ResourceTag/<key>.";
const sessionMessage = (prefix: string, resource = '"*"') =>
  `${prefix}Statement[0]: allows ssm:StartSession on ${resource} without a resource-tag condition, so it opens a shell on every instance of the account. ` +
  "Name the instances (arn:aws:ec2:<region>:<account>:instance/i-...) or add a condition such as StringEquals on ssm:resourceTag/<key>.";

const nativeCases: [string, ResourceClass, Record<string, unknown>, string][] = [
  [
    "iam.Role policies",
    native.iam.Role,
    { roleName: "ops", assumeRolePolicyDocument: {}, policies: [{ policyName: "serial", policyDocument: doc(SERIAL) }] },
    'inline policy "serial": ',
  ],
  [
    "iam.User policies",
    native.iam.User,
    { userName: "alice", policies: [{ policyName: "serial", policyDocument: doc(SERIAL) }] },
    'inline policy "serial": ',
  ],
  [
    "iam.Group policies",
    native.iam.Group,
    { groupName: "ops", policies: [{ policyName: "serial", policyDocument: doc(SERIAL) }] },
    'inline policy "serial": ',
  ],
  ["iam.ManagedPolicy", native.iam.ManagedPolicy, { managedPolicyName: "serial", policyDocument: doc(SERIAL), roles: ["ops"] }, ""],
  ["iam.RolePolicy", native.iam.RolePolicy, { policyName: "serial", roleName: "ops", policyDocument: doc(SERIAL) }, ""],
  ["iam.UserPolicy", native.iam.UserPolicy, { policyName: "serial", userName: "alice", policyDocument: doc(SERIAL) }, ""],
  ["iam.GroupPolicy", native.iam.GroupPolicy, { policyName: "serial", groupName: "ops", policyDocument: JSON.stringify(doc(SERIAL)) }, ""],
  [
    "sso.PermissionSet inlinePolicy",
    native.sso.PermissionSet,
    { name: "ops", instanceArn: "arn:aws:sso:::instance/ssoins-1", inlinePolicy: doc(SERIAL) },
    "inline policy: ",
  ],
];

describe("sources: @pulumi/aws-native", () => {
  for (const [what, cls, props, prefix] of nativeCases) {
    it(`${what}: SendSerialConsoleSSHPublicKey on * is caught by require-serial-console-instance-scope`, async () => {
      assert.deepEqual(await runRule(serialScope, cls, nativeInputs(cls, props)), [serialMessage(prefix)]);
    });
  }

  it("organizations.Policy: an SCP's misspelled access action is caught; declarative and tag policies are not IAM documents", async () => {
    const scp = nativeInputs(native.organizations.Policy, {
      name: "guard",
      type: "SERVICE_CONTROL_POLICY",
      content: { Version: "2012-10-17", Statement: [{ Effect: "Deny", Action: "ssm:StartSesion", Resource: "*" }] },
    });
    assert.deepEqual(await runRule(unknownActions, native.organizations.Policy, scp), [
      'Statement[0] names "ssm:StartSesion" in Action, which matches no action AWS defines: the Deny never applies to it. Fix: did you mean "ssm:StartSession"?',
    ]);
    for (const type of ["DECLARATIVE_POLICY_EC2", "TAG_POLICY"]) {
      assert.deepEqual(await runRule(readable, native.organizations.Policy, { name: "p", type, content: { ec2_attributes: {} } }), []);
    }
  });

  it("the permissions boundary and the trust policy are not read as grants", async () => {
    const props = nativeInputs(native.iam.Role, {
      roleName: "ops",
      assumeRolePolicyDocument: doc("ssm:StartSession"),
      permissionsBoundary: "arn:aws:iam::aws:policy/AdministratorAccess",
    });
    assert.deepEqual(await runRule(sessionScope, native.iam.Role, props), []);
  });

  it("an unknown value (preview) raises the engine's UnknownValueError; strange shapes are reported or ignored, never thrown", async () => {
    await assert.rejects(runRule(sessionScope, native.iam.Role, { roleName: "ops", policies: unknown.array }), UnknownValueError);
    await assert.rejects(
      runRule(sessionScope, native.iam.RolePolicy, {
        roleName: "ops",
        policyDocument: { Statement: [{ Effect: "Allow", Action: "ssm:StartSession", Resource: unknown.string }] },
      }),
      UnknownValueError,
    );
    for (const props of [
      { policies: "x" },
      { policies: [null, 3, { policyDocument: 5 }] },
      { managedPolicyArns: [{}, null, "arn:aws:iam::aws:policy/"] },
      { roleName: { a: 1 } },
    ]) {
      for (const p of policies)
        if ("validateResource" in p && p.validateResource) await runRule(p as ResourceValidationPolicy, native.iam.Role, props);
    }
    assert.deepEqual(await runRule(readable, native.iam.Role, { policies: [{ policyName: "p", policyDocument: 5 }] }), [
      'inline policy "p": the document is number, not a JSON object: the pack cannot check what it cannot read. Fix: correct the document.',
    ]);
  });
});

describe("sources: aws.iam.*PolicyAttachmentsExclusive", () => {
  for (const [cls, props] of [
    [
      aws.iam.RolePolicyAttachmentsExclusive,
      { roleName: "ops", policyArns: ["arn:aws:iam::111122223333:policy/own", "arn:aws:iam::aws:policy/AdministratorAccess"] },
    ],
    [aws.iam.UserPolicyAttachmentsExclusive, { userName: "alice", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }],
    [aws.iam.GroupPolicyAttachmentsExclusive, { groupName: "ops", policyArns: ["arn:aws:iam::aws:policy/AdministratorAccess"] }],
  ] as const) {
    it(`${(cls as unknown as { __pulumiType: string }).__pulumiType}: AdministratorAccess is checked on its content`, async () => {
      assert.deepEqual(await runRule(serialScope, cls, props), [
        serialMessage("AWS managed policy AdministratorAccess: ").replace(
          "allows ec2-instance-connect:SendSerialConsoleSSHPublicKey on",
          'allows ec2-instance-connect:SendSerialConsoleSSHPublicKey (through "*") on',
        ),
      ]);
    });
  }
});

const YAML_TEMPLATE = `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  InstanceId: {Type: String}
Conditions:
  IsProd: !Equals [!Ref AWS::AccountId, "111122223333"]
Resources:
  Instance:
    Type: AWS::EC2::Instance
    Properties: {ImageId: ami-1}
  OpsRole:
    Type: AWS::IAM::Role
    Properties:
      RoleName: !Sub "\${AWS::StackName}-ops"
      AssumeRolePolicyDocument: {Statement: [{Effect: Allow, Principal: {Service: ec2.amazonaws.com}, Action: sts:AssumeRole}]}
      ManagedPolicyArns:
        - !Sub arn:\${AWS::Partition}:iam::aws:policy/service-role/AmazonSSMAutomationRole
      Policies:
        - PolicyName: sessions
          PolicyDocument:
            Version: "2012-10-17"
            Statement:
              - Effect: Allow
                Action: ssm:StartSession
                Resource: !Sub arn:\${AWS::Partition}:ec2:\${AWS::Region}:\${AWS::AccountId}:instance/*
        - PolicyName: one-instance
          PolicyDocument:
            Statement:
              - Effect: Allow
                Action: ssm:StartSession
                Resource: !Join ["", ["arn:", !Ref AWS::Partition, ":ec2:", !Ref AWS::Region, ":", !Ref AWS::AccountId, ":instance/", !Ref InstanceId]]
                Condition: {BoolIfExists: {ssm:SessionDocumentAccessCheck: "true"}}
              - Effect: Allow
                Action: ssm:StartSession
                Resource: !GetAtt Instance.Arn
  SerialPolicy:
    Type: AWS::IAM::ManagedPolicy
    Properties:
      Roles: [!Ref OpsRole]
      PolicyDocument: {Statement: {Effect: Allow, Action: "${SERIAL}", Resource: "*"}}
`;

describe("sources: IAM resources in an aws.cloudformation.Stack template", () => {
  it("YAML with short-form tags: a broad StartSession, AmazonSSMAutomationRole by !Sub ARN, and a managed policy are caught; !Ref/!GetAtt of one instance are not broad", async () => {
    const v = await runRule(sessionScope, aws.cloudformation.Stack, {
      name: "ops",
      templateBody: YAML_TEMPLATE,
      capabilities: ["CAPABILITY_NAMED_IAM"],
    });
    const inRole = 'CloudFormation stack "ops" resource "OpsRole" (AWS::IAM::Role), ';
    assert.deepEqual(v, [
      sessionMessage(`${inRole}inline policy "sessions": `, '"arn:aws:ec2:*:*:instance/*"'),
      `${inRole}AWS managed policy AmazonSSMAutomationRole: ` +
        sessionMessage("").replace(
          "Statement[0]: allows ssm:StartSession on",
          'Statement[2]: allows ssm:StartSession (through "ssm:*") on',
        ),
    ]);
    assert.deepEqual(await runRule(serialScope, aws.cloudformation.Stack, { name: "ops", templateBody: YAML_TEMPLATE }), [
      serialMessage('CloudFormation stack "ops" resource "SerialPolicy" (AWS::IAM::ManagedPolicy): '),
    ]);
    assert.deepEqual(await runRule(readable, aws.cloudformation.Stack, { name: "ops", templateBody: YAML_TEMPLATE }), []);
  });

  it("JSON template with Fn::Join ARNs; SSO permission sets and SCPs in templates are read", async () => {
    const template = {
      Resources: {
        Ps: {
          Type: "AWS::SSO::PermissionSet",
          Properties: { Name: "ops", InstanceArn: "arn:aws:sso:::instance/ssoins-1", InlinePolicy: doc("ssm:StartSession") },
        },
        Scp: {
          Type: "AWS::Organizations::Policy",
          Properties: {
            Name: "guard",
            Type: "SERVICE_CONTROL_POLICY",
            Content: { Statement: [{ Effect: "Deny", Action: "ssm:StartSesion", Resource: "*" }] },
          },
        },
        Attach: {
          Type: "AWS::IAM::User",
          Properties: {
            ManagedPolicyArns: [{ "Fn::Join": ["", ["arn:", { Ref: "AWS::Partition" }, ":iam::aws:policy/AdministratorAccess"]] }],
          },
        },
      },
    };
    const v = await runRule(sessionScope, aws.cloudformation.Stack, { name: "org", templateBody: JSON.stringify(template) });
    assert.deepEqual(v, [
      sessionMessage('CloudFormation stack "org" resource "Ps" (AWS::SSO::PermissionSet), inline policy: '),
      sessionMessage('CloudFormation stack "org" resource "Attach" (AWS::IAM::User), AWS managed policy AdministratorAccess: ').replace(
        "allows ssm:StartSession on",
        'allows ssm:StartSession (through "*") on',
      ),
    ]);
    assert.deepEqual(await runRule(unknownActions, aws.cloudformation.Stack, { name: "org", templateBody: JSON.stringify(template) }), [
      'CloudFormation stack "org" resource "Scp" (AWS::Organizations::Policy): Statement[0] names "ssm:StartSesion" in Action, which matches no action AWS defines: the Deny never applies to it. Fix: did you mean "ssm:StartSession"?',
    ]);
  });

  it("an unreadable template, or one in S3 that may create IAM resources, is reported; strange templates never throw", async () => {
    assert.deepEqual(await runRule(readable, aws.cloudformation.Stack, { name: "s", templateBody: "Resources: [unclosed" }), [
      'CloudFormation stack "s": templateBody: the template is not valid YAML: Flow sequence in block collection must be sufficiently indented and end with a ] (line 1, column 21): the pack cannot check what it cannot read. Fix: correct the document.',
    ]);
    assert.deepEqual(
      await runRule(readable, aws.cloudformation.Stack, {
        name: "s",
        templateUrl: "https://s3.amazonaws.com/b/t.yaml",
        capabilities: ["CAPABILITY_IAM"],
      }),
      [
        'CloudFormation stack "s": its template is at templateUrl and it may create IAM resources (CAPABILITY_IAM), which the pack cannot check. Fix: pass the template as templateBody: the pack cannot check what it cannot read. Fix: correct the document.',
      ],
    );
    assert.deepEqual(
      await runRule(readable, aws.cloudformation.Stack, { name: "s", templateUrl: "https://s3.amazonaws.com/b/t.yaml" }),
      [],
    );
    // Bounded before parsing: CloudFormation's own limit, and nesting the YAML parser would recurse into.
    assert.deepEqual(await runRule(readable, aws.cloudformation.Stack, { name: "s", templateBody: `Description: ${"é".repeat(25_600)}` }), [
      'CloudFormation stack "s": templateBody: the template is 51213 bytes long, more than the 51200 CloudFormation accepts in templateBody: the pack cannot check what it cannot read. Fix: correct the document.',
    ]);
    assert.deepEqual(await runRule(readable, aws.cloudformation.Stack, { name: "s", templateBody: `Resources: ${"[".repeat(50_000)}` }), [
      'CloudFormation stack "s": templateBody: the template nests brackets more than 100 levels deep: the pack cannot check what it cannot read. Fix: correct the document.',
    ]);
    const strange = [
      "a: &a [*a, *a]\nb: &b [*a, *a, *a]\nc: [*b, *b, *b, *b]",
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies: !Ref X\n      ManagedPolicyArns: !If [C, [a], [b]]",
      "Resources:\n  constructor:\n    Type: constructor\n  __proto__:\n    Type: AWS::IAM::Policy\n    Properties: {PolicyDocument: !GetAtt}",
      "Resources: !Unknown\n  R: 1",
      "Resources:\n  R:\n    Type: AWS::IAM::Role\n    Properties:\n      Policies:\n        - PolicyDocument: {Statement: [{Effect: Allow, Action: !Sub [x, {}], Resource: !Sub [1, 2]}]}",
      JSON.stringify({
        Resources: {
          R: { Type: "AWS::IAM::RolePolicy", Properties: { PolicyDocument: { "Fn::If": ["C", doc("*"), { Ref: "AWS::NoValue" }] } } },
        },
      }),
      "x".repeat(2_000_000),
      "- ".repeat(25_000) + "x",
      "? ".repeat(25_000) + "x",
    ];
    for (const templateBody of strange) {
      for (const p of policies)
        if ("validateResource" in p && p.validateResource)
          await runRule(p as ResourceValidationPolicy, aws.cloudformation.Stack, { name: "s", templateBody });
    }
    await assert.rejects(runRule(readable, aws.cloudformation.Stack, { name: "s", templateBody: unknown.string }), UnknownValueError);
  });
});

describe("sources: aws-native ssm.Document (session preferences)", () => {
  const encryption = rule("require-session-preferences-encryption-and-logging");
  const idle = rule("restrict-session-idle-timeout");
  const preferences = (inputs: Record<string, unknown>) => ({
    schemaVersion: "1.0",
    description: "Session Manager preferences",
    sessionType: "Standard_Stream",
    inputs,
  });

  it("content as an object: missing KMS key and logging, and a 60-minute idle timeout, are caught", async () => {
    const props = nativeInputs(native.ssm.Document, {
      name: "SSM-SessionManagerRunShell",
      documentType: "Session",
      content: preferences({ idleSessionTimeout: "60" }),
    });
    assert.deepEqual(await runRule(encryption, native.ssm.Document, props), [
      "Session preferences document: inputs.kmsKeyId is not set, so session data is not encrypted with a KMS key. Set kmsKeyId to a KMS key in the session's Region and grant users kms:GenerateDataKey on it.",
      "Session preferences document: neither inputs.s3BucketName nor inputs.cloudWatchLogGroupName is set, so sessions are not logged. Set one of them (with s3EncryptionEnabled or cloudWatchEncryptionEnabled true).",
    ]);
    assert.deepEqual(await runRule(idle, native.ssm.Document, props), [
      'Session preferences document: inputs.idleSessionTimeout is 60 minutes, more than the allowed 20. Set idleSessionTimeout to at most "20".',
    ]);
  });

  it("content as YAML text with documentFormat YAML is read; compliant preferences pass; Command documents are not session preferences", async () => {
    const yaml =
      'schemaVersion: "1.0"\nsessionType: Standard_Stream\ninputs:\n  kmsKeyId: alias/sessions\n  cloudWatchLogGroupName: /ssm/sessions\n  cloudWatchEncryptionEnabled: true\n  idleSessionTimeout: "15"\n';
    const props = nativeInputs(native.ssm.Document, { documentType: "Session", documentFormat: "YAML", content: yaml });
    assert.deepEqual(await runRule(encryption, native.ssm.Document, props), []);
    assert.deepEqual(await runRule(idle, native.ssm.Document, props), []);
    assert.deepEqual(
      await runRule(idle, native.ssm.Document, { documentType: "Command", content: { schemaVersion: "2.2", mainSteps: [] } }),
      [],
    );
    await assert.rejects(runRule(idle, native.ssm.Document, { documentType: "Session", content: unknown.object }), UnknownValueError);
    assert.deepEqual(await runRule(idle, native.ssm.Document, { documentType: "Command", content: unknown.object }), []);
  });
});

describe("sources: StackSets and aws-native stacks carry templates too", () => {
  const template = {
    Parameters: { Target: { Type: "String", Default: "i-0123456789abcdef0" } },
    Resources: {
      Sessions: {
        Type: "AWS::IAM::ManagedPolicy",
        Properties: {
          ManagedPolicyName: "sessions",
          PolicyDocument: doc("ssm:StartSession", {
            "Fn::Sub": "arn:${AWS::Partition}:ec2:${AWS::Region}:${AWS::AccountId}:instance/${Target}",
          }),
        },
      },
    },
  };
  it('aws.cloudformation.StackSet: the parameters input overrides a parameter\'s default (an instance ID becomes "*")', async () => {
    assert.deepEqual(
      await runRule(sessionScope, aws.cloudformation.StackSet, { name: "org-roles", templateBody: JSON.stringify(template) }),
      [],
    );
    assert.deepEqual(
      await runRule(sessionScope, aws.cloudformation.StackSet, {
        name: "org-roles",
        templateBody: JSON.stringify(template),
        parameters: { Target: "*" },
      }),
      [
        sessionMessage(
          'CloudFormation StackSet "org-roles" resource "Sessions" (AWS::IAM::ManagedPolicy): ',
          '"arn:aws:ec2:*:*:instance/*"',
        ),
      ],
    );
  });
  it("aws-native cloudformation.Stack takes the template as an object; aws-native StackSet as text", async () => {
    const broad = { ...template, Parameters: { Target: { Type: "String", Default: "*" } } };
    assert.deepEqual(
      await runRule(
        sessionScope,
        native.cloudformation.Stack,
        nativeInputs(native.cloudformation.Stack, { stackName: "ops", templateBody: broad }),
      ),
      [sessionMessage('CloudFormation stack "ops" resource "Sessions" (AWS::IAM::ManagedPolicy): ', '"arn:aws:ec2:*:*:instance/*"')],
    );
    assert.deepEqual(
      await runRule(
        sessionScope,
        native.cloudformation.StackSet,
        nativeInputs(native.cloudformation.StackSet, {
          stackSetName: "org",
          permissionModel: "SERVICE_MANAGED",
          templateBody: JSON.stringify(broad),
        }),
      ),
      [sessionMessage('CloudFormation StackSet "org" resource "Sessions" (AWS::IAM::ManagedPolicy): ', '"arn:aws:ec2:*:*:instance/*"')],
    );
  });
});
