import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bootstrap, createRandom } from '../../src/stats/index.js';

const sample = (seed: number, n: number) => {
  const random = createRandom(seed);
  return Float64Array.from({ length: n }, () => 10 + 4 * (random() - 0.5));
};

test('a seed gives the same draws; another seed different ones', () => {
  const data = sample(1, 200);
  const a = bootstrap(data, { seed: 5 });
  assert.deepEqual(a.estimates, bootstrap(data, { seed: 5 }).estimates);
  assert.notDeepEqual(a.estimates, bootstrap(data, { seed: 6 }).estimates);
});

test('without replacement and sampleSize = n every draw is the full-sample mean', () => {
  const data = sample(2, 50);
  const r = bootstrap(data, { replace: false, draws: 20 });
  for (const e of r.estimates) assert.ok(Math.abs(e - r.observed) < 1e-12);
});

test("the original's 30-sample means: the 95 % interval covers the population mean, and its width matches σ/√30 with the finite-population correction", () => {
  const data = sample(3, 5000);
  let mean = 0;
  for (const v of data) mean += v / data.length;
  let variance = 0;
  for (const v of data) variance += (v - mean) ** 2 / (data.length - 1);
  const r = bootstrap(data, { draws: 4000, sampleSize: 30, replace: false, seed: 11 });
  assert.ok(r.low < mean && mean < r.high);
  const expectedSd = Math.sqrt((variance / 30) * ((data.length - 30) / (data.length - 1)));
  // The sd of 4,000 draws is within ±5 % of the truth with overwhelming probability.
  assert.ok(Math.abs(r.sd / expectedSd - 1) < 0.05, `sd ${r.sd} vs ${expectedSd}`);
  assert.throws(() => bootstrap(data.subarray(0, 10), { sampleSize: 30, replace: false }), /sampleSize/);
});
