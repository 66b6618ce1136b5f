import { test } from 'node:test';
import assert from 'node:assert/strict';
import { combineEvidence, combineScores, type CombinationMethod } from '../../src/detect/index.js';
import {
  brownCombination,
  cauchyCombination,
  createRandom,
  fisherCombination,
  ksUniform,
  normalSf,
} from '../../src/stats/index.js';

const METHODS: CombinationMethod[] = ['cauchy', 'fisher', 'fisher-min-p', 'brown', 'brown-min-p'];

/** n null host-intervals with four independent uniform view p-values, then the given extra points. */
function population(n: number, extra: number[][], seed = 51) {
  const random = createRandom(seed);
  const views = Array.from({ length: 4 }, () => Float64Array.from({ length: n + extra.length }, () => random()));
  extra.forEach((ps, j) => ps.forEach((p, v) => (views[v]![n + j] = p)));
  return ['lateral', 'self', 'peer_z', 'service'].map((name, v) => ({ name, p: views[v]! }));
}

const rankOf = (logP: Float64Array, i: number) => {
  let rank = 1;
  for (let j = 0; j < logP.length; j++) if (j !== i && logP[j]! < logP[i]!) rank++;
  return rank;
};

test('a decisive single view among three flat ones ranks that host-interval first of 20,000 with every method (raw and re-calibrated); the rank average it replaces does not', () => {
  const n = 20000;
  const views = population(n, [[1e-9, 0.5, 0.6, 0.4]]);
  for (const method of METHODS) {
    for (const recalibrate of [false, true]) {
      const r = combineEvidence(views, { method, recalibrate });
      assert.equal(rankOf(r.logP, n), 1, `${method} recalibrate=${recalibrate}`);
      assert.equal(r.topView[n], 0);
      assert.equal(r.drivers[n], 0b0001);
    }
  }
  // The rank average (mean percentile of 1 − p) of src/detect/combine-scores.ts puts it far down.
  const hosts = Array.from({ length: n + 1 }, (_, i) => `h${i}`);
  const components = Object.fromEntries(views.map((v) => [v.name, new Map(hosts.map((h, i) => [h, 1 - v.p[i]!]))]));
  const ranked = combineScores(hosts, components).hosts;
  assert.ok(ranked.findIndex((r) => r.host === `h${n}`) > 1000);
});

test('two moderately low views beat one moderately low view, with every method, raw and re-calibrated', () => {
  const n = 5000;
  const views = population(n, [
    [0.01, 0.01, 0.5, 0.5],
    [0.01, 0.5, 0.5, 0.5],
    [0.5, 0.5, 0.5, 0.5],
  ]);
  for (const method of METHODS) {
    for (const recalibrate of [false, true]) {
      const r = combineEvidence(views, { method, recalibrate });
      const [two, one, none] = [r.logP[n]!, r.logP[n + 1]!, r.logP[n + 2]!];
      assert.ok(two < one && one < none, `${method} recalibrate=${recalibrate}: ${two} ${one} ${none}`);
    }
  }
});

test('without re-calibration the methods are the src/stats combinations (Cauchy with p capped at ½ by default); NaN views are left out; drivers and top view by hand', () => {
  const views = [
    { name: 'a', p: [0.001, NaN, 0.3, NaN] },
    { name: 'b', p: [0.2, 0.004, 0.7, NaN] },
    { name: 'c', p: [0.005, 0.9, NaN, NaN] },
  ];
  const cols = views.map((v) => v.p);
  const cauchy = combineEvidence(views, { method: 'cauchy', recalibrate: false });
  assert.deepEqual([...cauchy.p], [...cauchyCombination(cols, { truncateAbove: 0.5 }).p]);
  const fisher = combineEvidence(views, { method: 'fisher', recalibrate: false });
  assert.deepEqual([...fisher.p], [...fisherCombination(cols).p]);
  const brown = combineEvidence(views, { method: 'brown-min-p', recalibrate: false });
  assert.deepEqual([...brown.p], [...brownCombination(cols, { minPGuard: true }).p]);
  const guarded = combineEvidence(views, { method: 'fisher-min-p', recalibrate: false });
  assert.deepEqual([...guarded.p], [...fisherCombination(cols, { minPGuard: true }).p]);
  assert.deepEqual([...guarded.topView], [0, 1, 0, -1]);
  assert.deepEqual([...guarded.drivers], [0b101, 0b010, 0b001, 0]);
  assert.deepEqual(guarded.diagnostics.missing, [2, 1, 2]);
  assert.ok(Number.isNaN(guarded.p[3]!));
  assert.throws(() => combineEvidence([]), /at least one view/);
  assert.throws(
    () =>
      combineEvidence([
        { name: 'x', p: [0.1] },
        { name: 'y', p: [0.1, 0.2] },
      ]),
    /view y has 2/,
  );
});

