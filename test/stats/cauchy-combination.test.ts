import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cauchyCombination } from '../../src/stats/index.js';
import { goldenDetect } from './golden-detect.js';
import { close } from './golden.js';

/** One point's combination from its views' p-values. */
const one = (ps: number[], options: Parameters<typeof cauchyCombination>[1] = {}) => {
  const r = cauchyCombination(
    ps.map((p) => [p]),
    options,
  );
  return { p: r.p[0]!, logP: r.logP[0]!, t: r.statistic[0]!, views: r.views[0]! };
};

test(`p, ln p and T equal a 400-digit mpmath evaluation of ½ − arctan(Σ wᵢ tan((½ − pᵢ)π)/Σ wᵢ)/π to 1e-12 relative (mpmath ${goldenDetect.mpmath}), p = 1e−200 included`, () => {
  assert.ok(goldenDetect.cauchy.length >= 10);
  for (const c of goldenDetect.cauchy) {
    const r = one(c.p_values, { weights: c.weights ?? undefined });
    const label = `${c.name}${c.weights ? ' weighted' : ''}`;
    assert.ok(close(r.p, c.p, 1e-12), `${label}: p ${r.p} vs ${c.p}`);
    assert.ok(close(r.logP, c.logp, 1e-12), `${label}: ln p ${r.logP} vs ${c.logp}`);
    // T of {0.3, 0.5, 0.7} is a cancellation to ~1e−16 (0.3 and 0.7 are not symmetric in binary): absolute floor 1e−15.
    assert.ok(close(r.t, c.statistic, 1e-12, 1e-15), `${label}: T ${r.t} vs ${c.statistic}`);
  }
});

test('hand-computed: one view is itself; equal p-values give that p; p and 1 − p cancel to ½; {¼, ½} gives ½ − arctan(½)/π', () => {
  assert.ok(close(one([0.037]).p, 0.037, 1e-14));
  assert.ok(close(one([1e-300]).p, 1e-300, 1e-14));
  assert.ok(close(one([0.2, 0.2, 0.2]).p, 0.2, 1e-14));
  assert.ok(close(one([0.25, 0.75]).p, 0.5, 1e-14));
  // tan(π/4) = 1 and tan(0) = 0: T = ½.
  assert.ok(close(one([0.25, 0.5]).p, 0.5 - Math.atan(0.5) / Math.PI, 1e-14));
  assert.ok(close(one([0.25, 0.5]).p, 0.35241638234956674, 1e-14));
});

test('one decisive view carries the result as ≈ k·p (Bonferroni-like); p = 1 vetoes unless truncated; p = 0 decides; NaN views are left out', () => {
  const decisive = one([1e-12, 0.5, 0.6, 0.4]);
  assert.ok(decisive.p > 3.9e-12 && decisive.p < 4.1e-12, `${decisive.p}`);
  assert.equal(one([1e-6, 1]).p, 1);
  const capped = one([1e-6, 1], { truncateAbove: 0.99 });
  assert.ok(capped.p < 3e-6, `${capped.p}`);
  assert.equal(one([0, 0.9]).p, 0);
  assert.equal(one([0, 0.9]).logP, -Infinity);
  const withNaN = one([0.25, NaN, 0.5]);
  assert.equal(withNaN.views, 2);
  assert.ok(close(withNaN.p, 0.35241638234956674, 1e-14));
  assert.ok(Number.isNaN(one([NaN, NaN]).p));
  assert.throws(() => cauchyCombination([[0.1], [0.2, 0.3]]), /differ in length/);
});
