/**
 * Maps byte strings (a field of a line, given as a range of a buffer) to dense integer ids
 * without making a JS string per lookup: FNV-1a hashing into an open-addressing table, keys kept
 * in one growing byte arena. Names are decoded to strings only when asked for.
 *
 * Indexing invariants (the `!`s below): a slot is masked into `table`; an id in `table` is below
 * `count`, and `offsets`, `lengths` and `hashes` hold at least `count` entries.
 */
export class ByteInterner {
  private arena = Buffer.allocUnsafe(1 << 16);
  private arenaUsed = 0;
  private offsets = new Int32Array(1024);
  private lengths = new Int32Array(1024);
  private hashes = new Int32Array(1024);
  private table = new Int32Array(2048).fill(-1);
  private mask = 2047;
  private count = 0;

  /** Number of distinct keys. */
  get size(): number {
    return this.count;
  }

  /** The id of buf[start, end), adding it if new. */
  intern(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    let slot = h & this.mask;
    for (;;) {
      const id = this.table[slot]!;
      if (id < 0) break;
      if (this.hashes[id] === h && this.equals(id, buf, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
    return this.add(buf, start, end, h, slot);
  }

  /** The id of buf[start, end), or -1 when it was never interned. */
  lookup(buf: Uint8Array, start: number, end: number): number {
    const h = hashBytes(buf, start, end);
    let slot = h & this.mask;
    for (;;) {
      const id = this.table[slot]!;
      if (id < 0) return -1;
      if (this.hashes[id] === h && this.equals(id, buf, start, end)) return id;
      slot = (slot + 1) & this.mask;
    }
  }

  /** The id of a string key, adding it if new. */
  internString(key: string): number {
    const bytes = Buffer.from(key, 'utf8');
    return this.intern(bytes, 0, bytes.length);
  }

  /** Ids for several string keys (e.g. another interner's names, in its id order), adding new ones. */
  internAll(keys: readonly string[]): Int32Array {
    return Int32Array.from(keys, (key) => this.internString(key));
  }

  /** The id of a string key, or -1. */
  lookupString(key: string): number {
    const bytes = Buffer.from(key, 'utf8');
    return this.lookup(bytes, 0, bytes.length);
  }

  /** The key of an id, decoded as UTF-8. */
  name(id: number): string {
    const offset = this.offsets[id];
    if (offset === undefined || id >= this.count) throw new RangeError(`no key with id ${id}`);
    return this.arena.toString('utf8', offset, offset + this.lengths[id]!);
  }

  /** The keys with ids from `first` on, in id order (the ones added since a caller last looked). */
  namesFrom(first: number): string[] {
    const out: string[] = [];
    for (let i = first; i < this.count; i++) out.push(this.name(i));
    return out;
  }

  /** All keys, indexed by id. */
  names(): string[] {
    const out = new Array<string>(this.count);
    for (let i = 0; i < this.count; i++) out[i] = this.name(i);
    return out;
  }

  private equals(id: number, buf: Uint8Array, start: number, end: number): boolean {
    const len = end - start;
    if (this.lengths[id] !== len) return false;
    const off = this.offsets[id]!;
    const arena = this.arena;
    for (let i = 0; i < len; i++) if (arena[off + i] !== buf[start + i]) return false;
    return true;
  }

  private add(buf: Uint8Array, start: number, end: number, h: number, slot: number): number {
    const id = this.count++;
    const len = end - start;
    if (this.arenaUsed + len > this.arena.length) {
      const bigger = Buffer.allocUnsafe(Math.max(this.arena.length * 2, this.arenaUsed + len));
      this.arena.copy(bigger, 0, 0, this.arenaUsed);
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.arenaUsed);
    if (id >= this.offsets.length) {
      this.offsets = grow(this.offsets);
      this.lengths = grow(this.lengths);
      this.hashes = grow(this.hashes);
    }
    this.offsets[id] = this.arenaUsed;
    this.lengths[id] = len;
    this.hashes[id] = h;
    this.arenaUsed += len;
    this.table[slot] = id;
    if (this.count * 2 > this.mask) this.rehash();
    return id;
  }

  private rehash(): void {
    const size = (this.mask + 1) * 2;
    this.table = new Int32Array(size).fill(-1);
    this.mask = size - 1;
    for (let id = 0; id < this.count; id++) {
      let slot = this.hashes[id]! & this.mask;
      while (this.table[slot]! >= 0) slot = (slot + 1) & this.mask;
      this.table[slot] = id;
    }
  }
}

function hashBytes(buf: Uint8Array, start: number, end: number): number {
  let h = 0x811c9dc5 | 0;
  for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
  return (h ^ (h >>> 15)) & 0x7fffffff;
}

function grow(a: Int32Array<ArrayBuffer>): Int32Array<ArrayBuffer> {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}
