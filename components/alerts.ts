// Alerts on access (docs/alerts.md): in each Region of the stack an EventBridge rule on the
// CloudTrail events of the access patterns. The rule in the topic's Region publishes to the SNS
// topic; the rules in the other Regions forward to that Region's default event bus (an SNS
// target must be in the rule's Region), so that one topic and one set of subscriptions serve
// every Region.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";
import { alerts as alertsSchema } from "../model/schema";
import type { AlertEventGroup } from "../documents/alerts";
import {
  accessEventPattern,
  alertKeyPolicy,
  alertTopicPolicy,
  defaultEventBusArn,
  eventRuleArn,
  forwardingPolicy,
  forwardingTrustPolicy,
  topicArn,
  topicArnParts,
} from "../documents/alerts";
import type { StackContext } from "./context";
import { iamName, stackContext } from "./context";
import type { AccessAlertsArgs } from "./alertsArgs";
import { checkArgs } from "./checkArgs";

export type { AccessAlertsArgs };

export const ALERTS = "access-alerts";

export class AccessAlerts extends pulumi.ComponentResource {
  /** The topic the alerts go to (created here, or the one named). */
  readonly topicArn: pulumi.Output<string>;
  /** The rule of each Region, by Region (the topic's Region included). */
  readonly ruleArns: pulumi.Output<Record<string, string>>;

  /**
   * @param args The `alerts` section of the stack config plus `stack`; checked with the config's
   * messages before anything is registered (a ComponentArgsError otherwise).
   */
  constructor(name: string, args: AccessAlertsArgs, opts?: pulumi.ComponentResourceOptions) {
    const checked = checkArgs("AccessAlerts", name, "alerts", alertsSchema(), args);
    super("ec2-access:alerts:AccessAlerts", name, args, opts);
    const ctx = stackContext(checked.stack);
    const config = checked.config;
    const events = config.events as AlertEventGroup[];
    const ruleName = iamName(ctx, ALERTS);
    const topicRegion = config.topic === "create" ? ctx.region : topicArnParts(config.topic).region;
    // The topic's Region always has a rule: it receives the other Regions' events.
    const ruleRegions = [...new Set([topicRegion, ...ctx.regions])];

    const rules: Record<string, aws.cloudwatch.EventRule> = {};
    for (const region of ruleRegions) {
      // The topic's rule takes every Region's events (forwarded ones keep their Region);
      // the others take their own.
      const matched = region === topicRegion ? ctx.regions : [region];
      rules[region] = new aws.cloudwatch.EventRule(
        `${name}-${region}`,
        {
          region,
          name: ruleName,
          description: `Access to EC2 instances (${events.join(", ")}) in ${ctx.environment}: CloudTrail events to SNS`,
          eventPattern: JSON.stringify(accessEventPattern(events, matched)),
          tags: ctx.tags,
        },
        { parent: this },
      );
    }
    this.ruleArns = pulumi.output(Object.fromEntries(Object.entries(rules).map(([r, rule]) => [r, rule.arn])));

    this.topicArn =
      config.topic === "create" ? this.createTopic(name, ctx, topicRegion, rules[topicRegion], config.email) : pulumi.output(config.topic);

    new aws.cloudwatch.EventTarget(
      `${name}-${topicRegion}`,
      { region: topicRegion, rule: rules[topicRegion].name, arn: this.topicArn },
      { parent: this },
    );

    const forwarding = ruleRegions.filter((r) => r !== topicRegion);
    if (forwarding.length > 0) {
      const role = new aws.iam.Role(
        `${name}-forwarding`,
        {
          name: iamName(ctx, ALERTS, "forwarding"),
          description: `Lets EventBridge forward access events to ${topicRegion} (${ctx.environment})`,
          assumeRolePolicy: ctx.accountId.apply((accountId) =>
            JSON.stringify(forwardingTrustPolicy({ partition: ctx.partition, accountId })),
          ),
          tags: ctx.tags,
        },
        { parent: this },
      );
      new aws.iam.RolePolicy(
        `${name}-forwarding`,
        {
          name: "put-events",
          role: role.name,
          policy: ctx.accountId.apply((accountId) =>
            JSON.stringify(forwardingPolicy({ partition: ctx.partition, accountId }, topicRegion)),
          ),
        },
        { parent: this },
      );
      for (const region of forwarding) {
        new aws.cloudwatch.EventTarget(
          `${name}-${region}`,
          {
            region,
            rule: rules[region].name,
            arn: ctx.accountId.apply((accountId) => defaultEventBusArn({ partition: ctx.partition, accountId }, topicRegion)),
            roleArn: role.arn,
          },
          { parent: this },
        );
      }
    }

    this.registerOutputs({ topicArn: this.topicArn, ruleArns: this.ruleArns });
  }

  /** The topic, its key and policy, and the e-mail subscriptions, in the topic's Region. */
  private createTopic(
    name: string,
    ctx: StackContext,
    region: string,
    rule: aws.cloudwatch.EventRule,
    email: string[],
  ): pulumi.Output<string> {
    const scope = (accountId: string) => ({ partition: ctx.partition, accountId });
    const key = new aws.kms.Key(
      `${name}-key`,
      {
        region,
        description: `Encrypts the access alerts topic (${iamName(ctx, ALERTS)})`,
        enableKeyRotation: true,
        policy: ctx.accountId.apply((accountId) => JSON.stringify(alertKeyPolicy(scope(accountId)))),
        tags: ctx.tags,
      },
      { parent: this },
    );
    const topicName = iamName(ctx, ALERTS);
    const topic = new aws.sns.Topic(
      `${name}-topic`,
      { region, name: topicName, kmsMasterKeyId: key.arn, tags: ctx.tags },
      { parent: this },
    );
    new aws.sns.TopicPolicy(
      `${name}-topic`,
      {
        region,
        arn: topic.arn,
        // ARNs from the names, as SNS and EventBridge form them: the plan shows the real document.
        policy: pulumi
          .all([ctx.accountId, rule.name])
          .apply(([accountId, ruleName]) =>
            JSON.stringify(
              alertTopicPolicy(scope(accountId), topicArn(scope(accountId), region, topicName), [
                eventRuleArn(scope(accountId), region, ruleName),
              ]),
            ),
          ),
      },
      { parent: this },
    );
    // Named by address, so adding or removing one touches only its subscription.
    for (const address of email) {
      new aws.sns.TopicSubscription(
        `${name}-email-${address}`,
        { region, topic: topic.arn, protocol: "email", endpoint: address },
        { parent: this },
      );
    }
    return topic.arn;
  }
}
