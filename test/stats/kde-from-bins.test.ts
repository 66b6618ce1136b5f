import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, gaussianKde, kdeFromBins } from '../../src/stats/index.js';

/** Linear binning done here by hand, as the engine's GROUP BY does it. */
function linearBins(data: Float64Array, lo: number, delta: number, m: number): Float64Array {
  const w = new Float64Array(m);
  for (const v of data) {
    const pos = (v - lo) / delta;
    const k = Math.min(m - 2, Math.floor(pos));
    w[k]! += 1 - (pos - k);
    w[k + 1]! += pos - k;
  }
  return w;
}

test('the KDE from linear bins stays within 1e-3 relative error of the exact one between the 5th and 95th percentiles', () => {
  const random = createRandom(11);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const data = Float64Array.from({ length: 5_000 }, (_, i) => (i % 4 === 0 ? 30 + normal() : 12 + 4 * normal()));
  const sorted = Float64Array.from(data).sort();
  const exactKde = gaussianKde(data);
  const h = exactKde.bandwidth;
  const lo = sorted[0]! - 6 * h;
  const m = 2048;
  const delta = (sorted[sorted.length - 1]! + 6 * h - lo) / (m - 1);
  const grid = { min: sorted[250]!, max: sorted[4750]!, n: 101 };
  const r = kdeFromBins({ lo, delta, weights: linearBins(data, lo, delta, m) }, { bandwidth: h, grid });
  assert.ok(Math.abs(r.n - data.length) < 1e-6, `weights sum to n: ${r.n}`);
  const exact = exactKde.evaluate(r.x);
  let worst = 0;
  for (let i = 0; i < grid.n; i++) worst = Math.max(worst, Math.abs(r.density[i]! - exact[i]!) / exact[i]!);
  assert.ok(worst < 1e-3, `max relative error ${worst}`);
  assert.ok(worst > 0, 'the approximation is not the exact sum');
});

test('one value in one bin gives the normal density around it, zero off the fine grid', () => {
  // A value exactly on bin 10 of a grid with delta 0.01: weight 1 there, so the density at x is
  // φ((x − x₁₀)/h)/h up to the ±6h truncation.
  const weights = new Float64Array(2001);
  weights[1000] = 1;
  const r = kdeFromBins({ lo: -10, delta: 0.01, weights }, { bandwidth: 0.5, grid: { min: -12, max: 2, n: 8 } });
  for (let g = 0; g < 8; g++) {
    const x = r.x[g]!;
    const expected = x < -10 || x > 10.0 ? 0 : Math.exp(-0.5 * (x / 0.5) ** 2) / (0.5 * Math.sqrt(2 * Math.PI));
    assert.ok(Math.abs(r.density[g]! - expected) < 1e-9, `density at ${x}: ${r.density[g]} vs ${expected}`);
  }
  assert.throws(
    () => kdeFromBins({ lo: 0, delta: 1, weights }, { bandwidth: 0, grid: { min: 0, max: 1, n: 2 } }),
    /bandwidth/,
  );
});
