// ARNs of the resources the access patterns name. Partition, Region and account are always
// explicit so that a document is complete wherever the AWS pages allow it.

export interface ArnScope {
  partition: string;
  accountId: string;
}

/** `aws`, `aws-cn` or `aws-us-gov`, from the Region code. */
export function partitionOf(region: string): string {
  if (region.startsWith("cn-")) return "aws-cn";
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  return "aws";
}

export function instanceArn(scope: ArnScope, region: string, instanceId: string): string {
  return `arn:${scope.partition}:ec2:${region}:${scope.accountId}:instance/${instanceId}`;
}

/** One ARN per instance and Region: instance IDs are regional, the config lists them per stack. */
export function instanceArns(scope: ArnScope, regions: string[], instanceIds: string[]): string[] {
  return regions.flatMap((r) => instanceIds.map((id) => instanceArn(scope, r, id)));
}

/** `instance/*` of the account in each Region: the base of tag-scoped statements. */
export function allInstanceArns(scope: ArnScope, regions: string[]): string[] {
  return regions.map((r) => instanceArn(scope, r, "*"));
}

/** A managed node (hybrid or edge machine registered with Systems Manager): `mi-...`. */
export function managedInstanceArn(scope: ArnScope, region: string, managedInstanceId: string): string {
  return `arn:${scope.partition}:ssm:${region}:${scope.accountId}:managed-instance/${managedInstanceId}`;
}

export function ssmDocumentArn(scope: ArnScope, region: string, name: string): string {
  return `arn:${scope.partition}:ssm:${region}:${scope.accountId}:document/${name}`;
}

export function instanceConnectEndpointArn(scope: ArnScope, region: string, endpointId: string): string {
  return `arn:${scope.partition}:ec2:${region}:${scope.accountId}:instance-connect-endpoint/${endpointId}`;
}
