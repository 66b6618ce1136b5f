import { test } from 'node:test';
import assert from 'node:assert/strict';
import { groupRows } from '../../src/detect/index.js';
import { InputError } from '../../src/errors.js';
import { createRandom } from '../../src/stats/index.js';

test('groups by one or two integer keys in order of first appearance, keeping input order within a group', () => {
  const g = groupRows([3, 1, 3, 2, 1], [0, 5, 0, 0, 6]);
  assert.equal(g.groups, 4);
  assert.deepEqual([...g.groupOf], [0, 1, 0, 2, 3]);
  assert.deepEqual([...g.start], [0, 2, 3, 4, 5]);
  assert.deepEqual([...g.order], [0, 2, 1, 3, 4]);
  assert.deepEqual([...g.first], [0, 1, 3, 4]);
  const single = groupRows([2, 2, -7, 2]);
  assert.deepEqual([...single.groupOf], [0, 0, 1, 0]);
  // Negative and wide second keys do not collide.
  const wide = groupRows([1, 2, 1], [-1e9, -1e9, 1e9]);
  assert.equal(wide.groups, 3);
  assert.equal(groupRows([]).groups, 0);
});

test('non-integer keys and keys too large to combine are refused with the value', () => {
  assert.throws(
    () => groupRows([1.5]),
    (e: unknown) => e instanceof InputError && /key 1.5 in row 0/.test(e.message),
  );
  assert.throws(() => groupRows([1], [0.25]), /key 0.25/);
  assert.throws(() => groupRows([2 ** 40, 1], [0, 2 ** 20]), /too large/);
  assert.throws(() => groupRows([1, 2], [1]), /differ in length/);
});

test('agrees with a Map of string keys on 200,000 seeded rows over 60,000 distinct pairs (the table grows many times)', () => {
  const random = createRandom(71);
  const n = 200000;
  const a = Int32Array.from({ length: n }, () => Math.floor(random() * 3000) - 1500);
  const b = Float64Array.from({ length: n }, () => Math.floor(random() * 20) * 1e6);
  const g = groupRows(a, b);
  const reference = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const key = `${a[i]}|${b[i]}`;
    if (!reference.has(key)) reference.set(key, reference.size);
    assert.equal(g.groupOf[i], reference.get(key));
  }
  assert.equal(g.groups, reference.size);
  for (let grp = 0; grp < g.groups; grp++) {
    for (let j = g.start[grp]!; j < g.start[grp + 1]!; j++) assert.equal(g.groupOf[g.order[j]!], grp);
  }
});

test('rows already sorted by key (the fast path) group as a Map of string keys says, runs in input order', () => {
  const random = createRandom(72);
  const n = 50000;
  const rows = Array.from(
    { length: n },
    () => [Math.floor(random() * 400) - 200, Math.floor(random() * 30) - 5] as const,
  );
  rows.sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const a = Float64Array.from(rows, (r) => r[0]);
  const b = Float64Array.from(rows, (r) => r[1]);
  // Sorted; then the same rows with the last one moved first (a key decreases: the hash path).
  for (const [ka, kb] of [
    [a, b],
    [Float64Array.from([a[n - 1]!, ...a.subarray(0, n - 1)]), Float64Array.from([b[n - 1]!, ...b.subarray(0, n - 1)])],
  ] as const) {
    const g = groupRows(ka, kb);
    const reference = new Map<string, number>();
    const members: number[][] = [];
    for (let i = 0; i < n; i++) {
      const key = `${ka[i]}|${kb[i]}`;
      if (!reference.has(key)) {
        reference.set(key, reference.size);
        members.push([]);
      }
      members[reference.get(key)!]!.push(i);
      assert.equal(g.groupOf[i], reference.get(key));
    }
    assert.equal(g.groups, reference.size);
    assert.deepEqual([...g.order], members.flat());
    assert.deepEqual(
      [...g.first],
      members.map((m) => m[0]),
    );
    let total = 0;
    assert.deepEqual([...g.start], [0, ...members.map((m) => (total += m.length))]);
  }
  // One key: runs of equal keys.
  const single = groupRows([-3, -3, 0, 4, 4, 4]);
  assert.deepEqual([...single.groupOf], [0, 0, 1, 2, 2, 2]);
  assert.deepEqual([...single.start], [0, 2, 3, 6]);
  assert.deepEqual([...single.first], [0, 2, 3]);
});
