// Splits a policy document into managed policies that each fit IAM's size limit.
//
// A document that fits is returned as it is. A larger one is compacted (documents/compact.ts)
// and cut into parts. Every statement is a run of items: its resources when it has a Resource
// list (a statement's resources are ORed, so any subset of them under the same Effect, Action
// and Condition is a valid statement), else the whole statement. Parts are contiguous runs of
// items; all parts are attached to the same principals, and IAM evaluates a principal's
// attached policies together (any Allow, unless any Deny), so the parts together allow and
// deny exactly what the whole did.
//
// How parts are cut:
// - The number of parts is the fewest possible: greedy filling, which is optimal for cutting a
//   sequence into runs that must each fit.
// - Each part but the last is at least 95% full (MIN_FILL). Within that window of allowed cut
//   points, the cut goes after the item with the smallest hash of its text (content-defined
//   chunking), among the cuts that still let the rest fit in the remaining parts. So a cut
//   depends on the items near it, not on how many come before: removing or adding one
//   instance usually changes only the part it is in, where plain greedy filling would shift
//   every later boundary and change every later part.
// - When a boundary does move, the parts after it change content, never name: each is updated
//   in place (a new policy version), nothing is replaced, and the attachments stay.
//
// The cut is decided on the document built with a stand-in account of the same length as a
// real one (a Layout), then applied to the real document, so the number of parts (and the
// resources that get created) is known before the account ID is.
import type { PolicyDocument, Statement } from "./policyDocument";
import { policyDocument, policySize } from "./policyDocument";
import { compactDocument } from "./compact";

/** Twelve digits, like every real account ID: documents built with it have the real size. */
export const STAND_IN_ACCOUNT = "000000000000";

/** IAM's limit for a customer managed policy, white space not counted. */
export const MANAGED_POLICY_LIMIT = 6144;
/** Every part but the last is at least this full (when no single item is larger than the rest). */
export const MIN_FILL = 0.95;

/** A run of one statement's items: [from, to) of its resources, or the whole statement. */
export interface Piece {
  statement: number;
  from: number;
  to: number;
}

export interface Layout {
  /** false: the document fitted and is used as the builder wrote it. */
  compacted: boolean;
  /** Per statement of the compacted document, its item count: the shape the real document must have. */
  shape: number[];
  parts: Piece[][];
  limit: number;
}

export class PolicySplitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "PolicySplitError";
  }
}

/** Splits `doc` directly (stand-in and real document are the same). */
export function splitDocument(doc: PolicyDocument, limit = MANAGED_POLICY_LIMIT): PolicyDocument[] {
  return applyLayout(layoutOf(doc, limit), doc);
}

export function layoutOf(doc: PolicyDocument, limit = MANAGED_POLICY_LIMIT): Layout {
  if (policySize(doc) <= limit) return { compacted: false, shape: [], parts: [[]], limit };
  const compact = compactDocument(doc);
  const items = new Items(compact);
  return { compacted: true, shape: items.shape, parts: cut(items, limit), limit };
}

/**
 * The parts of the real document, cut where the layout says. The real document must come from
 * the same builder and inputs as the stand-in one, differing only in values of the same
 * length (the account ID): anything else is a programming error, reported as such.
 */
export function applyLayout(layout: Layout, doc: PolicyDocument): PolicyDocument[] {
  if (!layout.compacted) {
    const size = policySize(doc);
    if (size > layout.limit)
      throw new PolicySplitError(`the document is ${size} characters, over ${layout.limit}, although its stand-in fitted`);
    return [doc];
  }
  const compact = compactDocument(doc);
  const items = new Items(compact);
  if (JSON.stringify(items.shape) !== JSON.stringify(layout.shape)) {
    throw new PolicySplitError(`the document's statements (${items.shape}) differ from its stand-in's (${layout.shape})`);
  }
  return layout.parts.map((pieces, i) => {
    const part = policyDocument(pieces.map((p) => items.piece(p)));
    const size = policySize(part);
    if (size > layout.limit)
      throw new PolicySplitError(`part ${i + 1} is ${size} characters, over ${layout.limit}, although its stand-in fitted`);
    return part;
  });
}

/** The document's statements as one flat sequence of items, with exact rendered sizes. */
class Items {
  readonly shape: number[];
  /** Flat index of each statement's first item, and one past the end. */
  private readonly starts: number[];
  /** Per statement: rendered length without its resources (`"Resource":""` counted as 0), or null when unsplittable. */
  private readonly headers: (number | null)[];
  /** Per statement: prefix sums of its resources' rendered lengths, or the whole statement's length. */
  private readonly prefix: number[][];
  readonly texts: string[];
  static readonly OVERHEAD = policySize(policyDocument([]));

