import { test } from 'node:test';
import assert from 'node:assert/strict';
import { strongestPerHost } from '../../src/detect/index.js';

test("each host's smallest ln p with its interval and point; ties go to the earlier interval; NaN points do not count", () => {
  const r = strongestPerHost({
    host: [7, 7, 8, 7, 8, 9],
    interval: [3, 1, 1, 2, 2, 1],
    logP: [-5, -2, NaN, -5, -1, NaN],
  });
  assert.deepEqual([...r.host], [7, 8, 9]);
  assert.deepEqual([...r.logP].map(String), ['-5', '-1', 'NaN']);
  assert.deepEqual([...r.interval].map(String), ['2', '2', 'NaN']);
  assert.deepEqual([...r.point], [3, 4, -1]);
  assert.deepEqual([...r.points], [3, 1, 0]);
});
