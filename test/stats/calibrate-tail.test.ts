import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateTail, ksUniform, normalSf } from '../../src/stats/index.js';
import { cusumPopulation, inverseSf, samplers } from './samplers.js';

const N = 20000;

/**
 * p(x)/P(X ≥ x) at x with true tail q, for q inside the sample (0.1, 0.01: empirical, sd √(1/(nq)) ≤ 7 %),
 * at the sample's reach (1/n) and beyond it (0.1/n, 0.01/n: extrapolated by the fitted tail).
 */
function ratios(sample: Float64Array, sf: (x: number) => number): Map<number, number> {
  const model = calibrateTail(sample);
  return new Map([0.1, 0.01, 1 / N, 0.1 / N, 0.01 / N].map((q) => [q, model.p(inverseSf(sf, q)) / q]));
}

test('exact tails: exponential and Pareto(α = 2) within 25 % inside the sample, a factor 2.5 at 1/n, and beyond it (0.1/n, 0.01/n) within [½, 5] and [½, 10]', () => {
  // The extrapolation error grows with the distance beyond u: SE(ξ̂) ≈ (1 + ξ)/√1000 ≈ 0.03–0.05 moves
  // ln p at 0.01/n by up to ≈ 2 (a factor 7); clamping ξ ≥ 0 errs on the large (conservative) side.
  const s = samplers(11);
  const cases = [
    { name: 'exponential', draw: s.exponential, sf: (x: number) => (x <= 0 ? 1 : Math.exp(-x)) },
    { name: 'pareto', draw: () => s.pareto(2), sf: (x: number) => (x <= 1 ? 1 : x ** -2) },
  ];
  for (const c of cases) {
    const r = ratios(Float64Array.from({ length: N }, c.draw), c.sf);
    const bounds = new Map([
      [0.1, [0.8, 1.25]],
      [0.01, [0.8, 1.25]],
      [1 / N, [0.4, 2.5]],
      [0.1 / N, [0.5, 5]],
      [0.01 / N, [0.5, 10]],
    ]);
    for (const [q, ratio] of r) {
      const [lo, hi] = bounds.get(q)!;
      assert.ok(ratio >= lo! && ratio <= hi!, `${c.name}: p/q at q = ${q} is ${ratio}`);
    }
  }
});

test('normal tail (light, ξ → 0 from below): within 25 % inside the sample, never below 0.8× the truth beyond it, and z where P = 0.001/n still gets p < 1/n', () => {
  const s = samplers(12);
  const sample = Float64Array.from({ length: N }, s.normal);
  const r = ratios(sample, normalSf);
  assert.ok(Math.abs(r.get(0.1)! - 1) < 0.25 && Math.abs(r.get(0.01)! - 1) < 0.25, JSON.stringify([...r]));
  for (const [q, ratio] of r) assert.ok(ratio >= 0.8, `p/q at q = ${q} is ${ratio}`);
  const model = calibrateTail(sample);
  assert.equal(model.diagnostics.tail, 'exponential');
  assert.ok(model.diagnostics.fittedShape! < 0);
  assert.ok(model.p(inverseSf(normalSf, 0.001 / N)) < 1 / N);
});

test('magnitude: ten times beyond the sample maximum of 20,000 exponentials p < 1e−20, and p keeps falling (ln p finite where p underflows)', () => {
  const s = samplers(13);
  const sample = Float64Array.from({ length: N }, s.exponential);
  const model = calibrateTail(sample);
  const max = model.diagnostics.max;
  assert.ok(model.p(max) < 2 / N);
  assert.ok(model.p(10 * max) < 1e-20);
  assert.ok(model.p(20 * max) < model.p(10 * max));
  assert.equal(model.p(1e6), 0);
  assert.ok(Number.isFinite(model.logP(1e6)) && model.logP(1e6) < model.logP(1e5));
  assert.ok(Math.abs(model.logP(3 * max) - Math.log(model.p(3 * max))) < 1e-9);
});

