// IAM wildcard matching (`*` any run of characters, `?` exactly one), in time bounded by
// pattern length × subject length. A regex built from the pattern (`.*` per `*`) lets V8's
// backtracking engine try every way of splitting the subject between the stars: a document
// with `"Action": "ec2:*?*?*?*?*?*?*?*?!"` then takes minutes per action name. The matcher
// below keeps only the last star seen and retries from there, which is enough for globs: once
// a later star is reached, no earlier star ever needs to take back characters.
//
// Characters are UTF-16 code units (as a non-unicode RegExp sees them); letter case is folded
// the way a RegExp with the `i` flag folds it, so matches are the same as before for every
// ordinary pattern.

/** A compiled glob: `test` as on a RegExp, so call sites read the same. */
export interface Glob {
  readonly pattern: string;
  test(subject: string): boolean;
}

const STAR = -1;
const ANY = -2;

/**
 * The code unit a case-insensitive (non-unicode) RegExp compares: the upper case when it is one
 * unit, except that nothing outside ASCII folds into ASCII (`ſ` is not `S`, `ı` is not `I`).
 */
function fold(code: number): number {
  if (code < 128) return code >= 97 && code <= 122 ? code - 32 : code;
  const upper = String.fromCharCode(code).toUpperCase();
  if (upper.length !== 1) return code;
  const u = upper.charCodeAt(0);
  return u < 128 ? code : u;
}

function compile(pattern: string, caseInsensitive: boolean): Int32Array {
  const out: number[] = [];
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern.charCodeAt(i);
    if (c === 42 /* * */) {
      if (out[out.length - 1] !== STAR) out.push(STAR); // `**` is `*`
    } else if (c === 63 /* ? */) out.push(ANY);
    else out.push(caseInsensitive ? fold(c) : c);
  }
  return Int32Array.from(out);
}

/** Step counter for tests: how much work matching did. One step per comparison or retry. */
export interface StepCount {
  steps: number;
}

/**
 * The matching loop. `p` is the compiled pattern; each subject code unit is folded the same way.
 * Work: at most (subject length + 1) × (pattern length + 1) steps.
 */
export function matchCompiled(p: Int32Array, subject: string, caseInsensitive: boolean, count?: StepCount): boolean {
  const n = subject.length;
  let si = 0;
  let pi = 0;
  let starPi = -1; // pattern index just after the last star seen
  let starSi = 0; // subject index that star is currently made to end at
  let steps = 0;
  while (si < n) {
    steps++;
    const c = pi < p.length ? p[pi] : undefined;
    if (c === STAR) {
      starPi = ++pi;
      starSi = si;
      continue;
    }
    if (c !== undefined && (c === ANY || c === (caseInsensitive ? fold(subject.charCodeAt(si)) : subject.charCodeAt(si)))) {
      pi++;
      si++;
      continue;
    }
    if (starPi < 0) {
      if (count) count.steps += steps;
      return false;
    }
    // Let the last star take one more character and retry what follows it.
    pi = starPi;
    si = ++starSi;
  }
  while (pi < p.length && p[pi] === STAR) {
    pi++;
    steps++;
  }
  if (count) count.steps += steps;
  return pi === p.length;
}

const caches = { ci: new Map<string, Glob>(), cs: new Map<string, Glob>() };
const CACHE_LIMIT = 10_000;

/**
 * The glob for `pattern`, compiled once and cached. Case-insensitive by default, as IAM matches
 * action names (and as this pack has always matched resources, condition values and names).
 */
export function iamGlob(pattern: string, caseInsensitive = true): Glob {
  const cache = caseInsensitive ? caches.ci : caches.cs;
  const hit = cache.get(pattern);
  if (hit) return hit;
  const compiled = compile(pattern, caseInsensitive);
  const glob: Glob = { pattern, test: (subject: string) => matchCompiled(compiled, subject, caseInsensitive) };
  if (cache.size >= CACHE_LIMIT) cache.clear(); // documents are bounded, but a stream of them is not
  cache.set(pattern, glob);
  return glob;
}

/** Whether `subject` matches the glob `pattern` (`*`, `?`; letter case ignored unless told). */
export function globMatches(pattern: string, subject: string, caseInsensitive = true): boolean {
  return iamGlob(pattern, caseInsensitive).test(subject);
}

/** The same match, counting its work: for tests that bound adversarial patterns by steps. */
export function globMatchSteps(pattern: string, subject: string, caseInsensitive = true): { matched: boolean; steps: number } {
  const count: StepCount = { steps: 0 };
  const matched = matchCompiled(compile(pattern, caseInsensitive), subject, caseInsensitive, count);
  return { matched, steps: count.steps };
}
