/**
 * MurmurHash3, x86 32-bit variant (Austin Appleby's reference, seed 0), over bytes: the value
 * ClickHouse's `murmurHash3_32(s)` gives a String (18.16 and current servers alike), so a client
 * can pick the shard a Distributed table keyed on it would pick, without a round trip.
 */
export function murmurHash3x86_32(buf: Uint8Array, start: number, end: number): number {
  let h = 0;
  const blocks = start + ((end - start) & ~3);
  let i = start;
  for (; i < blocks; i += 4) {
    let k = buf[i]! | (buf[i + 1]! << 8) | (buf[i + 2]! << 16) | (buf[i + 3]! << 24);
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
    h = (h << 13) | (h >>> 19);
    h = (Math.imul(h, 5) + 0xe6546b64) | 0;
  }
  const tail = end - i;
  if (tail > 0) {
    let k = 0;
    if (tail === 3) k ^= buf[i + 2]! << 16;
    if (tail >= 2) k ^= buf[i + 1]! << 8;
    k ^= buf[i]!;
    k = Math.imul(k, C1);
    k = (k << 15) | (k >>> 17);
    k = Math.imul(k, C2);
    h ^= k;
  }
  h ^= end - start;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

const C1 = 0xcc9e2d51 | 0;
const C2 = 0x1b873593;
