/**
 * Rows grouped by an integer key or a pair of integer keys (host, interval; group, interval; …) in
 * O(n): an open-addressing hash table on typed arrays numbers the distinct keys in order of first
 * appearance and a counting sort lays the rows out group by group, keeping input order inside each
 * group. The detection views run on millions of host-intervals, where a comparison sort of row
 * objects, or a Map of millions of non-small-integer keys, would dominate.
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

/** A 32-bit mix of a safe integer (its low and high 26-bit halves), for the hash table. */
function mix(key: number): number {
  const lo = (key % 67108864) | 0;
  const hi = Math.floor(key / 67108864) | 0;
  let h = Math.imul(lo ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(hi + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 15;
  h = Math.imul(h, 0x27d4eb2f);
  return (h ^ (h >>> 13)) >>> 0;
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
  const sorted = sortedRuns(a, b, width, minB);
  if (sorted) return sorted;
  // Open addressing with linear probing, load ≤ ½, grown by doubling: memory follows the number
  // of distinct keys (18,000 hosts over 1 M rows stay in cache), not the number of rows.
  let capacity = 1024;
  let mask = capacity - 1;
  let slotKey = new Float64Array(capacity);
  let slotGroup = new Int32Array(capacity).fill(-1);
  const groupOf = new Int32Array(n);
  const counts = new Int32Array(n);
  const first = new Int32Array(n);
  let groups = 0;
  for (let i = 0; i < n; i++) {
    const ka = a[i]!;
    if (!Number.isInteger(ka)) throw new InputError(`key ${ka} in row ${i} is not an integer`);
    const key = b ? ka * width + (b[i]! - minB) : ka;
    if (!Number.isSafeInteger(key))
      throw new InputError(`keys (${ka}, ${b ? b[i] : ''}) in row ${i} are too large to combine`);
    let s = mix(key) & mask;
    while (slotGroup[s] !== -1 && slotKey[s] !== key) s = (s + 1) & mask;
    let g = slotGroup[s]!;
    if (g === -1) {
      g = groups++;
      slotGroup[s] = g;
      slotKey[s] = key;
      first[g] = i;
      if (2 * groups > capacity) {
        const oldKey = slotKey;
        const oldGroup = slotGroup;
        capacity *= 2;
        mask = capacity - 1;
        slotKey = new Float64Array(capacity);
        slotGroup = new Int32Array(capacity).fill(-1);
        for (let j = 0; j < oldGroup.length; j++) {
          if (oldGroup[j] === -1) continue;
          let t = mix(oldKey[j]!) & mask;
          while (slotGroup[t] !== -1) t = (t + 1) & mask;
          slotGroup[t] = oldGroup[j]!;
          slotKey[t] = oldKey[j]!;
        }
      }
    }
    groupOf[i] = g;
    counts[g]!++;
  }
  const start = new Int32Array(groups + 1);
  for (let g = 0; g < groups; g++) start[g + 1] = start[g]! + counts[g]!;
  const fill = start.slice(0, groups);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[fill[groupOf[i]!]!++] = i;
  return { groups, groupOf, order, start, first: first.slice(0, groups) };
}

/**
 * The same grouping when the combined keys never decrease (rows already sorted by key, as most
 * callers' rows come from the engine), without the hash table: each run of equal keys is a group,
 * in input order. Null when a key decreases, is not an integer or cannot be combined (the hash
 * path then groups the rows, or names the bad key).
 */
function sortedRuns(
  a: ArrayLike<number>,
  b: ArrayLike<number> | undefined,
  width: number,
  minB: number,
): GroupedRows | null {
  const n = a.length;
  const groupOf = new Int32Array(n);
  const starts: number[] = [];
  let previous = -Infinity;
  for (let i = 0; i < n; i++) {
    const ka = a[i]!;
    if (!Number.isInteger(ka)) return null;
    const key = b ? ka * width + (b[i]! - minB) : ka;
    if (!Number.isSafeInteger(key) || key < previous) return null;
    if (key !== previous) starts.push(i);
    groupOf[i] = starts.length - 1;
    previous = key;
  }
  const groups = starts.length;
  const start = new Int32Array(groups + 1);
  start.set(starts);
  start[groups] = n;
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  return { groups, groupOf, order, start, first: Int32Array.from(starts) };
}
