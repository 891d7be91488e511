// "Did you mean": the allowed key nearest to a typo in a stack file or a policy pack config. A
// module of its own, free of imports, so that check-policy's config check does not load the
// stack-config schema (and zod) for it (README, "Speed and scale").

/** The allowed key closest to a typo: same letters in another case, or a few edits away. */
export function closest(key: string, allowed: string[]): string | undefined {
  const lower = key.toLowerCase();
  const sameCase = allowed.find((a) => a.toLowerCase() === lower);
  if (sameCase) return sameCase;
  let best: string | undefined;
  let bestDistance = Infinity;
  for (const a of allowed) {
    const d = editDistance(lower, a.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [a, d];
  }
  // Beyond a third of the word, a "suggestion" is a guess that confuses more than it helps.
  return bestDistance <= Math.max(2, Math.floor(key.length / 3)) ? best : undefined;
}

export function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    prev = cur;
  }
  return prev[b.length];
}
