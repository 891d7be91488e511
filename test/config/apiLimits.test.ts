// Values that go straight from the configuration to an AWS API call are refused at config
// validation, with the key path, before any resource exists (config/apiLimits.ts).
import * as assert from "node:assert/strict";
import { grant, I1, load, problems } from "./helpers";

const endpoint = (remotePorts: number[]) => ({
  endpoint: { subnetId: "subnet-0123456789abcdef0", remotePorts },
  grants: [grant.instanceConnect()],
});
const osPassword = (target: Record<string, unknown>) => ({
  osPassword: { user: "root", password: "a-long-password", ...target },
  grants: [grant.serialConsole()],
});
const ids = (n: number) => Array.from({ length: n }, (_, i) => `i-${(2n ** 68n + BigInt(i)).toString(16).slice(1)}`);

describe("config: values AWS's API refuses", () => {
  it("refuses Instance Connect Endpoint ports other than 22 and 3389", () => {
    assert.deepEqual(problems({ instanceConnect: endpoint([22, 2222, 3389]) }), [
      "ec2-access:instanceConnect.endpoint.remotePorts[1]: got 2222; expected 22 or 3389: EC2 Instance Connect Endpoint connects to no other port",
    ]);
    assert.doesNotThrow(() => load({ instanceConnect: endpoint([22, 3389]) }));
  });

  it("refuses a preferences document named with a prefix AWS reserves, in any case", () => {
    for (const [name, prefix] of [
      ["AWS-SessionPrefs", "aws"],
      ["amazonPrefs", "amazon"],
      ["AMZN.prefs", "amzn"],
    ]) {
      assert.deepEqual(problems({ sessionManager: { document: name, preferences: { kmsKey: "none" } } }), [
        `ec2-access:sessionManager.document: got "${name}"; expected a name not beginning with ${prefix} (any case): SSM CreateDocument reserves aws, amazon, amzn, AWSEC2, AWSConfigRemediation, AWSSupport`,
      ]);
    }
    // Without preferences the stack creates no document: naming an AWS-owned one is allowed.
    assert.doesNotThrow(() => load({ sessionManager: { document: "AWS-StartInteractiveCommand", grants: [grant.sessionManager()] } }));
  });

  it("refuses an s3KeyPrefix with a wildcard, a policy variable or a line break", () => {
    const prefs = (s3KeyPrefix: string) => ({ sessionManager: { preferences: { kmsKey: "none", s3Bucket: "session-logs", s3KeyPrefix } } });
    assert.deepEqual(problems(prefs("logs/*")), [
      `ec2-access:sessionManager.preferences.s3KeyPrefix: got "logs/*"; expected a key prefix without a wildcard (* or ?), which would widen the instance role's s3:PutObject resource beyond the prefix`,
    ]);
    assert.deepEqual(problems(prefs("logs/${aws:username}")), [
      `ec2-access:sessionManager.preferences.s3KeyPrefix: got "logs/\${aws:username}"; expected a key prefix without \${...}, which IAM reads as a policy variable in the instance role's s3:PutObject resource`,
    ]);
    assert.deepEqual(problems(prefs("logs\nmore")), [
      `ec2-access:sessionManager.preferences.s3KeyPrefix: got "logs\\nmore"; expected a key prefix without a line break`,
    ]);
    assert.doesNotThrow(() => load(prefs("sessions/prod")));
  });

  it("refuses an OS password association over 50 instance IDs, 5 tag keys or 50 values of a key", () => {
    assert.deepEqual(problems({ serialConsole: osPassword({ instanceIds: ids(51) }) }), [
      "ec2-access:serialConsole.osPassword.instanceIds: got 51 instance IDs; expected at most 50: SSM CreateAssociation takes 50 values per target (tag the instances and use tags instead)",
    ]);
    assert.doesNotThrow(() => load({ serialConsole: osPassword({ instanceIds: ids(50) }) }));
    const sixKeys = Object.fromEntries(["A", "B", "C", "D", "E", "F"].map((k) => [k, "x"]));
    assert.deepEqual(problems({ serialConsole: osPassword({ tags: sixKeys }) }), [
      "ec2-access:serialConsole.osPassword.tags: got 6 tag keys; expected at most 5: SSM CreateAssociation takes 5 targets",
    ]);
    assert.deepEqual(problems({ serialConsole: osPassword({ tags: { Team: Array.from({ length: 51 }, (_, i) => `t${i}`) } }) }), [
      "ec2-access:serialConsole.osPassword.tags.Team: got 51 values; expected at most 50: SSM CreateAssociation takes 50 values per target",
    ]);
    // Tags allow +; an association's target key (tag:<key>) does not.
    assert.deepEqual(problems({ serialConsole: osPassword({ tags: { "C++": "x" } }) }), [
      `ec2-access:serialConsole.osPassword.tags["C++"]: got the tag key "C++"; expected a key SSM CreateAssociation accepts as target tag:C++ (^[\\p{L}\\p{Z}\\p{N}_.:/=\\-@]*$|resource-groups:ResourceTypeFilters|resource-groups:Name)`,
    ]);
    assert.ok(I1);
  });
});
