// "Pulumi's mock runtime alone": a trivial program that registers `count` plain IAM policies
// under setMocks with a mock that echoes its inputs. No capture, no policy pack, no config:
// what any program of that many resources costs on the mock runtime, the yardstick of the
// plan's own overhead.
import * as pulumi from "@pulumi/pulumi";
import * as aws from "@pulumi/aws";

const echo: pulumi.runtime.Mocks = {
  newResource: (args) => ({ id: `${args.name}-id`, state: args.inputs }),
  call: (args) => args.inputs,
};

/** Registers the stack resource and `count - 1` policies, so `count` registrations in all. */
export async function registerPlainPolicies(count: number): Promise<void> {
  await pulumi.runtime.setMocks(echo, "baseline", "bench", true);
  await pulumi.runtime.runInPulumiStack(async () => {
    for (let i = 1; i < count; i++) {
      new aws.iam.Policy(`policy-${i}`, {
        name: `policy-${i}`,
        path: "/bench/",
        policy: JSON.stringify({ Version: "2012-10-17", Statement: [] }),
      });
    }
    return {};
  });
  await pulumi.runtime.disconnect();
}
