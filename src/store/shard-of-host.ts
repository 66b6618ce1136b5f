// Not the engine's index, which loads DuckDB and the HTTP client into every parser thread.
import { murmurHash3x86_32 } from '../engine/murmur-hash3-32.js';

/**
 * Picks a host's shard as a Distributed INSERT keyed on `murmurHash3_32(host)` does: the key
 * modulo the sum of the shards' weights indexes a slot table in which shard i holds weight_i
 * consecutive slots, in shard order. The client and the table agree on every row, so rows sent
 * straight to a shard's local table are where the Distributed table would have put them.
 */
export class ShardOfHost {
  private readonly slots: Int32Array;

  /** `weights`: each shard's weight in remote_servers, in shard order (ClusterEngine.shardWeights). */
  constructor(weights: readonly number[]) {
    const total = weights.reduce((a, w) => a + w, 0);
    if (weights.length === 0 || total <= 0 || weights.some((w) => !Number.isSafeInteger(w) || w < 0))
      throw new RangeError(`shard weights must be whole numbers ≥ 0, not all 0, got [${weights.join(', ')}]`);
    this.slots = new Int32Array(total);
    let o = 0;
    for (const [shard, w] of weights.entries()) for (let k = 0; k < w; k++) this.slots[o++] = shard;
  }

  /** The shard (0-based, in shard order) of the host buf[start, end). */
  of(buf: Uint8Array, start: number, end: number): number {
    return this.ofHash(murmurHash3x86_32(buf, start, end));
  }

  /** The shard of a host whose murmurHash3x86_32 is `hash`. */
  ofHash(hash: number): number {
    return this.slots[(hash >>> 0) % this.slots.length]!;
  }
}
