/** A {@link KeyTable}'s groups as plain arrays. */
export interface KeyTableState {
  keys: Int32Array;
  values: Float64Array;
}

/**
 * A group-by hash table for scanners: keys are tuples of up to four non-negative int32 ids,
 * each group owns `width` float64 accumulators in `values` (row-major, `slot * width + column`),
 * starting at `initial`. Doubles add integers exactly up to 2^53, far beyond any byte count a
 * host moves in an interval, and the pipeline checks that bound before trusting a sum.
 *
 * Indexing invariants (the `!`s below): a hash slot is masked into `table`; a slot in `table` is
 * below `count`, and `keys` and `values` hold `capacity` ≥ `count` groups.
 */
export class KeyTable {
  /** Accumulators; reallocated as the table grows, so read it after `slotOf`. */
  values: Float64Array;
  private keys: Int32Array;
  private table: Int32Array;
  private mask: number;
  private count = 0;
  private readonly initial: Float64Array;
  /** prefetch's scratch: each key's hash slot's group (or -1). */
  private hints = new Int32Array(0);
  /** What the last prefetch read, summed: only there so that no compiler drops those reads as unused. */
  prefetched = 0;

  constructor(
    readonly arity: 1 | 2 | 3 | 4,
    readonly width: number,
    initial: readonly number[] = [],
    capacity = 1024,
  ) {
    this.initial = Float64Array.from({ length: width }, (_, i) => initial[i] ?? 0);
    this.keys = new Int32Array(capacity * arity);
    this.values = new Float64Array(capacity * width);
    this.table = new Int32Array(capacity * 2).fill(-1);
    this.mask = capacity * 2 - 1;
  }

  /** Number of groups. */
  get size(): number {
    return this.count;
  }

  /** Drops every group but keeps the allocated capacity, so a table flushed at a budget stays that size. */
  clear(): void {
    this.count = 0;
    this.table.fill(-1);
  }

  /** The slot of a key, creating it (with initial values) if new. */
  slotOf(a: number, b = 0, c = 0, d = 0): number {
    const arity = this.arity;
    let h = hash4(a, b, c, d) & this.mask;
    const keys = this.keys;
    for (;;) {
      const s = this.table[h]!;
      if (s < 0) break;
      const o = s * arity;
      if (
        keys[o] === a &&
        (arity < 2 || keys[o + 1] === b) &&
        (arity < 3 || keys[o + 2] === c) &&
        (arity < 4 || keys[o + 3] === d)
      )
        return s;
      h = (h + 1) & this.mask;
    }
    return this.insert(h, a, b, c, d);
  }

