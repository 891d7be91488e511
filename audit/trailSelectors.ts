// Which of the alert rules' CloudTrail events a trail's event selectors log. Shapes are
// CloudTrail's (botocore cloudtrail 2013-11-01: EventSelector, AdvancedEventSelector,
// AdvancedFieldSelector). Every call the alerts match is a management write event
// (docs/alerts.md), so a selector logs one when:
// - classic: IncludeManagementEvents is not false, ReadWriteType is All or WriteOnly (All when
//   absent) and ExcludeManagementEventSources does not name its eventSource;
// - advanced: every field selector holds for the event (eventCategory "Management", readOnly
//   "false", its eventSource and eventName); a field this cannot know for an event yet to happen
//   (userIdentity.arn, errorCode, ...) is taken as not holding: the alert is not promised.
// A trail with neither kind of selector has AWS's default, all read and write management events
// ("By default, trails created without specific event selectors are configured to log all read
// and write management events", PutEventSelectors).

export interface CloudTrailEvent {
  eventSource: string;
  eventName: string;
  /** The record's readOnly; the alerts' calls are all writes (false when absent). */
  readOnly?: boolean;
}

export interface EventSelector {
  ReadWriteType?: string;
  IncludeManagementEvents?: boolean;
  ExcludeManagementEventSources?: string[];
}

export interface FieldSelector {
  Field?: string;
  Equals?: string[];
  StartsWith?: string[];
  EndsWith?: string[];
  NotEquals?: string[];
  NotStartsWith?: string[];
  NotEndsWith?: string[];
}

export interface TrailSelectors {
  EventSelectors?: EventSelector[];
  AdvancedEventSelectors?: { Name?: string; FieldSelectors?: FieldSelector[] }[];
}

export interface Coverage {
  /** The events the trail logs, as `eventSource eventName`. */
  logged: Set<string>;
  /** Why some are not logged, when some are not. */
  reason?: string;
}

export const eventKey = (e: CloudTrailEvent) => `${e.eventSource} ${e.eventName}`;

function classicLogs(s: EventSelector, e: CloudTrailEvent): boolean {
  const rw = s.ReadWriteType ?? "All";
  const kind = e.readOnly ? "ReadOnly" : "WriteOnly";
  return (
    s.IncludeManagementEvents !== false && (rw === "All" || rw === kind) && !(s.ExcludeManagementEventSources ?? []).includes(e.eventSource)
  );
}

/** The value a field has in the event's record, or undefined when it cannot be known beforehand. */
function fieldValue(field: string, e: CloudTrailEvent): string | undefined {
  if (field === "eventCategory") return "Management";
  if (field === "readOnly") return String(e.readOnly === true);
  if (field === "eventSource") return e.eventSource;
  if (field === "eventName") return e.eventName;
  return undefined;
}

function fieldHolds(f: FieldSelector, e: CloudTrailEvent): boolean {
  const v = f.Field === undefined ? undefined : fieldValue(f.Field, e);
  if (v === undefined) return false;
  const has = (xs: string[] | undefined, test: (x: string) => boolean) => xs === undefined || xs.some(test);
  const none = (xs: string[] | undefined, test: (x: string) => boolean) => !(xs ?? []).some(test);
  return (
    has(f.Equals, (x) => x === v) &&
    has(f.StartsWith, (x) => v.startsWith(x)) &&
    has(f.EndsWith, (x) => v.endsWith(x)) &&
    none(f.NotEquals, (x) => x === v) &&
    none(f.NotStartsWith, (x) => v.startsWith(x)) &&
    none(f.NotEndsWith, (x) => v.endsWith(x))
  );
}

const isManagement = (fields: FieldSelector[]) =>
  fields.some((f) => f.Field === "eventCategory" && fieldHolds(f, { eventSource: "", eventName: "" }));

/** What a trail with these selectors logs of `events`, and why not the rest. */
export function trailCoverage(selectors: TrailSelectors, events: readonly CloudTrailEvent[]): Coverage {
  const classic = selectors.EventSelectors ?? [];
  const advanced = (selectors.AdvancedEventSelectors ?? []).map((a) => a.FieldSelectors ?? []);
  let logs: (e: CloudTrailEvent) => boolean;
  let withManagement: boolean;
  if (classic.length === 0 && advanced.length === 0) {
    logs = () => true;
    withManagement = true;
  } else if (advanced.length > 0) {
    logs = (e) => advanced.some((fields) => fields.every((f) => fieldHolds(f, e)));
    withManagement = advanced.some(isManagement);
  } else {
    logs = (e) => classic.some((s) => classicLogs(s, e));
    withManagement = classic.some((s) => s.IncludeManagementEvents !== false);
  }
  const logged = new Set(events.filter(logs).map(eventKey));
  const notLogged = events.filter((e) => !logged.has(eventKey(e)));
  if (notLogged.length === 0) return { logged };
  // Would it log the same calls if they were reads? Then it keeps read-only events only.
  const readsOnly = logged.size === 0 && events.some((e) => logs({ ...e, readOnly: true }));
  // Fields of a management selector that depend on who calls or how it ends (userIdentity.arn, ...).
  const unknown = [
    ...new Set(
      advanced
        .filter(isManagement)
        .flatMap((fields) => fields.map((f) => f.Field ?? "(no field)"))
        .filter((f) => fieldValue(f, { eventSource: "", eventName: "" }) === undefined),
    ),
  ];
  const reason = !withManagement
    ? "does not log management events"
    : readsOnly
      ? "logs only read-only management events"
      : unknown.length
        ? `logs management events only by ${unknown.join(", ")}, so not every ${notLogged.map(eventKey).join(", ")}`
        : `does not log ${notLogged.map(eventKey).join(", ")}`;
  return { logged, reason };
}
