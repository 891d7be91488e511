#!/usr/bin/env python3
"""Regenerates plan/limits/apiLimits.ts: the limits AWS's APIs put on the inputs of every
resource type this program registers, read from botocore's service models (the machine-readable
API definitions the AWS SDKs are built from).

Each row maps a Pulumi input (path grammar below) to the API parameter the provider sends it
as, and carries that parameter's min/max (characters, items or value), pattern and enum as the
model states them. Only the API calls behind the registered resource types are read.

Input paths: `a.b` nested key, `a[]` every element of a list, `a{keys}` / `a{values}` the keys
or values of a map (tags), `a{}` the map's entry count (as the API's list of Tag structures).
API paths: `Member`, `Member[]` (list member), `Member[].Field` (structure field of a list member).

Usage: python3 scripts/api-limits.py [--out FILE]   (botocore is found through python3's site-packages)
"""
import gzip
import json
import os
import re
import sys

import botocore

HERE = os.path.dirname(os.path.abspath(__file__))
OUT = os.path.join(HERE, "..", "plan", "limits", "apiLimits.ts")
DATA = os.path.join(os.path.dirname(botocore.__file__), "data")

# (Pulumi type token, input path, service, operation, API path)
MAPPING = [
    # IAM: CreatePolicy / CreateRole / CreateInstanceProfile / PutRolePolicy / Attach*Policy
    ("aws:iam/policy:Policy", "name", "iam", "CreatePolicy", "PolicyName"),
    ("aws:iam/policy:Policy", "path", "iam", "CreatePolicy", "Path"),
    ("aws:iam/policy:Policy", "description", "iam", "CreatePolicy", "Description"),
    ("aws:iam/policy:Policy", "policy", "iam", "CreatePolicy", "PolicyDocument"),
    ("aws:iam/policy:Policy", "tags{}", "iam", "CreatePolicy", "Tags"),
    ("aws:iam/policy:Policy", "tags{keys}", "iam", "CreatePolicy", "Tags[].Key"),
    ("aws:iam/policy:Policy", "tags{values}", "iam", "CreatePolicy", "Tags[].Value"),
    ("aws:iam/role:Role", "name", "iam", "CreateRole", "RoleName"),
    ("aws:iam/role:Role", "path", "iam", "CreateRole", "Path"),
    ("aws:iam/role:Role", "description", "iam", "CreateRole", "Description"),
    ("aws:iam/role:Role", "assumeRolePolicy", "iam", "CreateRole", "AssumeRolePolicyDocument"),
    ("aws:iam/role:Role", "maxSessionDuration", "iam", "CreateRole", "MaxSessionDuration"),
    ("aws:iam/role:Role", "tags{}", "iam", "CreateRole", "Tags"),
    ("aws:iam/role:Role", "tags{keys}", "iam", "CreateRole", "Tags[].Key"),
    ("aws:iam/role:Role", "tags{values}", "iam", "CreateRole", "Tags[].Value"),
    ("aws:iam/instanceProfile:InstanceProfile", "name", "iam", "CreateInstanceProfile", "InstanceProfileName"),
    ("aws:iam/instanceProfile:InstanceProfile", "path", "iam", "CreateInstanceProfile", "Path"),
    ("aws:iam/instanceProfile:InstanceProfile", "role", "iam", "AddRoleToInstanceProfile", "RoleName"),
    ("aws:iam/instanceProfile:InstanceProfile", "tags{}", "iam", "CreateInstanceProfile", "Tags"),
    ("aws:iam/instanceProfile:InstanceProfile", "tags{keys}", "iam", "CreateInstanceProfile", "Tags[].Key"),
    ("aws:iam/instanceProfile:InstanceProfile", "tags{values}", "iam", "CreateInstanceProfile", "Tags[].Value"),
    ("aws:iam/rolePolicy:RolePolicy", "name", "iam", "PutRolePolicy", "PolicyName"),
    ("aws:iam/rolePolicy:RolePolicy", "role", "iam", "PutRolePolicy", "RoleName"),
    ("aws:iam/rolePolicy:RolePolicy", "policy", "iam", "PutRolePolicy", "PolicyDocument"),
    ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "role", "iam", "AttachRolePolicy", "RoleName"),
    ("aws:iam/rolePolicyAttachment:RolePolicyAttachment", "policyArn", "iam", "AttachRolePolicy", "PolicyArn"),
    ("aws:iam/userPolicyAttachment:UserPolicyAttachment", "user", "iam", "AttachUserPolicy", "UserName"),
    ("aws:iam/userPolicyAttachment:UserPolicyAttachment", "policyArn", "iam", "AttachUserPolicy", "PolicyArn"),
    ("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "group", "iam", "AttachGroupPolicy", "GroupName"),
    ("aws:iam/groupPolicyAttachment:GroupPolicyAttachment", "policyArn", "iam", "AttachGroupPolicy", "PolicyArn"),
    # KMS: CreateKey / ScheduleKeyDeletion
    ("aws:kms/key:Key", "description", "kms", "CreateKey", "Description"),
    ("aws:kms/key:Key", "policy", "kms", "CreateKey", "Policy"),
    ("aws:kms/key:Key", "customerMasterKeySpec", "kms", "CreateKey", "KeySpec"),
    ("aws:kms/key:Key", "keyUsage", "kms", "CreateKey", "KeyUsage"),
    ("aws:kms/key:Key", "deletionWindowInDays", "kms", "ScheduleKeyDeletion", "PendingWindowInDays"),
    ("aws:kms/key:Key", "tags{keys}", "kms", "CreateKey", "Tags[].TagKey"),
    ("aws:kms/key:Key", "tags{values}", "kms", "CreateKey", "Tags[].TagValue"),
    # SSM: CreateDocument / PutParameter / CreateAssociation
    ("aws:ssm/document:Document", "name", "ssm", "CreateDocument", "Name"),
    ("aws:ssm/document:Document", "content", "ssm", "CreateDocument", "Content"),
    ("aws:ssm/document:Document", "documentType", "ssm", "CreateDocument", "DocumentType"),
    ("aws:ssm/document:Document", "documentFormat", "ssm", "CreateDocument", "DocumentFormat"),
    ("aws:ssm/document:Document", "targetType", "ssm", "CreateDocument", "TargetType"),
    ("aws:ssm/document:Document", "versionName", "ssm", "CreateDocument", "VersionName"),
    ("aws:ssm/document:Document", "tags{}", "ssm", "CreateDocument", "Tags"),
    ("aws:ssm/document:Document", "tags{keys}", "ssm", "CreateDocument", "Tags[].Key"),
    ("aws:ssm/document:Document", "tags{values}", "ssm", "CreateDocument", "Tags[].Value"),
    ("aws:ssm/parameter:Parameter", "name", "ssm", "PutParameter", "Name"),
    ("aws:ssm/parameter:Parameter", "description", "ssm", "PutParameter", "Description"),
    ("aws:ssm/parameter:Parameter", "type", "ssm", "PutParameter", "Type"),
    ("aws:ssm/parameter:Parameter", "keyId", "ssm", "PutParameter", "KeyId"),
    ("aws:ssm/parameter:Parameter", "tier", "ssm", "PutParameter", "Tier"),
    ("aws:ssm/parameter:Parameter", "tags{}", "ssm", "PutParameter", "Tags"),
    ("aws:ssm/parameter:Parameter", "tags{keys}", "ssm", "PutParameter", "Tags[].Key"),
    ("aws:ssm/parameter:Parameter", "tags{values}", "ssm", "PutParameter", "Tags[].Value"),
    ("aws:ssm/association:Association", "name", "ssm", "CreateAssociation", "Name"),
    ("aws:ssm/association:Association", "associationName", "ssm", "CreateAssociation", "AssociationName"),
    ("aws:ssm/association:Association", "scheduleExpression", "ssm", "CreateAssociation", "ScheduleExpression"),
    ("aws:ssm/association:Association", "targets", "ssm", "CreateAssociation", "Targets"),
    ("aws:ssm/association:Association", "targets[].key", "ssm", "CreateAssociation", "Targets[].Key"),
    ("aws:ssm/association:Association", "targets[].values", "ssm", "CreateAssociation", "Targets[].Values"),
    ("aws:ssm/association:Association", "tags{}", "ssm", "CreateAssociation", "Tags"),
    ("aws:ssm/association:Association", "tags{keys}", "ssm", "CreateAssociation", "Tags[].Key"),
    ("aws:ssm/association:Association", "tags{values}", "ssm", "CreateAssociation", "Tags[].Value"),
    # Organizations: CreatePolicy / AttachPolicy
    ("aws:organizations/policy:Policy", "name", "organizations", "CreatePolicy", "Name"),
    ("aws:organizations/policy:Policy", "description", "organizations", "CreatePolicy", "Description"),
    ("aws:organizations/policy:Policy", "content", "organizations", "CreatePolicy", "Content"),
    ("aws:organizations/policy:Policy", "type", "organizations", "CreatePolicy", "Type"),
    ("aws:organizations/policy:Policy", "tags{keys}", "organizations", "CreatePolicy", "Tags[].Key"),
    ("aws:organizations/policy:Policy", "tags{values}", "organizations", "CreatePolicy", "Tags[].Value"),
    ("aws:organizations/policyAttachment:PolicyAttachment", "policyId", "organizations", "AttachPolicy", "PolicyId"),
    ("aws:organizations/policyAttachment:PolicyAttachment", "targetId", "organizations", "AttachPolicy", "TargetId"),
    # CloudWatch Logs / S3: the session log stores a stack creates (CreateLogGroup, CreateBucket, PutBucketPolicy)
    ("aws:cloudwatch/logGroup:LogGroup", "name", "logs", "CreateLogGroup", "logGroupName"),
    ("aws:cloudwatch/logGroup:LogGroup", "kmsKeyId", "logs", "CreateLogGroup", "kmsKeyId"),
    ("aws:cloudwatch/logGroup:LogGroup", "logGroupClass", "logs", "CreateLogGroup", "logGroupClass"),
    ("aws:s3/bucket:Bucket", "bucket", "s3", "CreateBucket", "Bucket"),
    ("aws:s3/bucketPolicy:BucketPolicy", "policy", "s3", "PutBucketPolicy", "Policy"),
    ("aws:s3/bucketPublicAccessBlock:BucketPublicAccessBlock", "bucket", "s3", "PutPublicAccessBlock", "Bucket"),
    ("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "bucket", "s3", "PutBucketOwnershipControls", "Bucket"),
    ("aws:s3/bucketOwnershipControls:BucketOwnershipControls", "rule.objectOwnership", "s3", "PutBucketOwnershipControls", "OwnershipControls.Rules[].ObjectOwnership"),
    ("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "bucket", "s3", "PutBucketEncryption", "Bucket"),
    ("aws:s3/bucketServerSideEncryptionConfiguration:BucketServerSideEncryptionConfiguration", "rules[].applyServerSideEncryptionByDefault.sseAlgorithm", "s3", "PutBucketEncryption", "ServerSideEncryptionConfiguration.Rules[].ApplyServerSideEncryptionByDefault.SSEAlgorithm"),
    ("aws:s3/bucketLifecycleConfiguration:BucketLifecycleConfiguration", "bucket", "s3", "PutBucketLifecycleConfiguration", "Bucket"),
    # EC2: CreateInstanceConnectEndpoint (EnableSerialConsoleAccess takes no parameter of ours)
    ("aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint", "subnetId", "ec2", "CreateInstanceConnectEndpoint", "SubnetId"),
    ("aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint", "securityGroupIds", "ec2", "CreateInstanceConnectEndpoint", "SecurityGroupIds"),
    # EC2: CreateSecurityGroup / CreateVpcEndpoint (network: endpoints for private subnets)
    ("aws:ec2/securityGroup:SecurityGroup", "description", "ec2", "CreateSecurityGroup", "Description"),
    ("aws:ec2/securityGroup:SecurityGroup", "vpcId", "ec2", "CreateSecurityGroup", "VpcId"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "vpcId", "ec2", "CreateVpcEndpoint", "VpcId"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "serviceName", "ec2", "CreateVpcEndpoint", "ServiceName"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "vpcEndpointType", "ec2", "CreateVpcEndpoint", "VpcEndpointType"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "subnetIds", "ec2", "CreateVpcEndpoint", "SubnetIds"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "securityGroupIds", "ec2", "CreateVpcEndpoint", "SecurityGroupIds"),
    ("aws:ec2/vpcEndpoint:VpcEndpoint", "routeTableIds", "ec2", "CreateVpcEndpoint", "RouteTableIds"),
    # EC2: AuthorizeSecurityGroupIngress (the instance security group rules of an endpoint)
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "securityGroupId", "ec2", "AuthorizeSecurityGroupIngress", "GroupId"),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "referencedSecurityGroupId", "ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].UserIdGroupPairs[].GroupId"),
    ("aws:vpc/securityGroupIngressRule:SecurityGroupIngressRule", "description", "ec2", "AuthorizeSecurityGroupIngress", "IpPermissions[].UserIdGroupPairs[].Description"),
    # EventBridge: PutRule / PutTargets (alerts)
    ("aws:cloudwatch/eventRule:EventRule", "name", "events", "PutRule", "Name"),
    ("aws:cloudwatch/eventRule:EventRule", "description", "events", "PutRule", "Description"),
    ("aws:cloudwatch/eventRule:EventRule", "eventPattern", "events", "PutRule", "EventPattern"),
    ("aws:cloudwatch/eventRule:EventRule", "tags{keys}", "events", "PutRule", "Tags[].Key"),
    ("aws:cloudwatch/eventRule:EventRule", "tags{values}", "events", "PutRule", "Tags[].Value"),
    ("aws:cloudwatch/eventTarget:EventTarget", "rule", "events", "PutTargets", "Rule"),
    ("aws:cloudwatch/eventTarget:EventTarget", "arn", "events", "PutTargets", "Targets[].Arn"),
    ("aws:cloudwatch/eventTarget:EventTarget", "roleArn", "events", "PutTargets", "Targets[].RoleArn"),
    # SNS: CreateTopic / SetTopicAttributes / Subscribe (the model states few limits for SNS)
    ("aws:sns/topic:Topic", "tags{keys}", "sns", "CreateTopic", "Tags[].Key"),
    ("aws:sns/topic:Topic", "tags{values}", "sns", "CreateTopic", "Tags[].Value"),
    ("aws:sns/topicPolicy:TopicPolicy", "arn", "sns", "SetTopicAttributes", "TopicArn"),
    ("aws:sns/topicSubscription:TopicSubscription", "protocol", "sns", "Subscribe", "Protocol"),
    ("aws:sns/topicSubscription:TopicSubscription", "endpoint", "sns", "Subscribe", "Endpoint"),
]