  constructor(private readonly doc: PolicyDocument) {
    this.shape = [];
    this.starts = [0];
    this.headers = [];
    this.prefix = [];
    this.texts = [];
    for (const s of doc.Statement) {
      if (Array.isArray(s.Resource) && s.NotResource === undefined) {
        const sums = [0];
        for (const r of s.Resource) {
          const text = JSON.stringify(r);
          sums.push(sums[sums.length - 1] + text.length);
          this.texts.push(text);
        }
        this.headers.push(JSON.stringify({ ...s, Resource: "" }).length - 2);
        this.prefix.push(sums);
        this.shape.push(s.Resource.length);
      } else {
        const text = JSON.stringify(s);
        this.headers.push(null);
        this.prefix.push([0, text.length]);
        this.texts.push(text);
        this.shape.push(1);
      }
      this.starts.push(this.starts[this.starts.length - 1] + this.shape[this.shape.length - 1]);
    }
  }

  get count(): number {
    return this.starts[this.starts.length - 1];
  }

  /** Rendered size of the document made of items [a, b). */
  size(a: number, b: number): number {
    let total = Items.OVERHEAD;
    let pieces = 0;
    for (const p of this.pieces(a, b)) {
      total += this.pieceSize(p);
      pieces++;
    }
    return total + Math.max(0, pieces - 1);
  }

  *pieces(a: number, b: number): Generator<Piece> {
    let s = this.statementOf(a);
    while (a < b) {
      const end = Math.min(b, this.starts[s + 1]);
      yield { statement: s, from: a - this.starts[s], to: end - this.starts[s] };
      a = end;
      s++;
    }
  }

  piece(p: Piece): Statement {
    const s = this.doc.Statement[p.statement];
    if (this.headers[p.statement] === null) return s;
    const resources = (s.Resource as string[]).slice(p.from, p.to);
    return { ...s, Resource: resources.length === 1 ? resources[0] : resources } as Statement;
  }

  private pieceSize(p: Piece): number {
    const header = this.headers[p.statement];
    const sums = this.prefix[p.statement];
    if (header === null) return sums[1];
    const n = p.to - p.from;
    // One resource renders as a string; several as a list with brackets and commas.
    return header + sums[p.to] - sums[p.from] + (n > 1 ? n + 1 : 0);
  }

  private statementOf(i: number): number {
    let lo = 0;
    let hi = this.starts.length - 2;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid] <= i) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}

function cut(items: Items, limit: number): Piece[][] {
  const n = items.count;
  // The furthest end of a part starting at `start` (sizes only grow as a run is extended).
  const maxEnd = (start: number): number => {
    let lo = start;
    let hi = n;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (items.size(start, mid) <= limit) lo = mid;
      else hi = mid - 1;
    }
    if (lo === start) {
      throw new PolicySplitError(
        `one item alone is ${items.size(start, start + 1)} characters, over ${limit}: ${items.texts[start].slice(0, 120)}`,
      );
    }
    return lo;
  };
  const fewest = new Map<number, number>();
  const partsFrom = (start: number): number => {
    let count = fewest.get(start);
    if (count === undefined) {
      count = start >= n ? 0 : 1 + partsFrom(maxEnd(start));
      fewest.set(start, count);
    }
    return count;
  };

  const total = partsFrom(0);
  const ends: number[] = [];
  let start = 0;
  for (let k = 1; k < total; k++) {
    const furthest = maxEnd(start);
    let best = furthest;
    let bestHash = Infinity;
    for (let end = furthest; end > start && items.size(start, end) >= MIN_FILL * limit; end--) {
      if (partsFrom(end) > total - k) break; // ending earlier only leaves more to fit
      const h = hash(items.texts[end - 1]);
      if (h < bestHash) {
        bestHash = h;
        best = end;
      }
    }
    ends.push(best);
    start = best;
  }
  ends.push(n);

  let from = 0;
  return ends.map((end) => {
    const pieces = [...items.pieces(from, end)];
    from = end;
    return pieces;
  });
}

/**
 * FNV-1a with murmur3's finaliser, 32 bits: stable across runs and machines, and ARNs that
 * differ only in their last characters still get unrelated values.
 */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}