  /**
   * Reads, without changing anything, where the first `n` keys of `keys` (row-major, `arity`
   * ids each) live: their hash slots, then their groups' keys and accumulators. A table larger
   * than the CPU's caches costs a scanner a cache miss or three per row, one after another when
   * each row's slotOf waits for its own; these loops have no dependence between rows, so the CPU
   * overlaps the misses, and the slotOf calls that follow for the same keys find their memory in
   * cache. A key not in the table yet reads nothing beyond its hash slot.
   */
  prefetch(keys: Int32Array, n: number): void {
    const arity = this.arity,
      width = this.width,
      mask = this.mask;
    if (this.hints.length < n) this.hints = new Int32Array(n);
    const hints = this.hints;
    const table = this.table;
    for (let i = 0; i < n; i++) {
      const o = i * arity;
      const b = arity > 1 ? keys[o + 1]! : 0;
      const c = arity > 2 ? keys[o + 2]! : 0;
      const d = arity > 3 ? keys[o + 3]! : 0;
      hints[i] = table[hash4(keys[o]!, b, c, d) & mask]!;
    }
    const own = this.keys,
      values = this.values;
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const s = hints[i]!;
      if (s >= 0) sum += own[s * arity]! + values[s * width]!;
    }
    this.prefetched = sum;
  }

  /** Key part `part` of slot `slot`. */
  key(slot: number, part: number): number {
    if (slot >= this.count || part >= this.arity) throw new RangeError(`no key part ${part} of slot ${slot}`);
    return this.keys[slot * this.arity + part]!;
  }

  /** Key column `part` over all slots. */
  keyColumn(part: number): Int32Array {
    const out = new Int32Array(this.count);
    for (let s = 0; s < this.count; s++) out[s] = this.keys[s * this.arity + part]!;
    return out;
  }

  /** Value column `column` over all slots. */
  valueColumn(column: number): Float64Array {
    const out = new Float64Array(this.count);
    for (let s = 0; s < this.count; s++) out[s] = this.values[s * this.width + column]!;
    return out;
  }

  /** Keys and values of every group, trimmed, to send to another thread. */
  state(): KeyTableState {
    return { keys: this.keys.slice(0, this.count * this.arity), values: this.values.slice(0, this.count * this.width) };
  }

  /**
   * Folds another table's groups into this one: key part i goes through `remap[i]` (its ids to
   * ours; undefined keeps the id), and value column j combines by `combine[j]` ("sum" by default).
   */
  absorb(
    other: KeyTableState,
    remap: readonly (Int32Array | undefined)[],
    combine: readonly ('sum' | 'min' | 'max')[] = [],
  ): void {
    const arity = this.arity,
      width = this.width;
    const n = other.keys.length / arity;
    const key: [number, number, number, number] = [0, 0, 0, 0];
    const ops = Array.from({ length: width }, (_, j) => (combine[j] === 'min' ? 1 : combine[j] === 'max' ? 2 : 0));
    for (let s = 0; s < n; s++) {
      for (let i = 0; i < arity; i++) {
        const k = other.keys[s * arity + i]!;
        const m = remap[i];
        // A remap covers every id of the other table's dictionary.
        key[i] = m === undefined ? k : m[k]!;
      }
      const o = this.slotOf(key[0], key[1], key[2], key[3]) * width;
      const v = this.values;
      for (let j = 0; j < width; j++) {
        const x = other.values[s * width + j]!;
        if (ops[j] === 0) v[o + j]! += x;
        else if (ops[j] === 1) v[o + j] = Math.min(v[o + j]!, x);
        else v[o + j] = Math.max(v[o + j]!, x);
      }
    }
  }

  private insert(h: number, a: number, b: number, c: number, d: number): number {
    const s = this.count++;
    const capacity = this.keys.length / this.arity;
    if (s >= capacity) {
      const keys = new Int32Array(capacity * 2 * this.arity);
      keys.set(this.keys);
      this.keys = keys;
      const values = new Float64Array(capacity * 2 * this.width);
      values.set(this.values);
      this.values = values;
    }
    const o = s * this.arity;
    this.keys[o] = a;
    if (this.arity > 1) this.keys[o + 1] = b;
    if (this.arity > 2) this.keys[o + 2] = c;
    if (this.arity > 3) this.keys[o + 3] = d;
    this.values.set(this.initial, s * this.width);
    this.table[h] = s;
    if (this.count * 2 > this.mask) this.rehash();
    return s;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let s = 0; s < this.count; s++) {
      const o = s * this.arity;
      const a = this.keys[o]!;
      const b = this.arity > 1 ? this.keys[o + 1]! : 0;
      const c = this.arity > 2 ? this.keys[o + 2]! : 0;
      const d = this.arity > 3 ? this.keys[o + 3]! : 0;
      let h = hash4(a, b, c, d) & this.mask;
      while (this.table[h]! >= 0) h = (h + 1) & this.mask;
      this.table[h] = s;
    }
  }
}

function hash4(a: number, b: number, c: number, d: number): number {
  const h =
    Math.imul(a, 0x9e3779b1) ^
    Math.imul(b + 0x7f4a7c15, 0x85ebca6b) ^
    Math.imul(c + 0x165667b1, 0xc2b2ae35) ^
    Math.imul(d + 0x27d4eb2f, 0x27d4eb2f);
  return h ^ (h >>> 16);
}
