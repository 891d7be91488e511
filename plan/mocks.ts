// Pulumi mocks that answer like AWS would: every resource gets the ARN and ID the real
// provider would return (partition, Region and account filled in), so documents built from
// outputs are complete offline. Values are derived from the URN, never random, so two plans
// of the same stack are identical and can be diffed.
import type * as pulumi from "@pulumi/pulumi";
import { createHash } from "node:crypto";
import { partitionOf } from "../documents/arn";

export interface MockScope {
  accountId: string;
  region: string;
  /** The organization ID used in Organizations ARNs. */
  organizationId?: string;
}

type State = Record<string, unknown>;

function digest(text: string, length: number): string {
  return createHash("sha256").update(text).digest("hex").slice(0, length);
}

function uuidFrom(seed: string): string {
  const h = digest(seed, 32);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** What the provider computes for each resource type this project (and common programs) use. */
function computed(type: string, name: string, inputs: State, scope: MockScope): { id: string; state: State } {
  const region = typeof inputs.region === "string" ? inputs.region : scope.region;
  const partition = partitionOf(region);
  const account = scope.accountId;
  const seed = `${type}::${name}`;
  // Auto-naming as the provider does it: `<name>-<7 hex>`; explicit names win.
  const physical = typeof inputs.name === "string" && inputs.name !== "" ? inputs.name : `${name}-${digest(seed, 7)}`;
  const path = typeof inputs.path === "string" ? inputs.path : "/";
  const arn = (service: string, resource: string, regional = true) =>
    `arn:${partition}:${service}:${regional ? region : ""}:${account}:${resource}`;

  switch (type) {
    case "aws:iam/policy:Policy": {
      const policyArn = arn("iam", `policy${path}${physical}`, false);
      return {
        id: policyArn,
        state: { name: physical, path, arn: policyArn, policyId: `ANPA${digest(seed, 17).toUpperCase()}`, attachmentCount: 0 },
      };
    }
    case "aws:iam/role:Role":
      return {
        id: physical,
        state: {
          name: physical,
          path,
          arn: arn("iam", `role${path}${physical}`, false),
          uniqueId: `AROA${digest(seed, 17).toUpperCase()}`,
        },
      };
    case "aws:iam/instanceProfile:InstanceProfile":
      return {
        id: physical,
        state: {
          name: physical,
          path,
          arn: arn("iam", `instance-profile${path}${physical}`, false),
          uniqueId: `AIPA${digest(seed, 17).toUpperCase()}`,
        },
      };
    case "aws:iam/rolePolicy:RolePolicy":
    case "aws:iam/userPolicy:UserPolicy":
    case "aws:iam/groupPolicy:GroupPolicy": {
      const owner = inputs.role ?? inputs.user ?? inputs.group;
      return { id: `${String(owner)}:${physical}`, state: { name: physical } };
    }
    case "aws:iam/rolePolicyAttachment:RolePolicyAttachment":
    case "aws:iam/userPolicyAttachment:UserPolicyAttachment":
    case "aws:iam/groupPolicyAttachment:GroupPolicyAttachment": {
      const owner = inputs.role ?? inputs.user ?? inputs.group;
      return { id: `${String(owner)}-${digest(seed, 20)}`, state: {} };
    }
    case "aws:ssm/document:Document":
      return {
        id: physical,
        state: {
          name: physical,
          arn: arn("ssm", `document/${physical}`),
          owner: account,
          status: "Active",
          latestVersion: "1",
          defaultVersion: "1",
          documentVersion: "1",
          hash: digest(`${seed}${JSON.stringify(inputs.content)}`, 64),
          hashType: "Sha256",
        },
      };
    case "aws:ssm/parameter:Parameter": {
      const paramName = physical;
      const rel = paramName.startsWith("/") ? paramName.slice(1) : paramName;
      return {
        id: paramName,
        state: { name: paramName, arn: arn("ssm", `parameter/${rel}`), version: 1, tier: inputs.tier ?? "Standard" },
      };
    }
    case "aws:ssm/association:Association": {
      const id = uuidFrom(seed);
      return { id, state: { associationId: id, arn: arn("ssm", `association/${id}`) } };
    }
    case "aws:kms/key:Key": {
      const keyId = uuidFrom(seed);
      return { id: keyId, state: { keyId, arn: arn("kms", `key/${keyId}`) } };
    }
    case "aws:kms/alias:Alias":
      return { id: physical, state: { name: physical, arn: arn("kms", physical), targetKeyArn: inputs.targetKeyId } };
    case "aws:ec2/serialConsoleAccess:SerialConsoleAccess":
      return { id: region, state: { region } };
    case "aws:ec2transitgateway/instanceConnectEndpoint:InstanceConnectEndpoint": {
      const id = `eice-${digest(seed, 17)}`;
      return {
        id,
        state: {
          arn: arn("ec2", `instance-connect-endpoint/${id}`),
          dnsName: `${id}.${digest(seed + "dns", 8)}.ec2-instance-connect-endpoint.${region}.amazonaws.com`,
          vpcId: inputs.vpcId ?? `vpc-${digest(seed + "vpc", 17)}`,
          networkInterfaceIds: [`eni-${digest(seed + "eni", 17)}`],
          ownerId: account,
        },
      };
    }
    case "aws:organizations/policy:Policy": {
      const id = `p-${digest(seed, 8)}`;
      const org = scope.organizationId ?? `o-${digest(account, 10)}`;
      const kind = String(inputs.type ?? "SERVICE_CONTROL_POLICY").toLowerCase();
      return { id, state: { arn: `arn:${partition}:organizations::${account}:policy/${org}/${kind}/${id}` } };
    }
    case "aws:organizations/policyAttachment:PolicyAttachment":
      return { id: `${String(inputs.targetId)}:${String(inputs.policyId)}`, state: {} };
    case "aws:s3/bucket:Bucket": {
      // Bucket ARNs carry neither Region nor account; the ID is the bucket's name.
      const bucket = typeof inputs.bucket === "string" && inputs.bucket !== "" ? inputs.bucket : `${name}-${digest(seed, 7)}`;
      return {
        id: bucket,
        state: { bucket, arn: `arn:${partition}:s3:::${bucket}`, region, bucketDomainName: `${bucket}.s3.amazonaws.com` },
      };
    }
    case "aws:cloudwatch/logGroup:LogGroup":
      return { id: physical, state: { name: physical, arn: arn("logs", `log-group:${physical}`) } };
    default: {
      // Any other type: a plausible ID and ARN under the type's service.
      const service = type.split(":")[1]?.split("/")[0] ?? "resource";
      return { id: `${name}-${digest(seed, 8)}`, state: { arn: arn(service, `${name}/${digest(seed, 8)}`) } };
    }
  }
}

/** Provider functions (data sources) the program may call. */
function call(token: string, inputs: State, scope: MockScope): State {
  const partition = partitionOf(scope.region);
  switch (token) {
    case "aws:index/getCallerIdentity:getCallerIdentity":
      return {
        accountId: scope.accountId,
        arn: `arn:${partition}:iam::${scope.accountId}:user/offline-plan`,
        userId: "AIDAOFFLINEPLAN",
        id: scope.accountId,
      };
    case "aws:index/getPartition:getPartition":
      return { partition, dnsSuffix: partition === "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com", id: partition };
    case "aws:index/getRegion:getRegion":
      return {
        name: scope.region,
        region: scope.region,
        id: scope.region,
        description: scope.region,
        endpoint: `ec2.${scope.region}.amazonaws.com`,
      };
    case "aws:ec2/getVpc:getVpc": {
      // A VPC of the given ID: its CIDR block derived from the ID, so plans are reproducible.
      const id = String(inputs.id ?? "vpc-offline");
      const octet = parseInt(digest(id, 2), 16);
      const cidrBlock = `10.${octet}.0.0/16`;
      return {
        id,
        arn: `arn:${partition}:ec2:${String(inputs.region ?? scope.region)}:${scope.accountId}:vpc/${id}`,
        cidrBlock,
        cidrBlockAssociations: [{ associationId: `vpc-cidr-assoc-${digest(id, 17)}`, cidrBlock, state: "associated" }],
        ownerId: scope.accountId,
        state: "available",
        default: false,
      };
    }
    default:
      // Failing loudly beats inventing data: a new data source needs a mock here.
      throw new Error(
        `the offline plan has no mock for provider function ${token}; add one in plan/mocks.ts (inputs: ${JSON.stringify(inputs)})`,
      );
  }
}

export function awsMocks(scope: MockScope): pulumi.runtime.Mocks {
  return {
    newResource(args: pulumi.runtime.MockResourceArgs) {
      const { id, state } = computed(args.type, args.name, args.inputs, scope);
      // In preview mode anything left out of state is unknown: keep the inputs (notes, "mocks in preview mode").
      return { id: args.id || id, state: { ...args.inputs, ...state } };
    },
    call(args: pulumi.runtime.MockCallArgs) {
      return call(args.token, args.inputs, scope);
    },
  };
}
