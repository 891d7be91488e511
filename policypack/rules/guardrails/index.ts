// guardrails rules: owned by pack engineer 2 (issue 6, part 2).
import type { Policies } from "@pulumi/policy";

export const guardrailRules: Policies = [];
