import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxByHostInterval } from '../../src/detect/index.js';

test('largest value per (host, interval) with its row and count; NaN ignored; negative hosts skipped; aligned to points with a fill', () => {
  const rows = {
    host: [1, 1, 2, 1, -1, 2, 3],
    interval: [5, 5, 5, 6, 5, 5, 9],
    value: [0.5, 2, NaN, 1, 99, 3, 4],
  };
  const r = maxByHostInterval(rows, { points: { host: [2, 1, 1, 4], interval: [5, 5, 6, 5] }, fill: -1 });
  assert.deepEqual([...r.host], [1, 2, 1, 3]);
  assert.deepEqual([...r.interval], [5, 5, 6, 9]);
  assert.deepEqual([...r.max], [2, 3, 1, 4]);
  assert.deepEqual([...r.row], [1, 5, 3, 6]);
  assert.deepEqual([...r.rows], [2, 2, 1, 1]);
  assert.deepEqual([...r.aligned!], [3, 2, 1, -1]);
  assert.deepEqual([...r.alignedRow!], [5, 1, 3, -1]);
  assert.deepEqual(r.diagnostics, { rows: 7, skipped: 1, hostIntervals: 4, unmatched: 1 });
  const allNaN = maxByHostInterval(
    { host: [1], interval: [1], value: [NaN] },
    { points: { host: [1], interval: [1] } },
  );
  assert.ok(Number.isNaN(allNaN.max[0]!));
  assert.equal(allNaN.aligned![0], 0);
  assert.equal(maxByHostInterval({ host: [1], interval: [1], value: [1] }).aligned, null);
});
