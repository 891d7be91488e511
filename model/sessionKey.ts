// The KMS Region rule for Session Manager's session key, once: Session Manager encrypts a
// session with a key in the session's own Region, so a given key must be in one of the stack's
// Regions, and serves the others only as a multi-Region key (key/mrk-...) replicated to each
// (its replicas share the key ID and differ in the Region field). The configuration check words
// the fault for the stack file; the documents' key choice (documents/sessionPreferences.ts)
// refuses the same keys.

export type SessionKeyRegionFault =
  /** The key is in none of the stack's Regions. */
  | { kind: "outside"; keyRegion: string }
  /** A single-Region key, and the stack has other Regions. */
  | { kind: "single-region"; keyRegion: string; others: string[] };

/** The Region field of a KMS key ARN. */
export const keyRegionOf = (keyArn: string): string => keyArn.split(":")[3];

export const isMultiRegionKey = (keyArn: string): boolean => keyArn.split(":")[5]?.startsWith("key/mrk-") ?? false;

/** Undefined when the key can encrypt sessions in every Region of the stack. */
export function sessionKeyRegionFault(keyArn: string, regions: readonly string[]): SessionKeyRegionFault | undefined {
  const keyRegion = keyRegionOf(keyArn);
  if (!regions.includes(keyRegion)) return { kind: "outside", keyRegion };
  const others = regions.filter((r) => r !== keyRegion);
  if (others.length > 0 && !isMultiRegionKey(keyArn)) return { kind: "single-region", keyRegion, others };
  return undefined;
}
