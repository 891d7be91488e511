// Powers (plan/powers.ts) that appear, disappear or change between two plans, matched on kind
// and subject. Every one is an access change: who may turn the serial console on, rewrite the
// session preferences, open tunnels, which OS user a session or a password reaches, what the
// organization policy denies.
import type { Power } from "../powers";
import { powerKey } from "../powerKey";
import type { PowerChange } from "./model";
import { delta } from "./access";

export function diffPowers(base: readonly Power[], head: readonly Power[]): PowerChange[] {
  const before = new Map(base.map((p) => [powerKey(p), p]));
  const after = new Map(head.map((p) => [powerKey(p), p]));
  const out: PowerChange[] = [];
  for (const [key, a] of after) {
    const b = before.get(key);
    if (!b) {
      out.push({ change: "gained", kind: a.kind, subject: a.subject, after: a, fields: [] });
      continue;
    }
    const names = [...new Set([...Object.keys(b.details), ...Object.keys(a.details)])];
    const fields = names.flatMap((field) => {
      const d = delta(b.details[field] ?? [], a.details[field] ?? []);
      return d.added.length || d.removed.length ? [{ field, ...d }] : [];
    });
    if (fields.length) out.push({ change: "changed", kind: a.kind, subject: a.subject, before: b, after: a, fields });
  }
  for (const [key, b] of before) if (!after.has(key)) out.push({ change: "lost", kind: b.kind, subject: b.subject, before: b, fields: [] });
  return out;
}