def model(service):
    versions = sorted(os.listdir(os.path.join(DATA, service)))
    for version in reversed(versions):
        for name in ("service-2.json.gz", "service-2.json"):
            path = os.path.join(DATA, service, version, name)
            if os.path.exists(path):
                opener = gzip.open if name.endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8") as f:
                    return version, json.load(f)
    sys.exit(f"no service model for {service} under {DATA}")


def resolve(m, operation, api_path):
    """The shape of the parameter, and the documentation of the member that names it."""
    shapes = m["shapes"]
    shape = shapes[m["operations"][operation]["input"]["shape"]]
    doc = ""
    for part in api_path.split("."):
        name, each = (part[:-2], True) if part.endswith("[]") else (part, False)
        if name not in shape.get("members", {}):
            sys.exit(f"{operation}: no member {name} ({api_path})")
        doc = shape["members"][name].get("documentation", "")
        shape = shapes[shape["members"][name]["shape"]]
        if each:
            shape = shapes[shape["member"]["shape"]]
    return shape, doc


def reserved_prefixes(doc):
    """Prefixes the documentation reserves: CreateDocument Name ("reserved ... as document name
    prefixes: aws, amazon, amzn, ...") and PutParameter Name ("can't be prefixed with aws or ssm")."""
    codes = []
    for m in re.finditer(r"reserved[^<]*prefixes:?</p>\s*<ul>(.*?)</ul>|can't be prefixed with (.*?)</p>", doc, re.S):
        codes += re.findall(r"<code>\s*([^<\s]+)\s*</code>", m.group(1) or m.group(2))
    return codes or None


