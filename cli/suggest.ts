// "Did you mean": the closest of the known words by edit distance (Levenshtein), if close enough
// to be a typo rather than another word.

/** Edits (insert, delete, substitute) that turn `a` into `b`. */
export function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

/**
 * The known word nearest to `word`, when at most a third of its letters (and at least one) are
 * wrong, or when `word` is the start of exactly one known word; otherwise undefined.
 */
export function didYouMean(word: string, known: readonly string[]): string | undefined {
  const lower = word.toLowerCase();
  let best: { word: string; distance: number } | undefined;
  for (const k of known) {
    const distance = editDistance(lower, k.toLowerCase());
    if (!best || distance < best.distance) best = { word: k, distance };
  }
  if (best && best.distance <= Math.max(1, Math.floor(word.length / 3))) return best.word;
  const prefixed = known.filter((k) => lower.length >= 2 && k.toLowerCase().startsWith(lower));
  return prefixed.length === 1 ? prefixed[0] : undefined;
}
