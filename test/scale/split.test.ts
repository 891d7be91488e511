// Splitting a grant's document into managed policies: every part fits, the parts are as few
// and as full as IAM's limit allows, together they mean exactly what the whole did, and one
// instance more or less changes as few parts as possible.
import assert from "node:assert/strict";
import { serialConsoleGrantDocument } from "../../documents/serialConsole";
import { instanceConnectDocument } from "../../documents/instanceConnect";
import type { PolicyDocument } from "../../documents/policyDocument";
import { policyDocument, policySize, statement } from "../../documents/policyDocument";
import { MANAGED_POLICY_LIMIT, MIN_FILL, PolicySplitError, applyLayout, layoutOf, splitDocument } from "../../documents/split";
import { STAND_IN_ACCOUNT } from "../../components/grantPolicy";
import { instanceId } from "../../bench/stacks";
import { simulate } from "../support/iamSimulator";
import { atoms } from "./equivalence";

const REAL_ACCOUNT = "111122223333";
const IDS = Array.from({ length: 1000 }, (_, i) => instanceId(i));
const DENIED = "i-0abcdef1234567890";

function serialConsole(ids: string[], accountId = STAND_IN_ACCOUNT): PolicyDocument {
  return serialConsoleGrantDocument({
    scope: { partition: "aws", accountId },
    regions: ["us-east-1"],
    target: { kind: "instanceIds", instanceIds: ids },
    denyInstanceIds: [DENIED],
  });
}

const render = (docs: PolicyDocument[]) => docs.map((d) => JSON.stringify(d));
const arn = (id: string, account = REAL_ACCOUNT) => `arn:aws:ec2:us-east-1:${account}:instance/${id}`;

