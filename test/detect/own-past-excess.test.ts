import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ownPastExcess } from '../../src/detect/index.js';

const same = (actual: Float64Array, expected: number[]) =>
  assert.deepEqual(
    [...actual].map((x) => (Number.isNaN(x) ? 'NaN' : x)),
    expected.map((x) => (Number.isNaN(x) ? 'NaN' : x)),
  );

test('each value less the median of its host own earlier values, in interval order whatever the row order; NaN before 3 of them', () => {
  // Host 7 by interval: 4, 1, 3, 10, 2 (rows shuffled, another host interleaved).
  const host = [7, 9, 7, 7, 9, 7, 9, 7, 9];
  const interval = [3, 0, 0, 4, 1, 2, 2, 1, 3];
  const values = [10, 5, 4, 2, 5, 3, 5, 1, 50];
  // Host 7, intervals 0…4: NaN, NaN, NaN, 10 − median(4, 1, 3) = 7, 2 − median(4, 1, 3, 10) = −1.5.
  // Host 9, intervals 0…3: 5, 5, 5, then 50 − 5 = 45: a host that was always at 5 and jumps.
  same(ownPastExcess(host, interval, values), [7, NaN, NaN, -1.5, NaN, NaN, NaN, NaN, 45]);
});

test('a window keeps only the last observed intervals; unobserved points are NaN and do not enter the history', () => {
  const host = [1, 1, 1, 1, 1, 1];
  const interval = [0, 1, 2, 3, 4, 5];
  // Window 2, min history 2: interval 3 (NaN) is skipped, so interval 4 sees 100 and 2 (median 51),
  // interval 5 sees 2 and 6 (median 4).
  same(ownPastExcess(host, interval, [100, 100, 2, NaN, 6, 9], { window: 2, minHistory: 2 }), [
    NaN,
    NaN,
    2 - 100,
    NaN,
    6 - 51,
    9 - 4,
  ]);
});

test('a host that always sits at the same distance from its group has no excess, however large that distance', () => {
  const host = Array.from({ length: 20 }, (_, i) => (i < 10 ? 0 : 1));
  const interval = Array.from({ length: 20 }, (_, i) => i % 10);
  const values = host.map((h) => (h === 0 ? 40 : 0.5));
  const excess = ownPastExcess(host, interval, values);
  for (let i = 0; i < 20; i++) assert.equal(excess[i], interval[i]! < 3 ? NaN : 0);
});

test('bad options and lengths are refused with the value', () => {
  assert.throws(() => ownPastExcess([0], [0], [1], { window: 0 }), /window must be an integer ≥ 1, got 0/);
  assert.throws(
    () => ownPastExcess([0], [0], [1], { minHistory: 20 }),
    /minHistory must be an integer in 1 … window \(14\), got 20/,
  );
  assert.throws(() => ownPastExcess([0, 1], [0], [1, 2]), /differ in length/);
});
