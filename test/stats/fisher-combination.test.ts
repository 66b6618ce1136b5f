import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fisherCombination } from '../../src/stats/index.js';
import { goldenDetect } from './golden-detect.js';
import { close } from './golden.js';

const one = (ps: number[], minPGuard = false) => {
  const r = fisherCombination(
    ps.map((p) => [p]),
    { minPGuard },
  );
  return { p: r.p[0]!, logP: r.logP[0]!, x: r.statistic[0]!, views: r.views[0]! };
};

test(`statistic and p equal scipy.stats.combine_pvalues(method="fisher") (SciPy ${goldenDetect.scipy}) to 1e-12 relative, ln p equal mpmath where p underflows`, () => {
  for (const c of goldenDetect.fisher) {
    const r = one(c.p_values);
    assert.ok(close(r.x, c.statistic, 1e-12), `${c.name}: X ${r.x} vs ${c.statistic}`);
    assert.ok(close(r.p, c.p, 1e-12), `${c.name}: p ${r.p} vs ${c.p}`);
    assert.ok(close(r.logP, c.logp, 1e-12), `${c.name}: ln p ${r.logP} vs ${c.logp}`);
  }
});

test('hand-computed: one view is itself; two equal views give p²(1 − 2 ln p); p = 1 adds nothing to X', () => {
  assert.ok(close(one([0.037]).p, 0.037, 1e-13));
  for (const p of [0.5, 0.01, 1e-40]) assert.ok(close(one([p, p]).p, p * p * (1 - 2 * Math.log(p)), 1e-12), `p = ${p}`);
  assert.equal(one([0.3, 1]).x, one([0.3]).x);
});

test('min-p guard: 2·min(p_Fisher, k·min p) by hand; it rescues one decisive view that Fisher dilutes; k = 1 is left alone', () => {
  const fisher = one([1e-9, 0.5, 0.6, 0.4]);
  const guarded = one([1e-9, 0.5, 0.6, 0.4], true);
  // Fisher: 2.73e−7 (SciPy); Bonferroni 4 · 1e−9; guard 2 · 4e−9.
  assert.ok(close(guarded.p, 8e-9, 1e-12), `${guarded.p}`);
  assert.ok(fisher.p > 30 * guarded.p);
  // Several moderate views: Fisher's own p is the smaller term, doubled.
  const moderate = [0.01, 0.02, 0.03, 0.04];
  assert.ok(close(one(moderate, true).p, 2 * one(moderate).p, 1e-12));
  assert.ok(close(one([0.037], true).p, 0.037, 1e-13));
  assert.equal(one([0.9, 0.95], true).p, 1);
  assert.equal(one([0, 0.5], true).p, 0);
  assert.equal(one([0.2, NaN], true).views, 1);
  assert.ok(Number.isNaN(one([NaN]).p));
});
