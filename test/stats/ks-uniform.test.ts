import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRandom, kolmogorovSf, ksUniform } from '../../src/stats/index.js';
import { goldenDetect } from './golden-detect.js';
import { close } from './golden.js';

test(`the Kolmogorov survival function equals scipy.stats.kstwobign.sf (SciPy ${goldenDetect.scipy}) to 1e-10 relative, on both of its series`, () => {
  for (const c of goldenDetect.kolmogorov_sf)
    assert.ok(close(kolmogorovSf(c.x), c.sf, 1e-10), `x = ${c.x}: ${kolmogorovSf(c.x)} vs ${c.sf}`);
  assert.equal(kolmogorovSf(0), 1);
  assert.equal(kolmogorovSf(-1), 1);
  assert.ok(Number.isNaN(kolmogorovSf(NaN)));
});

test('D and the asymptotic p equal scipy.stats.kstest(x, "uniform", method="asymp"): D exactly (1e-15), p to 1e-10', () => {
  assert.ok(goldenDetect.ks_uniform.length >= 5);
  for (const c of goldenDetect.ks_uniform) {
    const r = ksUniform(c.x);
    assert.ok(close(r.statistic, c.statistic, 1e-15), `${c.name}: D ${r.statistic} vs ${c.statistic}`);
    assert.ok(close(r.pValue, c.p_asymp, 1e-10), `${c.name}: p ${r.pValue} vs ${c.p_asymp}`);
    assert.equal(r.n, c.x.length);
  }
  // The Beta(1.3, 1) and the squeezed U(0.1, 0.9) samples are rejected at 1 %, the uniform ones are not.
  const byName = new Map(goldenDetect.ks_uniform.map((c) => [c.name, ksUniform(c.x).pValue]));
  assert.ok(byName.get('uniform_50')! > 0.05 && byName.get('uniform_1000')! > 0.05);
  assert.ok(byName.get('beta_shifted_200')! < 0.01 && byName.get('squeezed_400')! < 0.01);
});

test('hand-computed D: {0.1, 0.5, 0.9} has D⁺ = max(1/3 − 0.1, 2/3 − 0.5, 1 − 0.9) = 0.2333…, D⁻ = max(0.1, 0.5 − 1/3, 0.9 − 2/3) = 0.2333…', () => {
  const r = ksUniform([0.9, 0.1, 0.5]);
  assert.ok(Math.abs(r.dPlus - (1 / 3 - 0.1)) < 1e-15);
  assert.ok(Math.abs(r.dMinus - (0.9 - 2 / 3)) < 1e-15);
  assert.ok(Math.abs(r.statistic - 0.23333333333333334) < 1e-15);
  const withNaN = ksUniform([0.9, NaN, 0.1, 0.5]);
  assert.equal(withNaN.dropped, 1);
  assert.equal(withNaN.statistic, r.statistic);
  assert.ok(Number.isNaN(ksUniform([]).pValue));
});

test('size: on 200 seeded uniform samples of 500 the test rejects at 5 % in 2–9 % of them (binomial 200 × 0.05 ± 3 sd, asymptotic p slightly conservative)', () => {
  const random = createRandom(77);
  let rejected = 0;
  for (let s = 0; s < 200; s++) {
    const x = Float64Array.from({ length: 500 }, () => random());
    if (ksUniform(x).pValue < 0.05) rejected++;
  }
  assert.ok(rejected >= 4 && rejected <= 18, `rejected ${rejected} of 200`);
});