def main():
    models = {}
    rows = []
    for token, inp, service, operation, api_path in MAPPING:
        if service not in models:
            models[service] = model(service)
        version, m = models[service]
        shape, doc = resolve(m, operation, api_path)
        row = {"type": token, "input": inp, "api": f"{service} {operation} {api_path}", "kind": shape["type"]}
        for key in ("min", "max", "pattern", "enum"):
            if key in shape:
                row[key] = shape[key]
        prefixes = reserved_prefixes(doc)
        if prefixes:
            row["reservedPrefixes"] = prefixes
        if len(row) > 4 or shape["type"] in ("string",):
            rows.append(row)
    versions = ", ".join(f"{s} {v}" for s, (v, _) in sorted(models.items()))
    lines = [
        "// GENERATED by scripts/api-limits.py from botocore's service models: do not edit by hand.",
        f"// botocore {botocore.__version__}: {versions}.",
        "// Per Pulumi input of a resource type this program registers: the API parameter it is sent",
        "// as and the limits the model gives it (min/max: characters for strings, items for lists,",
        "// the value for integers; patterns match the whole value).",
        "",
        "export interface ApiLimit {",
        "  type: string;",
        "  input: string;",
        "  api: string;",
        '  kind: "string" | "list" | "integer" | "boolean" | "structure" | "map" | "timestamp" | "long";',
        "  min?: number;",
        "  max?: number;",
        "  pattern?: string;",
        "  enum?: readonly string[];",
        "  /** Prefixes the parameter's documentation reserves for AWS (compared case-insensitively). */",
        "  reservedPrefixes?: readonly string[];",
        "}",
        "",
        "export const API_LIMITS: readonly ApiLimit[] = [",
        *[f"  {json.dumps(r, ensure_ascii=True)}," for r in rows],
        "];",
        "",
    ]
    out = sys.argv[sys.argv.index("--out") + 1] if "--out" in sys.argv else OUT
    os.makedirs(os.path.dirname(os.path.abspath(out)), exist_ok=True)
    with open(out, "w", encoding="utf-8") as f:
        f.write("\n".join(lines))
    print(f"wrote {os.path.relpath(out)} ({len(rows)} limits)")


if __name__ == "__main__":
    main()
