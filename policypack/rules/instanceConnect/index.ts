import type { Policies } from "@pulumi/policy";

export const instanceConnectRules: Policies = [];
