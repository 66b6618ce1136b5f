import { test } from 'node:test';
import assert from 'node:assert/strict';
import { maxByHostInterval, spreadOverIntervals } from '../../src/detect/index.js';

test('one row per interval touched by [start, end]; NaN items skipped; with maxByHostInterval each host-interval keeps its strongest pair', () => {
  // Host 4: a pair active 1.5 h … 4.2 h (hourly intervals 1 … 4) and a stronger one in hour 2 only; host 5 NaN.
  const items = { host: [4, 4, 5], start: [5400, 7300, 0], end: [15120, 7400, 100], value: [0.5, 0.9, NaN] };
  const rows = spreadOverIntervals(items, { intervalSeconds: 3600 });
  assert.deepEqual([...rows.interval], [1, 2, 3, 4, 2]);
  assert.deepEqual([...rows.item], [0, 0, 0, 0, 1]);
  const best = maxByHostInterval(rows);
  assert.deepEqual([...best.interval], [1, 2, 3, 4]);
  assert.deepEqual([...best.max], [0.5, 0.9, 0.5, 0.5]);
  assert.equal(
    spreadOverIntervals(
      { host: [1], start: [86400], end: [86400 * 3 - 1], value: [1] },
      { intervalSeconds: 86400, origin: 86400 },
    ).interval.length,
    2,
  );
  assert.throws(() => spreadOverIntervals(items, { intervalSeconds: 1, maxRows: 100 }), /more than maxRows = 100/);
  assert.throws(() => spreadOverIntervals(items, { intervalSeconds: 0 }), /intervalSeconds/);
});