test("contamination: 60 values at 25–30 among 20,000 exponentials (6 % of the excesses) are left out of the tail fit, keep p(25) within 2× of the clean fit's, and leave p(8) within 25 % of the truth; one fit with 1 % censored is 10⁶ and 10× off", () => {
  const s = samplers(19);
  const clean = Array.from({ length: N }, s.exponential);
  const dirty = [...clean, ...Array.from({ length: 60 }, () => 25 + 5 * s.uniform())];
  const reference = calibrateTail(clean).p(25);
  const model = calibrateTail(dirty);
  assert.equal(model.diagnostics.outliers, 60);
  assert.ok(
    model.p(25, true) / reference < 2 && model.p(25, true) / reference > 0.5,
    `${model.p(25, true)} vs ${reference}`,
  );
  assert.ok(Math.abs(model.p(8) / Math.exp(-8) - 1) < 0.25, `p(8) = ${model.p(8)}`);
  const single = calibrateTail(dirty, { initialCensoredFraction: 0.01, outlierLevel: 0 });
  assert.equal(single.diagnostics.outliers, 0);
  assert.ok(single.p(25, true) > 1e6 * reference && single.p(8) > 10 * Math.exp(-8));
});

test('monotone and continuous: p never increases from below the minimum to 10× the maximum, and p(u⁺) = (k + 1)/(n + 1) = p just below the next sample value above u', () => {
  const s = samplers(14);
  const sample = Float64Array.from({ length: 5000 }, () => s.pareto(1.5) + (s.uniform() < 0.3 ? 0 : s.exponential()));
  const model = calibrateTail(sample);
  const { min, max, threshold, exceedances, n } = model.diagnostics;
  let last = Infinity;
  for (let i = 0; i <= 20000; i++) {
    const x = min - 1 + ((10 * max - min + 1) * i) / 20000;
    const p = model.p(x);
    assert.ok(p <= last + 1e-15, `p rises at x = ${x}: ${last} → ${p}`);
    last = p;
  }
  const atU = model.p(threshold! + 1e-12);
  assert.ok(Math.abs(atU - (exceedances + 1) / (n + 1)) < 1e-9, `${atU}`);
  assert.equal(model.p(min - 1), 1);
  assert.equal(model.p(-Infinity), 1);
  assert.equal(model.p(Infinity), 0);
});

test('uniform under the null: new draws scored against 20 independent fitted nulls of 20,000 are uniform (pooled KS p > 0.01), and P(p ≤ 1e−3), P(p ≤ 1e−4) match within 25 % and 60 %', () => {
  // Given ONE null sample the p-values of new draws are off by its own sampling error (≈ 1/√n in the
  // body, more in the fitted tail), which a KS test on many new draws would detect; pooled over
  // independent nulls that error averages out. Tolerances are 3.5 sd of the pooled counts
  // (binomial and null sampling: rel. sd √(1/(Rmq) + 1/(Rnq)) = 7 % at 1e−3; the 1e−4 count of 40
  // adds the fitted tail's error to its own 16 %).
  const s = samplers(15);
  // A heterogeneous law: a mixture of a lognormal body and a Pareto(1.2) tail.
  const draw = () => (s.uniform() < 0.9 ? Math.exp(0.5 * s.normal()) : 2 * s.pareto(1.2));
  const R = 20;
  const m = 20000;
  const pooled = new Float64Array(R * m);
  for (let r = 0; r < R; r++) {
    const model = calibrateTail(Float64Array.from({ length: N }, draw));
    pooled.set(model.pValues(Float64Array.from({ length: m }, draw)), r * m);
  }
  assert.ok(ksUniform(pooled).pValue > 0.01, `KS p = ${ksUniform(pooled).pValue}`);
  for (const [t, tolerance] of [
    [1e-3, 0.25],
    [1e-4, 0.6],
  ] as const) {
    let hits = 0;
    for (const v of pooled) if (v <= t) hits++;
    const expected = R * m * t;
    assert.ok(Math.abs(hits / expected - 1) <= tolerance, `P(p ≤ ${t}): ${hits} vs ${expected}`);
  }
});

