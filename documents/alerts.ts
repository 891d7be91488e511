// Alerts on access (docs/alerts.md): the EventBridge pattern that matches the CloudTrail events
// of the three access patterns, and the policies of the SNS topic it publishes to. Pure data:
// nothing here imports the configuration.
//
// Facts this rests on (each checked in test/alerts/):
// - CloudTrail delivers every recorded API call to the default event bus of the Region the call
//   was made in, with detail-type "AWS API Call via CloudTrail" and the CloudTrail record as
//   `detail`; a rule sees only its own Region's events, and only while a trail is logging
//   (https://docs.aws.amazon.com/eventbridge/latest/userguide/eb-service-event-cloudtrail.html).
// - Every call below is a regional API (botocore's models: ec2-instance-connect, ssm and ec2 are
//   regional endpoints), so none of them lands in us-east-1 only.
// - An SNS target must be in the rule's Region
//   (https://repost.aws/knowledge-center/sns-not-getting-eventbridge-notification); rules in the
//   other Regions therefore forward to the topic Region's default bus, where one rule publishes.
// - EventBridge cannot publish to a topic encrypted with the AWS managed key alias/aws/sns: the
//   topic needs a customer managed key whose policy lets events.amazonaws.com use it (same page).
import type { ArnScope } from "./arn";
import type { Statement } from "./policyDocument";
import { statement } from "./policyDocument";

export type AlertEventGroup = "serial-console" | "instance-connect" | "session-manager" | "account-setting";

export interface CloudTrailCalls {
  /** CloudTrail's `eventSource`: the service's endpoint name. */
  eventSource: string;
  eventNames: string[];
}

/**
 * The CloudTrail calls of each event group. TerminateSession is included: an alert that a
 * session ended closes the record a StartSession alert opened (and shows who ended whose).
 */
export const ALERT_CALLS: Record<AlertEventGroup, CloudTrailCalls[]> = {
  "serial-console": [{ eventSource: "ec2-instance-connect.amazonaws.com", eventNames: ["SendSerialConsoleSSHPublicKey"] }],
  // OpenTunnel: a connection through an EC2 Instance Connect Endpoint (not an SDK operation, so
  // botocore does not list it; AWS's CloudTrail page shows its eventSource).
  "instance-connect": [{ eventSource: "ec2-instance-connect.amazonaws.com", eventNames: ["SendSSHPublicKey", "OpenTunnel"] }],
  "session-manager": [{ eventSource: "ssm.amazonaws.com", eventNames: ["StartSession", "ResumeSession", "TerminateSession"] }],
  "account-setting": [{ eventSource: "ec2.amazonaws.com", eventNames: ["EnableSerialConsoleAccess", "DisableSerialConsoleAccess"] }],
};

export const CLOUDTRAIL_DETAIL_TYPE = "AWS API Call via CloudTrail";

/** The CloudTrail calls of the chosen groups, one entry per event source, names in a fixed order. */
export function alertCalls(groups: readonly AlertEventGroup[]): CloudTrailCalls[] {
  const bySource = new Map<string, string[]>();
  for (const group of Object.keys(ALERT_CALLS) as AlertEventGroup[]) {
    if (!groups.includes(group)) continue;
    for (const c of ALERT_CALLS[group]) bySource.set(c.eventSource, [...(bySource.get(c.eventSource) ?? []), ...c.eventNames]);
  }
  return [...bySource].map(([eventSource, eventNames]) => ({ eventSource, eventNames }));
}

/**
 * The rule's event pattern. `regions` are the Regions whose events it takes: a forwarded event
 * keeps the `region` it happened in, so the rule in the topic's Region lists every Region of
 * the stack and the others list their own. Each source is paired with its own names (`$or`),
 * so that no name is matched from another service (Athena has a StartSession too).
 */
export function accessEventPattern(groups: readonly AlertEventGroup[], regions: string[]): Record<string, unknown> {
  const calls = alertCalls(groups);
  if (calls.length === 0) throw new Error("accessEventPattern: no event groups");
  const pairs = calls.map((c) => ({ eventSource: [c.eventSource], eventName: c.eventNames }));
  return {
    "detail-type": [CLOUDTRAIL_DETAIL_TYPE],
    region: [...regions],
    detail: pairs.length === 1 ? pairs[0] : { $or: pairs },
  };
}