describe("splitting a grant's document (documents/split.ts)", () => {
  it("returns a document that fits exactly as the builder wrote it, mergeable statements and all", () => {
    const doc = policyDocument([
      statement({ sid: "One", actions: ["ec2:DescribeInstances"], resources: ["*"] }),
      statement({ sid: "Two", actions: ["ec2:DescribeInstanceTypes"], resources: ["*"] }),
    ]);
    assert.deepEqual(splitDocument(doc), [doc]);
  });

  describe("a 1,000-instance serial console grant", () => {
    const whole = serialConsole(IDS);
    const parts = splitDocument(whole);

    it("is 66,530 characters as one document, over ten times the limit", () => {
      assert.equal(policySize(whole), 66530);
    });

    it("becomes 12 parts, each within 6,144 characters and all but the last at least 95% full", () => {
      // An instance ARN takes 67 characters with its comma; a part also carries about 170 of
      // document and statement around its list: (6,144 - 170) / 67 = 89 ARNs a part, so 1,000
      // need 12 parts and 11 cannot hold them.
      assert.deepEqual(parts.map(policySize), [6083, 5920, 5920, 5986, 6052, 6118, 5854, 5920, 5986, 5854, 5920, 2875]);
      for (const p of parts) assert.ok(policySize(p) <= MANAGED_POLICY_LIMIT);
      for (const p of parts.slice(0, -1)) assert.ok(policySize(p) >= MIN_FILL * MANAGED_POLICY_LIMIT);
    });

    it("allows and denies, all parts together, exactly what the whole did", () => {
      assert.deepEqual(atoms(parts), atoms([whole]));
      assert.notDeepEqual(atoms(parts.slice(1)), atoms([whole]));
    });

    it("keeps the console statement in the first part and the Deny in the last, Sids unique within each part", () => {
      assert.equal(parts[0].Statement[0].Sid, "AllowDescribeInstances");
      assert.equal(parts[11].Statement.at(-1)!.Effect, "Deny");
      for (const p of parts) {
        const sids = p.Statement.map((s) => s.Sid);
        assert.equal(new Set(sids).size, sids.length);
      }
    });

    it("sorts each part's resources, so the configuration's order of instances does not matter", () => {
      const shuffled = [...IDS].reverse();
      assert.deepEqual(render(splitDocument(serialConsole(shuffled))), render(parts));
    });

    it("changes, when one instance is removed, no part before the one ahead of it, and 2.5 parts on average (greedy filling: 6.9)", () => {
      // A cut may look one item past the part's end (it picks the best cut point in a window),
      // so the part just before the removed instance's may change too; none earlier can.
      const before = render(parts);
      let changed = 0;
      let onlyOne = 0;
      for (const removed of IDS) {
        const after = render(splitDocument(serialConsole(IDS.filter((id) => id !== removed))));
        assert.equal(after.length, before.length);
        const home = before.findIndex((p) => p.includes(removed));
        assert.deepEqual(after.slice(0, Math.max(0, home - 1)), before.slice(0, Math.max(0, home - 1)));
        assert.notEqual(after[home], before[home]);
        const n = after.filter((p, i) => p !== before[i]).length;
        changed += n;
        if (n === 1) onlyOne++;
      }
      assert.equal(changed, 2542);
      assert.equal(onlyOne, 638);
    });

    it("cuts the real account's document where the stand-in's was cut", () => {
      const layout = layoutOf(whole);
      const real = applyLayout(layout, serialConsole(IDS, REAL_ACCOUNT));
      assert.deepEqual(
        render(real),
        render(parts).map((p) => p.split(STAND_IN_ACCOUNT).join(REAL_ACCOUNT)),
      );
    });

    it("refuses a real document whose statements differ from the stand-in's", () => {
      assert.throws(() => applyLayout(layoutOf(whole), serialConsole(IDS.slice(1), REAL_ACCOUNT)), PolicySplitError);
    });

    it("gives the simulator the same answers from the parts as from the whole", async () => {
      const real = applyLayout(layoutOf(whole), serialConsole(IDS, REAL_ACCOUNT));
      const wholeReal = serialConsole(IDS, REAL_ACCOUNT);
      const send = "ec2-instance-connect:SendSerialConsoleSSHPublicKey";
      const cases: [string, string, string][] = [
        [send, arn(IDS[0]), "Allowed"],
        [send, arn(IDS[500]), "Allowed"],
        [send, arn(IDS[999]), "Allowed"],
        [send, arn(instanceId(1000)), "ImplicitlyDenied"],
        [send, arn(IDS[0], "444455556666"), "ImplicitlyDenied"],
        [send, arn(DENIED), "ExplicitlyDenied"],
        ["ec2:DescribeInstances", "*", "Allowed"],
      ];
      for (const [action, resource, expected] of cases) {
        assert.equal(await simulate({ identityPolicies: [wholeReal], action, resource }), expected, `whole: ${action} ${resource}`);
        assert.equal(await simulate({ identityPolicies: real, action, resource }), expected, `parts: ${action} ${resource}`);
      }
    });
  });

  describe("compaction, only for documents over the limit", () => {
    const send = "ec2-instance-connect:SendSSHPublicKey";
    const osUser = (u: string) => ({ StringEquals: { "ec2:osuser": u } });
    const half = (ids: string[], user: string) =>
      statement({ actions: [send], resources: ids.map((id) => arn(id)), conditions: osUser(user) });

    it("merges statements with the same effect, condition and actions, and keeps those whose condition differs apart", () => {
      const doc = policyDocument([
        half(IDS.slice(0, 400), "ec2-user"),
        half(IDS.slice(400, 800), "ec2-user"),
        half(IDS.slice(800), "ubuntu"),
      ]);
      const parts = splitDocument(doc);
      assert.deepEqual(atoms(parts), atoms([doc]));
      // One ec2-user statement per part where there were two, and ubuntu never mixed in.
      for (const p of parts) {
        const users = p.Statement.map((s) => JSON.stringify(s.Condition));
        assert.equal(new Set(users).size, users.length);
      }
      assert.equal(parts.length, 12);
    });

    it("merges statements with the same effect, condition and resources into one with both actions", () => {
      const resources = IDS.map((id) => arn(id));
      const doc = policyDocument([
        statement({ sid: "Send", actions: [send], resources }),
        statement({ sid: "Tunnel", actions: ["ec2-instance-connect:OpenTunnel"], resources }),
      ]);
      const parts = splitDocument(doc);
      assert.deepEqual(atoms(parts), atoms([doc]));
      assert.equal(parts.length, 12, "one list of ARNs, not two");
      // Different Sids cannot both describe the merged statement: it has none.
      assert.deepEqual(
        parts[0].Statement.map((s) => [s.Sid, s.Action]),
        [[undefined, [send, "ec2-instance-connect:OpenTunnel"]]],
      );
    });

    it("keeps NotResource statements whole and untouched", () => {
      const notResource = {
        Effect: "Deny" as const,
        Action: "ec2-instance-connect:SendSSHPublicKey",
        NotResource: IDS.slice(0, 3).map((id) => arn(id)),
      };
      const doc = policyDocument([statement({ actions: [send], resources: IDS.map((id) => arn(id)) }), notResource]);
      const parts = splitDocument(doc);
      assert.deepEqual(parts.at(-1)!.Statement.at(-1), notResource);
      assert.deepEqual(atoms(parts), atoms([doc]));
    });

    it("splits the Instance Connect document of 1,000 instances under its ec2:osuser condition", () => {
      const doc = instanceConnectDocument(
        { partition: "aws", accountId: STAND_IN_ACCOUNT },
        {
          target: { kind: "instanceIds", instanceIds: IDS },
          osUsers: ["ec2-user"],
          regions: ["us-east-1"],
          console: true,
        },
      );
      const parts = splitDocument(doc);
      assert.deepEqual(atoms(parts), atoms([doc]));
      for (const p of parts) assert.ok(policySize(p) <= MANAGED_POLICY_LIMIT);
      for (const p of parts.slice(0, -1)) assert.ok(policySize(p) >= MIN_FILL * MANAGED_POLICY_LIMIT);
    });

    it("refuses a statement that cannot fit on its own, naming it", () => {
      const tags = Object.fromEntries(Array.from({ length: 300 }, (_, i) => [`aws:ResourceTag/Team${i}`, `value-${i}`]));
      const doc = policyDocument([statement({ actions: [send], resources: ["*"], conditions: { StringEquals: tags } })]);
      assert.throws(
        () => splitDocument(doc),
        (e: Error) => e instanceof PolicySplitError && /^one item alone is \d+ characters, over 6144: \{"Effect":"Allow"/.test(e.message),
      );
    });
  });
});
