// What a trail's event selectors log of the alerts' events (audit/trailSelectors.ts). Selector
// shapes are CloudTrail's (botocore cloudtrail 2013-11-01); the moto journeys are in alerts.test.ts.
import * as assert from "node:assert/strict";
import { ALERT_CALLS } from "../../documents/alerts";
import { eventKey, trailCoverage } from "../../audit/trailSelectors";
import type { TrailSelectors } from "../../audit/trailSelectors";

// The real calls of the alerts, from the table the rules are built from.
const EVENTS = Object.values(ALERT_CALLS).flatMap((calls) =>
  calls.flatMap((c) => c.eventNames.map((eventName) => ({ eventSource: c.eventSource, eventName }))),
);
const ALL = EVENTS.map(eventKey).sort();
const covered = (s: TrailSelectors) => [...trailCoverage(s, EVENTS).logged].sort();
const management = { Field: "eventCategory", Equals: ["Management"] };

describe("audit: what a trail's event selectors log of the alerts' events", () => {
  it("no selectors is AWS's default (all management events); classic All or WriteOnly logs every call, ReadOnly none", () => {
    assert.deepEqual(covered({}), ALL);
    assert.deepEqual(covered({ EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true }] }), ALL);
    assert.deepEqual(covered({ EventSelectors: [{ ReadWriteType: "WriteOnly", IncludeManagementEvents: true }] }), ALL);
    assert.deepEqual(trailCoverage({ EventSelectors: [{ ReadWriteType: "ReadOnly", IncludeManagementEvents: true }] }, EVENTS), {
      logged: new Set(),
      reason: "logs only read-only management events",
    });
  });

  it("ExcludeManagementEventSources of KMS (what AWS allows there) leaves the alerts' sources logged; naming ssm drops only those", () => {
    assert.deepEqual(
      covered({
        EventSelectors: [{ ReadWriteType: "All", IncludeManagementEvents: true, ExcludeManagementEventSources: ["kms.amazonaws.com"] }],
      }),
      ALL,
    );
    const c = trailCoverage({ EventSelectors: [{ ExcludeManagementEventSources: ["ssm.amazonaws.com"] }] }, EVENTS);
    assert.deepEqual(
      [...c.logged].sort(),
      ALL.filter((k) => !k.startsWith("ssm.")),
    );
    assert.equal(
      c.reason,
      "does not log ssm.amazonaws.com StartSession, ssm.amazonaws.com ResumeSession, ssm.amazonaws.com TerminateSession",
    );
  });

  it("a data-events-only selector beside a read-only one logs nothing, and says it keeps reads only", () => {
    const s: TrailSelectors = {
      AdvancedEventSelectors: [
        {
          FieldSelectors: [
            { Field: "eventCategory", Equals: ["Data"] },
            { Field: "resources.type", Equals: ["AWS::S3::Object"] },
          ],
        },
        { FieldSelectors: [management, { Field: "readOnly", NotEquals: ["false"] }] },
      ],
    };
    assert.deepEqual(trailCoverage(s, EVENTS), { logged: new Set(), reason: "logs only read-only management events" });
  });

  it("advanced selectors: eventName and eventSource filters are evaluated per call; a filter on who calls is not promised", () => {
    const only = covered({
      AdvancedEventSelectors: [{ FieldSelectors: [management, { Field: "eventName", StartsWith: ["Start", "Send"] }] }],
    });
    assert.deepEqual(only, [
      "ec2-instance-connect.amazonaws.com SendSSHPublicKey",
      "ec2-instance-connect.amazonaws.com SendSerialConsoleSSHPublicKey",
      "ssm.amazonaws.com StartSession",
    ]);
    const byWho = trailCoverage(
      {
        AdvancedEventSelectors: [
          { FieldSelectors: [management, { Field: "userIdentity.arn", NotStartsWith: ["arn:aws:sts::111122223333:assumed-role/ci"] }] },
        ],
      },
      EVENTS.slice(0, 1),
    );
    assert.deepEqual(byWho, {
      logged: new Set(),
      reason:
        "logs management events only by userIdentity.arn, so not every ec2-instance-connect.amazonaws.com SendSerialConsoleSSHPublicKey",
    });
  });

  it("no management selector at all says so", () => {
    assert.deepEqual(trailCoverage({ EventSelectors: [{ IncludeManagementEvents: false }] }, EVENTS), {
      logged: new Set(),
      reason: "does not log management events",
    });
  });
});
