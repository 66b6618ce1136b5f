import { test } from 'node:test';
import assert from 'node:assert/strict';
import { firstDaysSample } from '../../src/store/first-days-sample.js';

/** The days each read asked for, with `rowsPerDay[i]` sample rows in day i. */
async function schedule(rowsPerDay: number[], size: number) {
  const asked: number[] = [];
  const k = await firstDaysSample(rowsPerDay.length, size, async (k) => {
    asked.push(k);
    return Math.min(
      size,
      rowsPerDay.slice(0, k).reduce((a, b) => a + b, 0),
    );
  });
  return { k, asked };
}

test('firstDaysSample doubles the days until the sample is full or every day was read', async () => {
  assert.deepEqual(await schedule([5, 5, 5, 5, 5], 3), { k: 1, asked: [1] });
  assert.deepEqual(await schedule([5, 5, 5, 5, 5], 6), { k: 2, asked: [1, 2] });
  assert.deepEqual(await schedule([5, 5, 5, 5, 5], 11), { k: 4, asked: [1, 2, 4] });
  // Past the last doubling, the last read is every day, full or not.
  assert.deepEqual(await schedule([5, 5, 5, 5, 5], 21), { k: 5, asked: [1, 2, 4, 5] });
  assert.deepEqual(await schedule([0, 0, 0], 1), { k: 3, asked: [1, 2, 3] });
  assert.deepEqual(await schedule([7], 100), { k: 1, asked: [1] });
  // No day: one read of everything (k = 0 = all).
  assert.deepEqual(await schedule([], 10), { k: 0, asked: [0] });
});
