// Cross-key rules of `ec2-access:alerts`: an existing topic must be one this stack's rule can
// publish to. An EventBridge rule's SNS target is a topic of the rule's own account and
// partition (docs/alerts.md); a topic elsewhere would fail only at deploy time.
import type { CheckableConfig } from "../model/schema";
import { keyPath, show } from "./messages";
import { partitionOf } from "../documents/arn";
import { topicArnParts } from "../documents/alerts";

export function alertsTopicProblems(c: CheckableConfig): string[] {
  const topic = c.alerts?.topic;
  if (!topic || topic === "create") return [];
  const { partition, accountId } = topicArnParts(topic);
  const at = `${keyPath(["alerts", "topic"])}: got ${show(topic)}`;
  const problems: string[] = [];
  if (c.region && partition !== partitionOf(c.region)) {
    problems.push(`${at}; expected a topic in the stack's partition (${partitionOf(c.region)}), or create`);
  }
  if (c.accountId && accountId !== c.accountId) {
    problems.push(
      `${at}; expected a topic of the stack's account ${c.accountId} (the rule publishes to a topic of its own account), or create`,
    );
  }
  return problems;
}
