// What makes two powers (plan/powers.ts) the same power: their kind and subject. A module of its
// own so that `diff` matches powers without loading what derives them (the access evaluation
// and the pack's action data): a plan file carries its powers already.

/** The part of a power that names it (a Power's kind and subject; structural, to keep this module free of imports). */
export interface PowerIdentity {
  kind: string;
  subject: { principal?: { type: string; name: string }; name?: string; region?: string };
}

export const powerKey = (p: PowerIdentity) =>
  [
    p.kind,
    p.subject.principal ? `${p.subject.principal.type} ${p.subject.principal.name}` : "",
    p.subject.name ?? "",
    p.subject.region ?? "",
  ].join("\u0000");
