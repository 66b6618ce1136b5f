import { test } from 'node:test';
import assert from 'node:assert/strict';
import { KeyTable } from '../../src/pipeline/key-table.js';
import { createRandom } from '../../src/stats/index.js';

type Key = [number, number, number, number];

/** Random keys with many repeats, from a small id range per part. */
function keys(seed: number, n: number, arity: number, range: number): Key[] {
  const random = createRandom(seed);
  const id = () => Math.floor(random() * range);
  return Array.from({ length: n }, (): Key => [id(), arity > 1 ? id() : 0, arity > 2 ? id() : 0, arity > 3 ? id() : 0]);
}

test('slotOf gives one slot per distinct key, in order of first appearance, across growth and rehashing (arity 1 to 4)', () => {
  for (const arity of [1, 2, 3, 4] as const) {
    // Capacity 4 makes the table grow and rehash many times over 5,000 rows.
    const table = new KeyTable(arity, 2, [0, 7], 4);
    const expected = new Map<string, { slot: number; key: Key; count: number }>();
    // About 2,000 to 3,000 distinct keys among 5,000 rows: many repeats at every arity.
    for (const key of keys(arity, 5000, arity, [500, 50, 14, 7][arity - 1]!)) {
      const slot = table.slotOf(...key);
      table.values[slot * 2]! += 1;
      const name = key.slice(0, arity).join(',');
      const seen = expected.get(name);
      if (seen) {
        assert.equal(slot, seen.slot, `key ${name} keeps its slot`);
        seen.count++;
      } else {
        assert.equal(slot, expected.size, `a new key ${name} takes the next slot`);
        expected.set(name, { slot, key, count: 1 });
      }
    }
    assert.equal(table.size, expected.size);
    assert.ok(table.size > 400 && table.size < 4000, `arity ${arity}: ${table.size} groups`);
    const counts = table.valueColumn(0);
    const initial = table.valueColumn(1);
    const columns = Array.from({ length: arity }, (_, part) => table.keyColumn(part));
    for (const { slot, key, count } of expected.values()) {
      assert.equal(counts[slot], count);
      assert.equal(initial[slot], 7, 'the initial value of column 1');
      for (let part = 0; part < arity; part++) {
        assert.equal(table.key(slot, part), key[part]);
        assert.equal(columns[part]?.[slot], key[part]);
      }
    }
    assert.throws(() => table.key(table.size, 0), RangeError);
    assert.throws(() => table.key(0, arity), RangeError);
  }
});

test('absorb folds another table through id remaps, summing, taking min and max per column', () => {
  const ours = new KeyTable(2, 3, [0, Infinity, -Infinity]);
  const theirs = new KeyTable(2, 3, [0, Infinity, -Infinity]);
  const add = (t: KeyTable, a: number, b: number, x: number) => {
    const o = t.slotOf(a, b) * 3;
    t.values[o]! += x;
    t.values[o + 1] = Math.min(t.values[o + 1]!, x);
    t.values[o + 2] = Math.max(t.values[o + 2]!, x);
  };
  // Their ids 0, 1, 2 are our 5, 3, 9 in the first key part; the second part is shared as is.
  const remap = Int32Array.from([5, 3, 9]);
  add(ours, 5, 1, 10);
  add(ours, 3, 2, 4);
  add(theirs, 0, 1, 7);
  add(theirs, 0, 1, 20);
  add(theirs, 2, 2, 1);
  ours.absorb(theirs.state(), [remap, undefined], ['sum', 'min', 'max']);
  const row = (a: number, b: number) => {
    const slot = ours.slotOf(a, b);
    return [0, 1, 2].map((j) => ours.values[slot * 3 + j]);
  };
  assert.equal(ours.size, 3);
  assert.deepEqual(row(5, 1), [37, 7, 20]);
  assert.deepEqual(row(3, 2), [4, 4, 4]);
  assert.deepEqual(row(9, 2), [1, 1, 1]);
});

test('state() holds exactly the groups, trimmed to their number', () => {
  const table = new KeyTable(3, 2);
  table.slotOf(1, 2, 3);
  table.slotOf(4, 5, 6);
  table.slotOf(1, 2, 3);
  const state = table.state();
  assert.deepEqual([...state.keys], [1, 2, 3, 4, 5, 6]);
  assert.equal(state.values.length, 4);
});

test('prefetch changes nothing: interleaved with slotOf over known and new keys, the groups are those of slotOf alone', () => {
  for (const arity of [1, 2, 3, 4] as const) {
    const rows = keys(10 + arity, 3000, arity, [400, 40, 12, 6][arity - 1]!);
    const plain = new KeyTable(arity, 1, [0], 4);
    const batched = new KeyTable(arity, 1, [0], 4);
    const held = new Int32Array(64 * arity);
    for (let start = 0; start < rows.length; start += 64) {
      const batch = rows.slice(start, start + 64);
      batch.forEach((key, i) => held.set(key.slice(0, arity), i * arity));
      batched.prefetch(held, batch.length);
      for (const key of batch) {
        // slotOf may replace the values array: take the slot first.
        const p = plain.slotOf(...key);
        plain.values[p]! += 1;
        const b = batched.slotOf(...key);
        batched.values[b]! += 1;
      }
      if (start === 1536) {
        // A cleared table (a spill) with stale keys still held back.
        plain.clear();
        batched.clear();
        batched.prefetch(held, batch.length);
      }
    }
    assert.deepEqual(batched.state(), plain.state(), `arity ${arity}`);
  }
});
