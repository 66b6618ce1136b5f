import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  brownCombination,
  brownMoments,
  chiSquareLogSf,
  createRandom,
  fisherCombination,
  normalSf,
  type BrownMoments,
} from '../../src/stats/index.js';
import { close } from './golden.js';

/** Moments given by hand: means, and a covariance matrix (row-major). */
const given = (mean: number[], covariance: number[]): BrownMoments => {
  const k = mean.length;
  const sd = Float64Array.from(mean, (_, v) => Math.sqrt(covariance[v * k + v]!));
  return {
    mean: Float64Array.from(mean),
    sd,
    correlation: Float64Array.from(covariance, (c, i) => c / (sd[Math.floor(i / k)]! * sd[i % k]!)),
    covariance: Float64Array.from(covariance),
    points: new Int32Array(k),
    correlationMethod: 'pearson',
  };
};

test('Brown by hand: E = 6, Var = 4 + 4 + 4 + 2·2 = 16 give c = 4/3, f = 4.5; p of (0.01, 0.02, 0.5) = P(χ²_4.5 > 13.8155) = 0.0117317774644407 (mpmath) to 1e-12', () => {
  const m = given([2, 2, 2], [4, 2, 0, 2, 4, 0, 0, 0, 4]);
  const r = brownCombination([[0.01], [0.02], [0.5]], { moments: m });
  assert.ok(close(r.scale, 4 / 3, 1e-15) && close(r.dof, 4.5, 1e-15), `c ${r.scale} f ${r.dof}`);
  // X = −2 ln(0.01 · 0.02 · 0.5) = −2 ln 10⁻⁴; X/c = −3/2 · 2 ln 10⁻⁴ / 2 = 6 ln 10.
  assert.ok(close(r.statistic[0]!, 8 * Math.LN10, 1e-14));
  assert.ok(close(r.p[0]!, 0.01173177746444074, 1e-12), `p ${r.p[0]}`);
  // The guard: 2·min(0.01173, 3 · 0.01) = 0.0234635549288815.
  const g = brownCombination([[0.01], [0.02], [0.5]], { moments: m, minPGuard: true });
  assert.ok(close(g.p[0]!, 2 * 0.01173177746444074, 1e-12));
  const decisive = brownCombination([[1e-12], [0.5], [0.5]], { moments: m, minPGuard: true });
  assert.ok(close(decisive.p[0]!, 2 * 3e-12, 1e-12), `${decisive.p[0]}`);
});

test('with independent uniform moments (mean 2, covariance 4·I) Brown is Fisher; a missing view takes the moments of the views present', () => {
  const m = given([2, 2, 2], [4, 0, 0, 0, 4, 0, 0, 0, 4]);
  const cols = [
    [0.01, 0.3, NaN, 1e-30],
    [0.2, 0.004, 0.7, 0.5],
    [0.005, 0.9, 0.1, 0.5],
  ];
  const brown = brownCombination(cols, { moments: m });
  const fisher = fisherCombination(cols);
  for (let i = 0; i < 4; i++) assert.ok(close(brown.logP[i]!, fisher.logP[i]!, 1e-12), `${i}`);
  // Two fully dependent views and one missing: E = 4, Var = 16, c = 2, f = 2, p = exp(−X/4).
  const dep = given([2, 2, 2], [4, 4, 0, 4, 4, 0, 0, 0, 4]);
  const r = brownCombination([[0.01], [0.01], [NaN]], { moments: dep });
  assert.ok(close(r.p[0]!, 0.01, 1e-12), `${r.p[0]}`);
});

test('χ² survival for any degrees of freedom equals mpmath (30 digits) to 1e-12 relative in ln p, below and above the mean and beyond the double range', () => {
  const cases: [number, number, number][] = [
    [10, 3.3, -3.7329558215922245],
    [0.5, 7.7, -0.00020564665130055104],
    [100, 8.09, -39.87494919886491],
    [2000, 6.5, -985.3911022739753],
    [30, 1.2, -16.506264637786973],
    [0.001, 0.7, -0.08170583923671638],
  ];
  for (const [x, f, want] of cases)
    assert.ok(close(chiSquareLogSf(x, f), want, 1e-12), `${x} ${f}: ${chiSquareLogSf(x, f)}`);
  assert.equal(chiSquareLogSf(0, 3), 0);
  assert.equal(chiSquareLogSf(Infinity, 3), -Infinity);
  assert.throws(() => chiSquareLogSf(1, 0), /dof/);
});

