import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmurHash3x86_32 } from '../../src/engine/index.js';
import { ShardOfHost } from '../../src/store/index.js';

const hosts = Array.from({ length: 2000 }, (_, i) => Buffer.from(`C${i * 7919}`));
const hash = (b: Buffer) => murmurHash3x86_32(b, 0, b.length);

test('equal weights: the hash modulo the shard count, and the hosts divide about evenly', () => {
  for (const n of [1, 2, 3]) {
    const pick = new ShardOfHost(Array.from({ length: n }, () => 1));
    const counts = new Array<number>(n).fill(0);
    for (const b of hosts) {
      const s = pick.of(b, 0, b.length);
      assert.equal(s, hash(b) % n);
      counts[s]!++;
    }
    for (const c of counts) assert.ok(Math.abs(c - hosts.length / n) < 0.1 * (hosts.length / n), `${n}: ${counts}`);
  }
});

test('weights: shard i takes weight_i of every sum(weights) hash values, in shard order; weight 0 takes none', () => {
  const pick = new ShardOfHost([2, 0, 1]);
  const counts = [0, 0, 0];
  for (const b of hosts) {
    const s = pick.of(b, 0, b.length);
    // Hash values 0 and 1 (mod 3) are shard 0's slots, 2 is shard 2's.
    assert.equal(s, hash(b) % 3 === 2 ? 2 : 0);
    counts[s]!++;
  }
  assert.equal(counts[1], 0);
  assert.ok(Math.abs(counts[0]! / hosts.length - 2 / 3) < 0.05, String(counts));
});

test('weights that place no row are a RangeError naming them', () => {
  for (const w of [[], [0, 0], [1, -1], [1.5]]) assert.throws(() => new ShardOfHost(w), /shard weights/);
});