test('in-sample (member) p-values are #{S ≥ x}/n in the body, uniform (KS p > 0.05), and their smallest is about 1/n', () => {
  const s = samplers(16);
  const sample = Float64Array.from({ length: 10000 }, () => s.gpd(0.3));
  const model = calibrateTail(sample);
  const p = model.pValues(sample, true);
  assert.ok(ksUniform(p).pValue > 0.05, `KS p = ${ksUniform(p).pValue}`);
  const sorted = Float64Array.from(sample).sort();
  assert.equal(model.p(sorted[100]!, true), (10000 - 100) / 10000);
  let smallest = 1;
  for (const v of p) smallest = Math.min(smallest, v);
  assert.ok(smallest > 0.1 / 10000 && smallest < 3 / 10000, `${smallest}`);
});

test('ties and point masses: 90 % zeros give p = 1 at 0, the mode in the diagnostics, and the positive part is calibrated on its own, its tail fitted above the atom', () => {
  const s = samplers(17);
  const sample = Float64Array.from({ length: 10000 }, () => (s.uniform() < 0.9 ? 0 : s.exponential()));
  const model = calibrateTail(sample);
  assert.equal(model.p(0), 1);
  assert.equal(model.p(0, true), 1);
  assert.equal(model.diagnostics.mode, 0);
  assert.ok(Math.abs(model.diagnostics.modeShare - 0.9) < 0.01);
  assert.ok(model.diagnostics.threshold! > 0, 'the threshold lies in the positive part');
  // Conditional on being positive the p-values are uniform on (0, P(S > 0)).
  const positive = sample.filter((v) => v > 0);
  const share = positive.length / sample.length;
  const scaled = model.pValues(positive, true).map((p) => p / share);
  assert.ok(ksUniform(scaled).pValue > 0.05, `KS p = ${ksUniform(scaled).pValue}`);
  // 97 % zeros and a positive part with a normal body (log2 bytes ~ N(8, 3)): the threshold lies in
  // the positive part's own upper tail, not at the atom, so held-out P(p ≤ 0.005) is 0.005 (± 3.5 sd,
  // the variance doubled for the nulls' own error). With u at the atom the "tail" was an exponential
  // fitted to the whole bell, which gave a ninth of the alerts on the same kind of data.
  let hits = 0;
  let tested = 0;
  const draw = () => (s.uniform() < 0.97 ? 0 : Math.max(0, 8 + 3 * s.normal()));
  for (let r = 0; r < 20; r++) {
    const nullModel = calibrateTail(Float64Array.from({ length: 15000 }, draw));
    assert.ok(nullModel.diagnostics.threshold! > 8, `u = ${nullModel.diagnostics.threshold}`);
    for (const p of nullModel.pValues(Float64Array.from({ length: 15000 }, draw))) {
      tested++;
      if (p <= 0.005) hits++;
    }
  }
  assert.ok(Math.abs(hits - 0.005 * tested) < 3.5 * Math.sqrt(2 * 0.005 * tested), `${hits} of ${tested}`);
  // Heavy ties at the top leave no excesses: empirical only.
  const capped = calibrateTail(Float64Array.from({ length: 100 }, (_, i) => (i < 40 ? i / 40 : 1)));
  assert.equal(capped.diagnostics.tail, 'none');
  assert.match(capped.diagnostics.note, /ties at the top/);
  assert.equal(capped.p(2), 1 / 101);
});

