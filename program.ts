// The Pulumi program, as a function: `index.ts` hands it to the engine, and the offline plan
// runs the very same function on Pulumi's mock runtime (no component has an offline branch).
import * as pulumi from "@pulumi/pulumi";
import { loadStackConfig } from "./config/load";
import { stackContext } from "./components/context";
import { SerialConsoleAccess } from "./components/serialConsole";
import { InstanceConnectAccess } from "./components/instanceConnect";
import { SessionManagerAccess } from "./components/sessionManager";
import { OrganizationGuardrails } from "./components/organization";

export async function ec2Access(): Promise<Record<string, unknown>> {
  // Validate everything before registering anything: a bad value must not half-change a stack.
  const config = loadStackConfig(pulumi.runtime.allConfig(), pulumi.getStack());
  const context = stackContext(config);
  const outputs: Record<string, unknown> = { environment: config.environment, regions: config.regions };

  if (config.serialConsole) {
    const sc = new SerialConsoleAccess("serial-console", { context, config: config.serialConsole });
    outputs.serialConsolePolicyArns = sc.grantPolicyArns;
  }
  if (config.instanceConnect) {
    const ic = new InstanceConnectAccess("instance-connect", { context, config: config.instanceConnect });
    outputs.instanceConnectPolicyArns = ic.grantPolicyArns;
  }
  if (config.sessionManager) {
    const sm = new SessionManagerAccess("session-manager", { context, config: config.sessionManager });
    outputs.sessionManagerPolicyArns = sm.grantPolicyArns;
  }
  if (config.organization) {
    const org = new OrganizationGuardrails("organization", { context, config: config.organization });
    outputs.organizationPolicyIds = org.policyIds;
  }
  return outputs;
}
