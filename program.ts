// The Pulumi program, as a function: `main.ts` hands it to the engine, and the offline plan
// runs the very same function on Pulumi's mock runtime (no component has an offline branch).
// A thin user of the components' public API: each config section in, its component out.
import * as pulumi from "@pulumi/pulumi";
import type { StackConfig } from "./config/load";
import { componentArgsOf, loadStackConfig } from "./config/load";
import { accessPattern, ORGANIZATION } from "./model/patterns";
import { SerialConsoleAccess } from "./components/serialConsole";
import { InstanceConnectAccess } from "./components/instanceConnect";
import { SessionManagerAccess } from "./components/sessionManager";
import { OrganizationGuardrails } from "./components/organization";
import type { AccessAlertsArgs } from "./components/alerts";
import { AccessAlerts } from "./components/alerts";
import type { NetworkAccessArgs } from "./components/network";
import { NetworkAccess } from "./components/network";
import { GrantPacker } from "./components/packedGrants";

/**
 * Whether the engine handed this key over as a secret (PULUMI_CONFIG_SECRET_KEYS). The runtime
 * exports the function without declaring it; without it every key counts as secret, so that a
 * runtime that drops it cannot make a valid stack fail.
 */
function isConfigSecret(key: string): boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (k: string) => boolean };
  return runtime.isConfigSecret ? runtime.isConfigSecret(key) : true;
}

/** The configuration as loadStackConfig accepted it, with the flat keys it was loaded from. */
export interface LoadedConfig {
  all: Record<string, string>;
  config: StackConfig;
}

/**
 * @param loaded The configuration already loaded from this run's config: the offline plan loads
 * it before the program runs (for its mocks' account and Region) and hands it over, so that it is
 * not validated twice. The engine calls the program without it.
 */
export async function ec2Access(loaded?: LoadedConfig): Promise<Record<string, unknown>> {
  // Validate everything before registering anything: a bad value must not half-change a stack.
  const all = loaded?.all ?? pulumi.runtime.allConfig();
  const config = loaded?.config ?? loadStackConfig(all, pulumi.getStack(), { secretKeys: Object.keys(all).filter(isConfigSecret) });
  const { stack, serialConsole, instanceConnect, sessionManager, organization, alerts, network } = componentArgsOf(all, config);
  const outputs: Record<string, unknown> = { environment: config.environment, regions: config.regions };
  // With packGrants, grants that fit in one policy go to the packer, which creates their shared
  // policies once every section has handed its grants over (documents/pack.ts).
  const packer = config.packGrants ? new GrantPacker() : undefined;

  // Session Manager first: the serial console's OS password policy goes on its instance role.
  // (Creation order changes no resource name: URNs come from names and parents.)
  const sm = sessionManager && new SessionManagerAccess(accessPattern("sessionManager").pattern, { ...sessionManager, stack, packer });
  if (serialConsole) {
    // The component records its args as inputs: the password goes in as a secret.
    const osPassword = serialConsole.osPassword && {
      ...serialConsole.osPassword,
      password: pulumi.secret(serialConsole.osPassword.password),
    };
    const instanceRole = sm?.instanceRole && { name: sm.instanceRole.name };
    const sc = new SerialConsoleAccess(accessPattern("serialConsole").pattern, {
      ...serialConsole,
      osPassword,
      stack,
      instanceRole,
      packer,
    });
    outputs.serialConsolePolicyArns = sc.grantPolicyArns;
    // Without a created instance role, attach this to the role of the osPassword instances.
    if (sc.osPasswordReadPolicyArn) outputs.serialConsoleOsPasswordReadPolicyArn = sc.osPasswordReadPolicyArn;
  }
  if (instanceConnect) {
    const ic = new InstanceConnectAccess(accessPattern("instanceConnect").pattern, { ...instanceConnect, stack, packer });
    outputs.instanceConnectPolicyArns = ic.grantPolicyArns;
  }
  if (sm) outputs.sessionManagerPolicyArns = sm.grantPolicyArns;
  if (packer) outputs.packedGrantPolicyArns = packer.create("packed-grants").policyArns;
  if (organization) {
    const org = new OrganizationGuardrails(ORGANIZATION.section, { ...organization, stack });
    outputs.organizationPolicyIds = org.policyIds;
  }
  if (alerts) {
    const accessAlerts = new AccessAlerts("alerts", { ...(alerts as AccessAlertsArgs), stack });
    outputs.alertTopicArn = accessAlerts.topicArn;
  }
  if (network) {
    const privateNetwork = new NetworkAccess("network", { ...(network as NetworkAccessArgs), stack });
    outputs.vpcEndpointIds = privateNetwork.endpointIds;
  }
  return outputs;
}