/** A resource policy statement: an IAM statement with the principal it applies to. */
export type ServicePolicyStatement = Statement & { Principal: { Service: string } | { AWS: string } };
export interface ServicePolicy {
  Version: "2012-10-17";
  Statement: ServicePolicyStatement[];
}

const withPrincipal = (sid: string, principal: ServicePolicyStatement["Principal"], s: Statement): ServicePolicyStatement => {
  const { Effect, ...rest } = s;
  return { Sid: sid, Effect, Principal: principal, ...rest };
};

/**
 * The topic policy: EventBridge may publish only on behalf of the named rules of this account
 * (aws:SourceArn and aws:SourceAccount, the confused-deputy keys AWS recommends for service
 * principals). The topic owner keeps control through its own IAM policies.
 */
export function alertTopicPolicy(scope: ArnScope, topicArn: string, ruleArns: string[]): ServicePolicy {
  if (ruleArns.length === 0) throw new Error("alertTopicPolicy: no rules");
  return {
    Version: "2012-10-17",
    Statement: [
      withPrincipal(
        "EventBridgeRulesOfThisStack",
        { Service: "events.amazonaws.com" },
        statement({
          actions: ["sns:Publish"],
          resources: [topicArn],
          conditions: { ArnEquals: { "aws:SourceArn": ruleArns }, StringEquals: { "aws:SourceAccount": scope.accountId } },
        }),
      ),
    ],
  };
}

/**
 * The topic key's policy: the account root with kms:* (so IAM policies can manage and use the
 * key, as in KMS's default key policy) and EventBridge with what SNS asks of a publisher to an
 * encrypted topic (kms:GenerateDataKey and kms:Decrypt), as AWS's EventBridge-to-SNS page shows.
 */
export function alertKeyPolicy(scope: ArnScope): ServicePolicy {
  return {
    Version: "2012-10-17",
    Statement: [
      withPrincipal(
        "AccountIamPolicies",
        { AWS: `arn:${scope.partition}:iam::${scope.accountId}:root` },
        statement({ actions: ["kms:*"], resources: ["*"] }),
      ),
      withPrincipal(
        "EventBridgePublishesToTheTopic",
        { Service: "events.amazonaws.com" },
        statement({ actions: ["kms:Decrypt", "kms:GenerateDataKey"], resources: ["*"] }),
      ),
    ],
  };
}

export function eventRuleArn(scope: ArnScope, region: string, name: string): string {
  return `arn:${scope.partition}:events:${region}:${scope.accountId}:rule/${name}`;
}

export function topicArn(scope: ArnScope, region: string, name: string): string {
  return `arn:${scope.partition}:sns:${region}:${scope.accountId}:${name}`;
}

export function defaultEventBusArn(scope: ArnScope, region: string): string {
  return `arn:${scope.partition}:events:${region}:${scope.accountId}:event-bus/default`;
}

/** Who may assume the forwarding role: EventBridge, for this account's rules only (a trust policy names no resource). */
export function forwardingTrustPolicy(scope: ArnScope): ServicePolicy {
  return {
    Version: "2012-10-17",
    Statement: [
      {
        Sid: "EventBridgeOfThisAccount",
        Effect: "Allow",
        Principal: { Service: "events.amazonaws.com" },
        Action: "sts:AssumeRole",
        Condition: { StringEquals: { "aws:SourceAccount": scope.accountId } },
      },
    ],
  };
}

/** What the forwarding role may do: put events on the topic Region's default bus, nothing else. */
export function forwardingPolicy(scope: ArnScope, topicRegion: string) {
  return {
    Version: "2012-10-17" as const,
    Statement: [statement({ actions: ["events:PutEvents"], resources: [defaultEventBusArn(scope, topicRegion)] })],
  };
}

/** The parts of an SNS topic ARN. */
export function topicArnParts(arn: string): { partition: string; region: string; accountId: string; name: string } {
  const [, partition, , region, accountId, name] = arn.split(":");
  return { partition, region, accountId, name };
}
