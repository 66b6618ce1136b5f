import { test } from 'node:test';
import assert from 'node:assert/strict';
import { binnedKde, createRandom, gaussianKde } from '../../src/stats/index.js';
import { golden, close } from './golden.js';

test(`densities, log densities and factors equal SciPy ${golden.scipy} gaussian_kde (relative error ≤ 1e-9)`, () => {
  assert.equal(golden.gaussian_kde.length, 4);
  for (const c of golden.gaussian_kde) {
    const kde = gaussianKde(golden.kde_data, { bandwidth: c.bandwidth, weights: c.weights ?? undefined });
    assert.ok(close(kde.factor, c.factor), `${c.name} factor`);
    const density = kde.evaluate(c.points);
    const logpdf = kde.logpdf(c.points);
    c.points.forEach((p, i) => {
      // Far out (x = 40) the density underflows to a subnormal; its log is compared instead.
      if (c.density[i]! > 1e-290)
        assert.ok(close(density[i]!, c.density[i]!), `${c.name} density at ${p}: ${density[i]} vs ${c.density[i]}`);
      assert.ok(close(logpdf[i]!, c.logpdf[i]!), `${c.name} logpdf at ${p}: ${logpdf[i]} vs ${c.logpdf[i]}`);
    });
  }
});

test('the binned KDE stays within 1e-3 relative error of the exact one between the 5th and 95th percentiles', () => {
  const random = createRandom(9);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = Float64Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? 25 + 2 * normal() : 15 + 3 * normal()));
  const sorted = Float64Array.from(data).sort();
  const grid = { min: sorted[1000]!, max: sorted[19_000]!, n: 101 };
  const binned = binnedKde(data, { grid });
  const exact = gaussianKde(data).evaluate(binned.x);
  let worst = 0;
  for (let i = 0; i < grid.n; i++) worst = Math.max(worst, Math.abs(binned.density[i]! - exact[i]!) / exact[i]!);
  assert.ok(worst < 1e-3, `max relative error ${worst}`);
  assert.ok(worst > 0, 'the approximation is not the exact sum');
});

test('bad input is refused with the reason', () => {
  assert.throws(() => gaussianKde([1]), /at least 2/);
  assert.throws(() => gaussianKde([1, 1, 1]), /non-zero variance/);
  assert.throws(() => gaussianKde([1, 2], { bandwidth: -1 }), /bandwidth/);
});
