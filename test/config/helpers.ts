// Builds flat allConfig() maps the way Pulumi hands them over, and collects the problems a
// configuration is refused with.
import * as assert from "node:assert/strict";
import type { LoadOptions, StackConfig } from "../../config/load";
import { ConfigError, loadStackConfig } from "../../config/load";

/** Structured values are JSON text, strings as-is, as `pulumi.runtime.allConfig()` gives them. */
export function flat(values: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(values)
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => [k.includes(":") ? k : `ec2-access:${k}`, typeof v === "string" ? v : JSON.stringify(v)]),
  );
}

/** The smallest valid stack, plus `values`. */
export function stack(values: Record<string, unknown>): Record<string, string> {
  return flat({ "aws:region": "us-east-1", environment: "prod", ...values });
}

export function load(values: Record<string, unknown>, options?: LoadOptions): StackConfig {
  return loadStackConfig(stack(values), "prod", options);
}

export function problemsOf(all: Record<string, string>, options?: LoadOptions): string[] {
  try {
    loadStackConfig(all, "prod", options);
  } catch (e) {
    assert.ok(e instanceof ConfigError, `expected a ConfigError, got ${String(e)}`);
    return e.problems;
  }
  assert.fail("expected the configuration to be refused");
}

export function problems(values: Record<string, unknown>, options?: LoadOptions): string[] {
  return problemsOf(stack(values), options);
}

export const I1 = "i-0598c7d356eba48d7";
export const I2 = "i-1234567890abcdef0";

/** A valid grant of each section, to vary one field at a time. */
export const grant = {
  serialConsole: (extra: Record<string, unknown> = {}) => ({
    name: "oncall",
    principals: { groups: ["oncall"] },
    instanceIds: [I1],
    ...extra,
  }),
  instanceConnect: (extra: Record<string, unknown> = {}) => ({
    name: "web-devs",
    principals: { groups: ["web-devs"] },
    osUsers: ["ec2-user"],
    instanceIds: [I1],
    ...extra,
  }),
  sessionManager: (extra: Record<string, unknown> = {}) => ({
    name: "app-team",
    principals: { groups: ["app-team"] },
    tags: { Finance: "WebServers" },
    ...extra,
  }),
};