test('dependent views: Fisher on two copies of one p-value is anti-conservative (P(p ≤ 0.01) = 0.0297 by 10⁷ SciPy draws), the re-calibrated p is uniform below its atom at 1 (KS p > 0.05, P(p ≤ 0.01) within 15 %)', () => {
  const random = createRandom(52);
  const n = 50000;
  const shared = Float64Array.from({ length: n }, () => random());
  const other = Float64Array.from({ length: n }, () => random());
  const views = [
    { name: 'upload_self', p: shared },
    { name: 'upload_peer', p: shared },
    { name: 'lateral', p: other },
  ];
  const share = (p: Float64Array, t: number) => p.filter((v) => v <= t).length / p.length;
  const raw = combineEvidence(views, { method: 'fisher', recalibrate: false });
  assert.ok(Math.abs(share(raw.p, 0.01) - 0.0297) < 0.003, `raw ${share(raw.p, 0.01)}`);
  assert.ok(ksUniform(raw.p).pValue < 1e-6);
  for (const method of METHODS) {
    const r = combineEvidence(views, { method });
    // Cauchy capped at ½ maps every point whose views all exceed ½ to T = 0: an atom (25 % here)
    // that re-calibration sends to p = 1, no evidence; below it the p-values are uniform on (0, 1 − atom).
    const below = r.p.filter((v) => v < 1);
    const scaled = below.map((v) => v / (below.length / n));
    assert.ok(ksUniform(scaled).pValue > 0.05, `${method}: KS p ${ksUniform(scaled).pValue}`);
    assert.ok(Math.abs(share(r.p, 0.01) / 0.01 - 1) < 0.15, `${method}: ${share(r.p, 0.01)}`);
    assert.equal(r.diagnostics.recalibrated, true);
    assert.ok(r.diagnostics.tail!.exceedances > 0);
  }
});

test('magnitude survives: p of 1e−300 and 1e−200 in one view keep their order and finite ln p after re-calibration', () => {
  const views = population(3000, [
    [1e-300, 0.5, 0.5, 0.5],
    [1e-200, 0.5, 0.5, 0.5],
  ]);
  for (const method of METHODS) {
    const r = combineEvidence(views, { method });
    assert.ok(
      Number.isFinite(r.logP[3000]!) && r.logP[3000]! < r.logP[3001]!,
      `${method}: ${r.logP[3000]} ${r.logP[3001]}`,
    );
    assert.ok(r.logP[3001]! < Math.log(1 / 3000));
  }
});

test('a null with dependent views (two read one latent normal, ρ = 0.8; the third independent; 40,000 points): Brown is uniform (KS distance < 0.01; P(p ≤ 0.01), P(p ≤ 0.005) within 25 % of nominal), Brown-min-p at most 1.25× nominal and at least ½× (the price of the guard); Fisher is not (P(p ≤ 0.005) > 1.5× nominal, KS p < 10⁻⁶): it counts the shared latent twice', () => {
  const random = createRandom(53);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const n = 40000;
  const cols = [new Float64Array(n), new Float64Array(n), new Float64Array(n)];
  for (let i = 0; i < n; i++) {
    const z = normal();
    cols[0]![i] = normalSf(z);
    cols[1]![i] = normalSf(0.8 * z + 0.6 * normal());
    cols[2]![i] = normalSf(normal());
  }
  const views = cols.map((p, v) => ({ name: `v${v}`, p }));
  const share = (p: Float64Array, t: number) => p.filter((x) => x <= t).length / p.length;
  const fisher = combineEvidence(views, { method: 'fisher', recalibrate: false });
  assert.ok(share(fisher.p, 0.005) > 1.5 * 0.005, `Fisher ${share(fisher.p, 0.005)}`);
  assert.ok(ksUniform(fisher.p).pValue < 1e-6);
  for (const method of ['brown', 'brown-min-p'] as const) {
    const r = combineEvidence(views, { method, recalibrate: false });
    // The guard doubles p: an atom at 1 and half the rate in the tail, so it is not KS-uniform.
    if (method === 'brown') assert.ok(ksUniform(r.p).statistic < 0.01, `KS D ${ksUniform(r.p).statistic}`);
    for (const t of [0.01, 0.005]) {
      const ratio = share(r.p, t) / t;
      const low = method === 'brown' ? 0.75 : 0.5;
      assert.ok(ratio > low && ratio < 1.25, `${method}: P(p ≤ ${t}) = ${share(r.p, t)}`);
    }
    // The dependence it priced in: c > 1 and f < 2k.
    assert.ok(r.diagnostics.dependence.scale > 1.2 && r.diagnostics.dependence.dof < 5.5);
  }
});
