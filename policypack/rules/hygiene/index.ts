import type { Policies } from "@pulumi/policy";

export const hygieneRules: Policies = [];
