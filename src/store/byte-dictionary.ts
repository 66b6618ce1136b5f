/**
 * Numbers distinct byte strings 0, 1, 2, … in the order first seen, without making a JS string per
 * value (a hash table over the bytes themselves): the scan threads of an ingest turn each text
 * field into such an id, and only the new strings cross to the main thread, once each.
 */
export class ByteDictionary {
  private table = new Int32Array(1 << 10).fill(-1);
  private hashes = new Int32Array(1 << 9);
  private offsets = new Int32Array(1 << 9);
  private lengths = new Int32Array(1 << 9);
  private arena = new Uint8Array(1 << 14);
  private used = 0;
  private count = 0;
  private reported = 0;

  /** How many distinct strings it holds. */
  get size(): number {
    return this.count;
  }

  /** The id of buf[start, end), a new one (the next number) when first seen. */
  id(buf: Uint8Array, start: number, end: number): number {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const mask = this.table.length - 1;
    const length = end - start;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const e = this.table[slot]!;
      if (e < 0) return this.insert(slot, h, buf, start, end);
      if (this.hashes[e] === h && this.lengths[e] === length) {
        const o = this.offsets[e]!;
        let same = true;
        for (let i = 0; i < length; i++) {
          if (this.arena[o + i] !== buf[start + i]) {
            same = false;
            break;
          }
        }
        if (same) return e;
      }
    }
  }

  /** The strings added since the last call, in id order (decoded as UTF-8). */
  takeNew(): string[] {
    const out: string[] = [];
    const text = Buffer.from(this.arena.buffer, this.arena.byteOffset, this.used);
    for (let e = this.reported; e < this.count; e++) {
      const o = this.offsets[e]!;
      out.push(text.toString('utf8', o, o + this.lengths[e]!));
    }
    this.reported = this.count;
    return out;
  }

  private insert(slot: number, h: number, buf: Uint8Array, start: number, end: number): number {
    const e = this.count++;
    const length = end - start;
    if (e >= this.offsets.length) {
      this.hashes = grow(this.hashes, e * 2);
      this.offsets = grow(this.offsets, e * 2);
      this.lengths = grow(this.lengths, e * 2);
    }
    if (this.used + length > this.arena.length) {
      const bigger = new Uint8Array(Math.max(this.arena.length * 2, this.used + length));
      bigger.set(this.arena.subarray(0, this.used));
      this.arena = bigger;
    }
    this.arena.set(buf.subarray(start, end), this.used);
    this.hashes[e] = h;
    this.offsets[e] = this.used;
    this.lengths[e] = length;
    this.used += length;
    this.table[slot] = e;
    // Half full at most, so a probe ends soon.
    if (this.count * 2 > this.table.length) this.rehash();
    return e;
  }

  private rehash(): void {
    const table = new Int32Array(this.table.length * 2).fill(-1);
    const mask = table.length - 1;
    for (let e = 0; e < this.count; e++) {
      let slot = this.hashes[e]! & mask;
      while (table[slot]! >= 0) slot = (slot + 1) & mask;
      table[slot] = e;
    }
    this.table = table;
  }
}

function grow(a: Int32Array, length: number): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  return b;
}
