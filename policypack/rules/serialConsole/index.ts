import type { Policies } from "@pulumi/policy";

export const serialConsoleRules: Policies = [];
