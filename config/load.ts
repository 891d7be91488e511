// Turns the flat Pulumi configuration (what `pulumi.runtime.allConfig()` returns: every key
// `namespace:name` with a string value, structured values as JSON) into a validated
// StackConfig, or a ConfigError listing every problem at once.
import type { z } from "zod";
import type { CheckableConfig, ProjectKeys } from "../model/schema";
import { isSectionKey, PROJECT_KEY_NAMES, projectKey, projectKeysWith, region, stackKeys } from "../model/schema";
import type { alerts, instanceConnect, network, organization, serialConsole, sessionManager } from "../model/schema";
import type { StackArgs } from "../model/stack";
import { editDistance } from "./closest";
import { PROJECT, keyPath, describeIssue, parseWith, show, unknownKey, unwrap, SECRET_SHOWN } from "./messages";
import { crossChecks } from "./crossChecks";
import type { DocumentCheckOptions } from "./documentChecks";
import { documentChecks } from "./documentChecks";
import { forgetAccepted, recordAccepted } from "./acceptedSections";

export { PROJECT, keyPath };

export interface StackConfig extends Omit<ProjectKeys, "regions"> {
  stack: string;
  /** `aws:region`: the provider's default Region. */
  region: string;
  /** Every Region the stack manages; defaults to [region]. */
  regions: string[];
}

export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid stack configuration (${problems.length} problem${problems.length === 1 ? "" : "s"}):\n  ${problems.join("\n  ")}`);
    this.name = "ConfigError";
  }
}

export interface LoadOptions extends DocumentCheckOptions {
  /**
   * Flat keys (`ec2-access:serialConsole`) whose value holds a Pulumi secret, as the engine
   * marks them (PULUMI_CONFIG_SECRET_KEYS). When given, a password that is not among them is
   * refused: it would sit in plaintext in the stack file and in every diff.
   */
  secretKeys?: string[];
}

/**
 * Validates the whole configuration of one stack. Throws ConfigError with one line per
 * problem, each naming the key path, the value found and what is expected.
 */
export function loadStackConfig(all: Record<string, string>, stack: string, options: LoadOptions = {}): StackConfig {
  const problems: string[] = [];
  const raw: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(all)) {
    const colon = key.indexOf(":");
    const ns = key.slice(0, colon);
    const name = key.slice(colon + 1);
    if (ns !== PROJECT) {
      // Other namespaces (aws:*) are their owners' to check, but a misspelt project
      // namespace would silently drop a whole section.
      if (colon > 0 && editDistance(ns, PROJECT) <= 2)
        problems.push(`${key}: unknown key; expected the ${PROJECT}: namespace; did you mean \`${PROJECT}:${name}\`?`);
      continue;
    }
    // Own keys only: `__proto__` or `constructor` must read as unknown keys, not as Object's.
    if (!(PROJECT_KEY_NAMES as string[]).includes(name)) problems.push(unknownKey([name], name, PROJECT_KEY_NAMES));
    else raw[name] = decode(value, name);
  }

  const awsRegion = all["aws:region"];
  const regionValid = region.safeParse(awsRegion).success;
  if (awsRegion === undefined)
    problems.push(`aws:region: got nothing; expected the stack's AWS Region, e.g. \`pulumi config set aws:region us-east-1\``);
  else if (!regionValid) problems.push(`aws:region: got ${show(awsRegion)}; expected an AWS Region code such as us-east-1`);

  // Only the sections the stack has are built (model/schema.ts); the others are absent anyway.
  const schema = projectKeysWith(Object.keys(raw));
  const parsed = parseWith(schema, raw);
  if (!parsed.success) problems.push(...parsed.error.issues.flatMap((issue) => describeIssue(issue, raw, schema)));

  const valid: CheckableConfig = parsed.success ? parsed.data : validSections(raw);
  const regions = valid.regions ?? (regionValid ? [awsRegion] : undefined);
  const checkable: CheckableConfig = { ...valid, regions, region: regionValid ? awsRegion : undefined };
  problems.push(...crossChecks(checkable));
  problems.push(...documentChecks(checkable, options));
  problems.push(...plaintextPassword(raw, options.secretKeys));

  if (problems.length > 0) {
    forgetAccepted();
    throw new ConfigError(scrubSecrets(problems, raw));
  }
  const { regions: _unused, ...rest } = parsed.data!;
  void _unused;
  // The components need not check these sections again (acceptedSections.ts); not when the
  // checks counted policies another way than the components will create them.
  if (options.policiesPerGrant) forgetAccepted();
  else
    recordAccepted(
      {
        environment: rest.environment,
        regions: regions!,
        region: awsRegion,
        accountId: rest.accountId,
        maxManagedPoliciesPerPrincipal: rest.maxManagedPoliciesPerPrincipal,
      },
      raw,
      parsed.data!,
    );
  return { ...rest, stack, region: awsRegion, regions: regions! };
}