test('moments by hand: −2 ln p floored at 1/n; Pearson and rank correlations of equal and reversed columns are ±1; a constant view has correlation 0', () => {
  // n = 4, floor ¼: p = 0.01 counts as ¼; Y = 2 ln 2 · (0, 1, 2, 2).
  const a = [1, 0.5, 0.25, 0.01];
  const b = [0.01, 0.25, 0.5, 1];
  const flat = [1, 1, 1, 1];
  for (const correlation of ['pearson', 'rank'] as const) {
    const m = brownMoments([a, a, b, flat], { correlation });
    const y = [0, 1, 2, 2].map((t) => 2 * Math.LN2 * t);
    const mean = y.reduce((s, v) => s + v, 0) / 4;
    const sd = Math.sqrt(y.reduce((s, v) => s + (v - mean) ** 2, 0) / 4);
    assert.ok(close(m.mean[0]!, mean, 1e-14) && close(m.sd[0]!, sd, 1e-14), `${m.mean[0]} ${m.sd[0]}`);
    assert.ok(close(m.correlation[1]!, 1, 1e-14), `${correlation} equal: ${m.correlation[1]}`);
    // a against b: Pearson of (0, 1, 2, 2) and (2, 2, 1, 0) is −9/11; their ranks (1, 2, 3.5, 3.5)
    // and (3.5, 3.5, 2, 1) give ρₛ = −8/9 (numpy, scipy.stats.spearmanr), mapped by 2 sin(πρₛ/6).
    const r = m.correlation[2]!;
    const want = correlation === 'pearson' ? -9 / 11 : 2 * Math.sin((Math.PI * (-8 / 9)) / 6);
    assert.ok(close(r, want, 1e-12), `${correlation}: ${r} vs ${want}`);
    assert.equal(m.correlation[3], 0);
    assert.equal(m.sd[3], 0);
    assert.ok(close(m.covariance[2]!, r * sd * sd, 1e-12));
  }
});

/** n null points: views 0 and 1 from normals with correlation rho, view 2 independent; p = P(Z > z). */
function dependentNull(n: number, rho: number, seed: number) {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const z0 = normal();
    const z1 = rho * z0 + Math.sqrt(1 - rho * rho) * normal();
    cols[0]![i] = normalSf(z0);
    cols[1]![i] = normalSf(z1);
    cols[2]![i] = normalSf(normal());
  }
  return cols;
}

test('robust moments: 3 % of the points taking the smallest p of two views at once (as anomalies do with in-sample calibrated p: the marginals stay ranks) raise the Pearson-based c by > 0.08 and the rank-based one by under a quarter of that', () => {
  const n = 20000;
  const clean = dependentNull(n, 0.5, 7);
  const dirty = clean.map((c) => Float64Array.from(c));
  for (const v of [0, 1]) {
    // Swap view v's 600 smallest p-values onto points 0…599: the marginal is unchanged.
    const col = dirty[v]!;
    const order = Array.from(col.keys()).sort((x, y) => col[x]! - col[y]!);
    const smallest = order.slice(0, 0.03 * n).map((i) => col[i]!);
    const moved = new Set(order.slice(0, 0.03 * n));
    const freed = Array.from({ length: 0.03 * n }, (_, i) => i)
      .filter((i) => !moved.has(i))
      .map((i) => col[i]!);
    order
      .slice(0, 0.03 * n)
      .filter((i) => i >= 0.03 * n)
      .forEach((i, j) => (col[i] = freed[j]!));
    smallest.forEach((p, i) => (col[i] = p));
  }
  const c = (cols: Float64Array[], correlation: 'rank' | 'pearson') => brownCombination(cols, { correlation }).scale;
  const pearsonShift = c(dirty, 'pearson') - c(clean, 'pearson');
  const rankShift = c(dirty, 'rank') - c(clean, 'rank');
  assert.ok(
    pearsonShift > 0.08 && Math.abs(rankShift) < pearsonShift / 4,
    `Pearson +${pearsonShift}, rank +${rankShift}`,
  );
});