test('NaN and small samples: NaN is left out of the sample and scores NaN; below minSample (20) empirical only, p beyond the maximum 1/(n + 1); an empty null gives 1', () => {
  const model = calibrateTail([3, NaN, 1, Infinity, 2]);
  assert.equal(model.diagnostics.n, 3);
  assert.equal(model.diagnostics.dropped, 2);
  assert.equal(model.diagnostics.tail, 'none');
  assert.match(model.diagnostics.note, /fewer than minSample = 20/);
  assert.ok(Number.isNaN(model.p(NaN)));
  assert.equal(model.p(2.5), (1 + 1) / 4);
  assert.equal(model.p(100), 1 / 4);
  assert.equal(model.p(2, true), 2 / 3);
  assert.equal(calibrateTail([]).p(5), 1);
  // 30 values: the threshold drops to keep min(⌊29/2⌋, 50) = 14 excesses, too few for the GPD: exponential.
  const s = samplers(18);
  const small = calibrateTail(Float64Array.from({ length: 30 }, s.exponential));
  assert.equal(small.diagnostics.tail, 'exponential');
  assert.equal(small.diagnostics.exceedances, 14);
  assert.ok(small.p(small.diagnostics.max * 3) < 1 / 31);
  assert.throws(() => calibrateTail([1, 2], { tailFraction: 1.5 }), /tailFraction/);
});

test("declustering: 3 units whose CUSUM climbs 2.5 a step for 7 of 14 steps among 110 clean units (a quarter of the excesses, spread from the clean tail to 17.5): fitted per excess p(17.5) stays above 1e−6 on every seed, fitted on run maxima it is below 1e−6 and ≥ 50× smaller, and the clean sample's 99th percentile keeps its p within 2×", () => {
  // 110 × 14 points, as many as the bench's 112 hosts × 14 days.
  for (const seed of [3, 5, 7]) {
    const clean = cusumPopulation(seed, 110, 14);
    const value = Float64Array.from(clean.value);
    for (const h of [10, 50, 100]) for (let t = 7; t < 14; t++) value[h * 14 + t] = 2.5 * (t - 6);
    const clusters = { unit: clean.unit, time: clean.time };
    const plain = calibrateTail(value);
    const declustered = calibrateTail(value, { clusters });
    const d = declustered.diagnostics;
    assert.equal(plain.diagnostics.clusters, plain.diagnostics.exceedances);
    assert.ok(d.clusters < d.exceedances, `${d.clusters} clusters of ${d.exceedances} excesses`);
    const p = plain.p(17.5, true);
    const q = declustered.p(17.5, true);
    assert.ok(p > 1e-6 && q < 1e-6 && q * 50 < p, `seed ${seed}: p(17.5) per excess ${p}, declustered ${q}`);
    const p99 = Float64Array.from(clean.value).sort()[Math.floor(0.99 * clean.value.length)]!;
    const ratio = declustered.p(p99, true) / calibrateTail(clean.value, { clusters }).p(p99, true);
    assert.ok(ratio > 0.5 && ratio < 2, `seed ${seed}: p(${p99}) with and without the planted runs: ratio ${ratio}`);
  }
});

test('declustering stays valid under serial dependence: fresh CUSUM points scored against 10 declustered nulls of 400 × 14 and 10 of 110 × 14 reach p ≤ α no more than 1.3 α at α = 0.01 and 0.001', () => {
  let n = 0;
  const hits = { '0.01': 0, '0.001': 0 };
  for (let r = 0; r < 20; r++) {
    const units = r < 10 ? 400 : 110;
    const train = cusumPopulation(100 + r, units, 14);
    const model = calibrateTail(train.value, { clusters: { unit: train.unit, time: train.time } });
    const fresh = cusumPopulation(200 + r, units, 14);
    for (const x of fresh.value) {
      const p = model.p(x);
      n++;
      if (p <= 0.01) hits['0.01']++;
      if (p <= 0.001) hits['0.001']++;
    }
  }
  assert.ok(hits['0.01'] / n <= 0.013, `share at 0.01: ${hits['0.01'] / n}`);
  assert.ok(hits['0.001'] / n <= 0.0013, `share at 0.001: ${hits['0.001'] / n}`);
});