/** The sections as written (before defaults), typed as the components' args take them. */
export interface ComponentArgsOfConfig {
  /** The top-level keys, for every component's `stack` arg. */
  stack: StackArgs;
  serialConsole?: z.input<ReturnType<typeof serialConsole>>;
  instanceConnect?: z.input<ReturnType<typeof instanceConnect>>;
  sessionManager?: z.input<ReturnType<typeof sessionManager>>;
  organization?: z.input<ReturnType<typeof organization>>;
  alerts?: z.input<ReturnType<typeof alerts>>;
  network?: z.input<ReturnType<typeof network>>;
}

/**
 * The components' args from a configuration that loadStackConfig accepted: each section exactly
 * as written (the components apply the defaults, as the config's schema does), and `stack`.
 */
export function componentArgsOf(all: Record<string, string>, config: StackConfig): ComponentArgsOfConfig {
  const section = (key: "serialConsole" | "instanceConnect" | "sessionManager" | "organization" | "alerts" | "network") => {
    const value = all[`${PROJECT}:${key}`];
    return value === undefined ? undefined : (decode(value, key) as never);
  };
  return {
    stack: {
      environment: config.environment,
      regions: config.regions,
      region: config.region,
      ...(config.accountId !== undefined ? { accountId: config.accountId } : {}),
      maxManagedPoliciesPerPrincipal: config.maxManagedPoliciesPerPrincipal,
      name: config.stack,
    },
    serialConsole: section("serialConsole"),
    instanceConnect: section("instanceConnect"),
    sessionManager: section("sessionManager"),
    organization: section("organization"),
    alerts: section("alerts"),
    network: section("network"),
  };
}

/** Pulumi hands strings over as-is and every other value as JSON text (a section is always a map). */
function decode(value: string, name: string): unknown {
  const schema = isSectionKey(name) ? undefined : stackKeys[name as keyof typeof stackKeys];
  if (schema && (unwrap(schema) as unknown as { _zod: { def: { type: string } } })._zod.def.type === "string") return value;
  try {
    return JSON.parse(value);
  } catch {
    return value; // the schema then reports it as "got <text>; expected <its shape>"
  }
}

/** Each top-level key that is valid on its own, so cross-section rules still run. */
function validSections(raw: Record<string, unknown>): CheckableConfig {
  const out: Record<string, unknown> = {};
  for (const name of PROJECT_KEY_NAMES) {
    // An absent section parses to nothing: not built for that.
    if (isSectionKey(name) && raw[name] === undefined) continue;
    const r = projectKey(name)!.safeParse(raw[name]);
    if (r.success && r.data !== undefined) out[name] = r.data;
  }
  return out as CheckableConfig;
}

/** Never quotes the value: naming the key is enough to find it. */
function plaintextPassword(raw: Record<string, unknown>, secretKeys: string[] | undefined): string[] {
  const sc = raw.serialConsole as { osPassword?: { password?: unknown } } | undefined;
  if (!secretKeys || sc?.osPassword?.password === undefined) return [];
  if (secretKeys.includes(`${PROJECT}:serialConsole`)) return [];
  const key = keyPath(["serialConsole", "osPassword", "password"]);
  return [
    `${key}: got a plaintext value (not shown); expected a Pulumi secret, so that the password is never stored or shown in clear: ` +
      `\`pulumi config set --secret --path '${key}' <password>\` writes it as { secure: ... }`,
  ];
}

/** Belt and braces: whatever a message quotes, the OS password never appears in it. */
function scrubSecrets(problems: string[], raw: Record<string, unknown>): string[] {
  const sc = raw.serialConsole as { osPassword?: { password?: unknown } } | undefined;
  const secret = sc?.osPassword?.password;
  if (typeof secret !== "string" || secret.length < 4) return problems;
  const forms = [secret, JSON.stringify(secret).slice(1, -1)];
  return problems.map((line) => forms.reduce((l, f) => l.split(f).join(SECRET_SHOWN), line));
}
