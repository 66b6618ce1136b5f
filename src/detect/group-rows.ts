/**
 * Rows grouped by an integer key or a pair of integer keys (host, interval; group, interval; …) in
 * O(n): a hash pass numbers the distinct keys in order of first appearance and a counting sort lays
 * the rows out group by group, keeping input order inside each group. The detection views run on
 * millions of host-intervals, where a comparison sort of row objects would dominate.
 */
import { InputError } from '../errors.js';

/** Rows by group: the rows of group g are order[start[g]], …, order[start[g + 1] − 1]. */
export interface GroupedRows {
  /** Distinct keys. */
  groups: number;
  /** Group of each row. */
  groupOf: Int32Array;
  /** Row indices, group after group. */
  order: Int32Array;
  /** Offsets into `order`, groups + 1 entries. */
  start: Int32Array;
  /** First row of each group (its keys are a[first[g]], b[first[g]]). */
  first: Int32Array;
}

/** Groups rows by a[i] (and b[i] if given); keys must be integers (safe, |k| < 2^53). */
export function groupRows(a: ArrayLike<number>, b?: ArrayLike<number>): GroupedRows {
  const n = a.length;
  if (b && b.length !== n) throw new RangeError(`key columns differ in length: ${a.length} vs ${b.length}`);
  let minB = 0;
  let width = 1;
  if (b && n > 0) {
    let lo = Infinity;
    let hi = -Infinity;
    for (let i = 0; i < n; i++) {
      const v = b[i]!;
      if (!Number.isInteger(v)) throw new InputError(`key ${v} in row ${i} is not an integer`);
      if (v < lo) lo = v;
      if (v > hi) hi = v;
    }
    minB = lo;
    width = hi - lo + 1;
  }
  const ids = new Map<number, number>();
  const groupOf = new Int32Array(n);
  const counts: number[] = [];
  const first: number[] = [];
  for (let i = 0; i < n; i++) {
    const ka = a[i]!;
    if (!Number.isInteger(ka)) throw new InputError(`key ${ka} in row ${i} is not an integer`);
    const key = b ? ka * width + (b[i]! - minB) : ka;
    if (!Number.isSafeInteger(key))
      throw new InputError(`keys (${ka}, ${b ? b[i] : ''}) in row ${i} are too large to combine`);
    let g = ids.get(key);
    if (g === undefined) {
      g = counts.length;
      ids.set(key, g);
      counts.push(0);
      first.push(i);
    }
    groupOf[i] = g;
    counts[g]!++;
  }
  const groups = counts.length;
  const start = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g]! + counts[g]!;
  const fill = start.slice(0, groups);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[groupOf[i]!]!++] = i;
  return { groups, groupOf, order, start, first: Int32Array.from(first) };
}
