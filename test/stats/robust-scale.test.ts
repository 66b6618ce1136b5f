import { test } from 'node:test';
import assert from 'node:assert/strict';
import { robustScale } from '../../src/stats/index.js';

// Hand-computed; tolerance 1e-12 (a few floating-point operations).
const close = (a: number, b: number) => assert.ok(Math.abs(a - b) < 1e-12, `${a} vs ${b}`);

test('robustScale is 1.4826·MAD where the MAD is positive (odd and even counts, a sub-range)', () => {
  close(robustScale([1, 2, 3]), 1.4826 * 2);
  close(robustScale([0, 1, 3, 4]), 1.4826 * 2); // median of the deviations: (1 + 3) / 2
  close(robustScale([9, 0, 1, 5, 9], 1, 4), 1.4826 * 1); // [0, 1, 5]
});

test('robustScale falls back to 1.253314·mean deviation where more than half the sample sits on one value', () => {
  // Sample 0, 0, 0, 0, 3, 5 (median 0): deviations 0, 0, 0, 0, 3, 5, MAD 0, mean 8/6.
  close(robustScale([0, 0, 0, 0, 3, 5]), (1.253314 * 8) / 6);
  assert.equal(robustScale([0, 0, 0]), 0, 'a constant sample has no scale; the callers floor it');
  assert.ok(Number.isNaN(robustScale([])));
});
