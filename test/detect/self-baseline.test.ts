import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  alertThreshold,
  BASELINE,
  peerReference,
  selfBaseline,
  selfBaselineEvidence,
  SELF_BASELINE_PARTS,
} from '../../src/detect/index.js';
import { calibrateByGroup, calibrateTail, createRandom, ksUniform } from '../../src/stats/index.js';
import { InputError } from '../../src/errors.js';
import { nullPopulation } from './null-population.js';

/** Bytes whose log2(1 + bytes) is exactly x. */
const bytesOf = (x: number) => 2 ** x - 1;
const near = (a: number, b: number, tol = 1e-12) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('hand-computed: peer fallback for the first 3 intervals, then own median/MAD (floor 0.5), z and the winsorized CUSUM', () => {
  // x = 10, 11, 10, 12, 10, 20; peer reference 9 ± 1.
  const x = [10, 11, 10, 12, 10, 20];
  const r = selfBaseline({
    host: x.map(() => 7),
    interval: x.map((_, t) => t),
    bytes: x.map(bytesOf),
    peerLocation: x.map(() => 9),
    peerScale: x.map(() => 1),
  });
  assert.deepEqual(
    [...r.baseline],
    [BASELINE.peer, BASELINE.peer, BASELINE.peer, BASELINE.own, BASELINE.own, BASELINE.own],
  );
  assert.deepEqual([...r.history], [0, 1, 2, 3, 4, 5]);
  // Peer: z = x − 9, one-interval CUSUM max(0, z − 0.5) that does not carry.
  assert.deepEqual([...r.z.subarray(0, 3)], [1, 2, 1]);
  assert.deepEqual([...r.cusum.subarray(0, 3)], [0.5, 1.5, 0.5]);
  // t = 3: history {10, 11, 10}: median 10, MAD 0 → scale 0.5; z = 4, S = min(4, 3) − 0.5 = 2.5.
  assert.ok(near(r.location[3]!, 10) && near(r.scale[3]!, 0.5) && near(r.z[3]!, 4) && near(r.cusum[3]!, 2.5));
  // t = 4: history {10, 10, 11, 12}: median 10.5, MAD 0.5 → scale 1.4826 · 0.5; z = −0.5/0.7413.
  const z4 = -0.5 / 0.7413;
  assert.ok(near(r.location[4]!, 10.5) && near(r.scale[4]!, 0.7413) && near(r.z[4]!, z4));
  assert.ok(near(r.cusum[4]!, 2.5 + z4 - 0.5));
  // t = 5: history {10, 10, 10, 11, 12}: median 10, MAD 0 → 0.5; z = 20, winsorized to 3 in S.
  assert.ok(near(r.z[5]!, 20) && near(r.cusum[5]!, 2.5 + z4 - 0.5 + 3 - 0.5));
  assert.equal(r.diagnostics.own, 3);
  assert.equal(r.diagnostics.peer, 3);
});

test('missing intervals are unobserved, not zeros: the history is the last observed intervals, and the CUSUM carries over a gap', () => {
  // Intervals 0, 1, 2, 3, 9 (5 missing) with x = 10, 10, 10, 12, 12.
  const r = selfBaseline({
    host: [1, 1, 1, 1, 1],
    interval: [0, 1, 2, 3, 9],
    bytes: [10, 10, 10, 12, 12].map(bytesOf),
  });
  assert.deepEqual([...r.baseline], [BASELINE.none, BASELINE.none, BASELINE.none, BASELINE.own, BASELINE.own]);
  assert.ok(Number.isNaN(r.z[0]!) && Number.isNaN(r.cusum[2]!));
  assert.ok(near(r.cusum[3]!, 2.5));
  // At interval 9 the history is {10, 10, 10, 12} (median 10, MAD 0): z = 4, S = 2.5 + 2.5.
  assert.equal(r.history[4], 4);
  assert.ok(near(r.z[4]!, 4) && near(r.cusum[4]!, 5));
  // A row with 0 bytes is an observation (x = 0).
  const zero = selfBaseline({ host: [1, 1, 1, 1], interval: [0, 1, 2, 3], bytes: [0, 0, 0, bytesOf(1)] });
  assert.ok(near(zero.z[3]!, 2));
});

test('resetAbove restarts the CUSUM after it is reached; input order does not matter; duplicates and bad options are refused', () => {
  const x = [10, 11, 10, 12, 10, 20, 10];
  const input = { host: x.map(() => 3), interval: x.map((_, t) => t), bytes: x.map(bytesOf) };
  const plain = selfBaseline(input);
  const reset = selfBaseline(input, { resetAbove: 3 });
  assert.equal(reset.cusum[5], plain.cusum[5]);
  assert.ok(reset.cusum[5]! >= 3);
  assert.equal(reset.diagnostics.resets, 1);
  // t = 6: z = (10 − 10.5)/0.7413; from 0 after the reset, from S₅ without.
  assert.equal(reset.cusum[6], 0);
  assert.ok(near(plain.cusum[6]!, plain.cusum[5]! - 0.5 / 0.7413 - 0.5));

  const random = createRandom(9);
  const hosts = 5;
  const rows = Array.from({ length: hosts * 20 }, (_, i) => ({
    host: i % hosts,
    interval: Math.floor(i / hosts),
    bytes: Math.floor(1e6 * random()),
  }));
  const shuffled = [...rows].sort(() => random() - 0.5);
  const a = selfBaseline({
    host: rows.map((r) => r.host),
    interval: rows.map((r) => r.interval),
    bytes: rows.map((r) => r.bytes),
  });
  const b = selfBaseline({
    host: shuffled.map((r) => r.host),
    interval: shuffled.map((r) => r.interval),
    bytes: shuffled.map((r) => r.bytes),
  });
  shuffled.forEach((row, j) => {
    const i = rows.indexOf(row);
    assert.ok(Object.is(a.z[i], b.z[j]) && Object.is(a.cusum[i], b.cusum[j]), `row ${i}`);
  });

  assert.throws(
    () => selfBaseline({ host: [1, 1], interval: [4, 4], bytes: [1, 2] }),
    (e: unknown) => e instanceof InputError && /host 1 has two points at interval 4/.test(e.message),
  );
  assert.throws(() => selfBaseline(input, { window: 0 }), /option window/);
  assert.throws(() => selfBaseline(input, { minHistory: 20 }), /option minHistory/);
});

/** The null population plus injected hosts, each in group 0 with a chosen level, spread and shift. */
function withHosts(injected: { level: number; sd: number; shift: (t: number) => number }[]) {
  const pop = nullPopulation(1);
  const random = createRandom(4);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const host = [...pop.host];
  const interval = [...pop.interval];
  const group = [...pop.group];
  const bytes = [...pop.upload];
  const groupLevel = (() => {
    const own = pop.upload.filter((_, i) => pop.group[i] === 0).map((b) => Math.log2(1 + b));
    return own.sort((x, y) => x - y)[own.length >> 1]!;
  })();
  const offsets = injected.map((_, k) => {
    const start = host.length;
    const h = 100000 + k;
    for (let t = 0; t < pop.intervals; t++) {
      host.push(h);
      interval.push(t);
      group.push(0);
      bytes.push(
        Math.round(
          bytesOf(
            groupLevel +
              injected[k]!.level +
              (injected[k]!.sd ? injected[k]!.sd * normal() : 0) +
              injected[k]!.shift(t),
          ),
        ),
      );
    }
    return start;
  });
  const ref = peerReference({ group, interval, bytes });
  const sb = selfBaseline({ host, interval, bytes, peerLocation: ref.location, peerScale: ref.scale });
  const zNull = calibrateTail(sb.z);
  const sNull = calibrateTail(sb.cusum);
  const peerZ = Float64Array.from(bytes, (b, i) => (Math.log2(1 + b) - ref.location[i]!) / ref.scale[i]!);
  return { sb, ref, peerZ, zNull, sNull, offsets, bytes, group, interval };
}

const threshold = alertThreshold({ intervalSeconds: 86400 }).threshold;

test("a host that doubles its OWN volume while staying inside its group's range is flagged by the CUSUM (p ≤ 0.005, the default budget at daily intervals) and not by its peers; a steady heavy host is flagged by peers only", () => {
  // Light host: 1.2 log2 units below the group's median, σ 0.25, doubling (+1 log2) from t = 15.
  // Heavy host: 1.6 above the median (the top of a 10× group), σ 0.1, steady.
  const { sb, peerZ, sNull, zNull, offsets, bytes, group, interval } = withHosts([
    { level: -1.2, sd: 0.25, shift: (t) => (t >= 15 ? 1 : 0) },
    { level: 1.6, sd: 0.1, shift: () => 0 },
  ]);
  const [light, heavy] = offsets as [number, number];
  let flagged = -1;
  for (let t = 15; t < 25 && flagged < 0; t++) if (sNull.p(sb.cusum[light + t]!, true) <= threshold) flagged = t;
  assert.ok(flagged >= 15, 'the doubling host reaches the alert threshold within 10 intervals');
  for (let t = 15; t < 30; t++) {
    assert.ok(peerZ[light + t]! < 1.5, `t = ${t}: peer z ${peerZ[light + t]} stays unremarkable`);
    const inGroup = bytes.filter((_, i) => group[i] === 0 && interval[i] === t && i < light);
    assert.ok(
      bytes[light + t]! < Math.max(...inGroup) && bytes[light + t]! > Math.min(...inGroup),
      `t = ${t}: inside the group's range`,
    );
  }
  for (let t = 0; t < 30; t++) {
    assert.ok(
      sNull.p(sb.cusum[heavy + t]!, true) > 0.05 && zNull.p(sb.z[heavy + t]!, true) > 0.05,
      `heavy host, t = ${t}`,
    );
  }
  const heavyPeerZ = Array.from({ length: 30 }, (_, t) => peerZ[heavy + t]!).sort((a, b) => a - b);
  assert.ok(heavyPeerZ[15]! > 1.5, `the peer reference sees the heavy host (median peer z ${heavyPeerZ[15]})`);
});

test('a 2.5× shift over 4 intervals of a steady host: z = 2·log2 2.5 each time (p > 0.005), while the CUSUM rises t·(z − ½) and crosses p ≤ 0.005', () => {
  const { sb, sNull, zNull, offsets } = withHosts([
    { level: 0, sd: 0, shift: (t) => (t >= 15 && t < 19 ? Math.log2(2.5) : 0) },
  ]);
  const o = offsets[0]!;
  const z = 2 * Math.log2(2.5);
  let crossed = false;
  for (let j = 0; j < 4; j++) {
    const t = 15 + j;
    // log2 of the rounded bytes is within 1e-9 of the intended level.
    assert.ok(Math.abs(sb.z[o + t]! - z) < 1e-8, `z at ${t}: ${sb.z[o + t]}`);
    assert.ok(Math.abs(sb.cusum[o + t]! - (j + 1) * (z - 0.5)) < 1e-8, `S at ${t}: ${sb.cusum[o + t]}`);
    assert.ok(
      zNull.p(sb.z[o + t]!, true) > threshold,
      `z alone does not alert at ${t}: p ${zNull.p(sb.z[o + t]!, true)}`,
    );
    if (sNull.p(sb.cusum[o + t]!, true) <= threshold) crossed = true;
  }
  assert.ok(crossed, 'the CUSUM alerts within the 4 intervals');
  assert.ok(sNull.p(sb.cusum[o + 14]!, true) === 1);
});

test('values: a series already in log2 units scores as its bytes do, and NaN is unobserved (not in the history, the CUSUM carries over it)', () => {
  const x = [10, 11, 10, 12, 10, 20, 10];
  const host = x.map(() => 2);
  const interval = x.map((_, t) => t);
  const a = selfBaseline({ host, interval, bytes: x.map(bytesOf) });
  const b = selfBaseline({ host, interval, values: x });
  for (let i = 0; i < x.length; i++) assert.ok(Object.is(a.z[i], b.z[i]) || near(a.z[i]!, b.z[i]!, 1e-9), `z ${i}`);
  // A NaN at t = 4 is as if the row were missing.
  const gap = selfBaseline({ host, interval, values: [10, 11, 10, 12, NaN, 20, 10] });
  const missing = selfBaseline({
    host: [2, 2, 2, 2, 2, 2],
    interval: [0, 1, 2, 3, 5, 6],
    values: [10, 11, 10, 12, 20, 10],
  });
  assert.ok(Number.isNaN(gap.z[4]!) && Number.isNaN(gap.cusum[4]!), 'a NaN point gets no score');
  assert.ok(
    near(gap.cusum[5]!, missing.cusum[4]!) && near(gap.z[6]!, missing.z[5]!),
    'a NaN point is as if the row were missing',
  );
  assert.throws(() => selfBaseline({ host, interval }), /either bytes or values/);
  assert.throws(() => selfBaseline({ host, interval, bytes: x, values: x }), /either bytes or values/);
});

test('variance, hand-computed: the history scale is per unit of its median sampling variance, and a point noisier than that gets a proportionally wider scale', () => {
  // x = 0, 0.2, −0.2, 0, 1, 1 with variances 0.01 except the last (0.04: a quarter of the flows).
  const x = [0, 0.2, -0.2, 0, 1, 1];
  const variance = [0.01, 0.01, 0.01, 0.01, 0.01, 0.04];
  const host = x.map(() => 1);
  const interval = x.map((_, t) => t);
  const options = { moderate: false, scaleFloor: 0.01 };
  const r = selfBaseline({ host, interval, values: x, variance }, options);
  // t = 4: history 0, 0.2, −0.2, 0: median 0, MAD 0.1; t = 5: history adds 1: MAD 0.2, and 0.04/0.01 = 4 doubles the scale.
  assert.ok(near(r.scale[4]!, 0.14826) && near(r.z[4]!, 1 / 0.14826), `t = 4: ${r.scale[4]}, ${r.z[4]}`);
  assert.ok(near(r.scale[5]!, 2 * 0.29652) && near(r.z[5]!, 1 / (2 * 0.29652)), `t = 5: ${r.scale[5]}, ${r.z[5]}`);
  const plain = selfBaseline({ host, interval, values: x }, options);
  assert.ok(near(plain.z[5]!, 1 / 0.29652), 'without variances every point is alike');
  assert.throws(() => selfBaseline({ host, interval, values: x, variance: [1, 1] }, options), /variance has 2 entries/);
  assert.throws(
    () => selfBaseline({ host, interval, values: x, variance: x.map(() => 0) }, options),
    /variance must be positive/,
  );
});

test("variance: flow counts that spread the hosts' scales 10× are explained (τ² ≈ 0 against ≈ 1.8 without), a busy host's 1 log2-unit shift reaches z ≥ 4, its quiet 2-flow day with a chance 1.5-unit swing stays below 2, and clean z > 3 is rare", () => {
  const random = createRandom(21);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hosts = 80;
  const T = 14;
  const sigma = 2.5; // sd of one flow's log2 size
  const host: number[] = [];
  const interval: number[] = [];
  const values: number[] = [];
  const variance: number[] = [];
  for (let h = 0; h < hosts; h++) {
    const flows = h === 0 ? 400 : Math.round(4 * 100 ** random());
    const level = 4 * normal();
    for (let t = 0; t < T; t++) {
      let n = flows;
      let x = level + sigma * Math.sqrt(2 / n) * normal();
      if (h === 0 && t >= 8) x += 1; // the busy host's shift
      if (h === 0 && t === 6) {
        n = 2; // a quiet day: two flows, a chance swing of 1.5 units (0.6 of its sampling sd)
        x = level + 1.5;
      }
      host.push(h);
      interval.push(t);
      values.push(x);
      variance.push(2 / n);
    }
  }
  const withVar = selfBaseline({ host, interval, values, variance }, { scaleFloor: 0.01 });
  const without = selfBaseline({ host, interval, values }, { scaleFloor: 0.01 });
  const tauWith = withVar.diagnostics.moderation!.spread;
  const tauWithout = without.diagnostics.moderation!.spread;
  assert.ok(tauWith < 0.3, `τ² with variances ${tauWith}`);
  assert.ok(tauWithout > 1, `τ² without ${tauWithout}`);
  const z0 = (t: number) => withVar.z[t]!;
  assert.ok(Math.min(z0(8), z0(9), z0(10)) >= 4, `shifted z ${z0(8)}, ${z0(9)}, ${z0(10)}`);
  assert.ok(z0(6) < 2, `quiet day z ${z0(6)}`);
  let big = 0;
  let scored = 0;
  for (let i = T; i < host.length; i++)
    if (Number.isFinite(withVar.z[i]!)) {
      scored++;
      if (withVar.z[i]! > 3) big++;
    }
  assert.ok(big / scored < 0.01, `clean z > 3: ${big} of ${scored}`);
});

/**
 * The null population's upload and a flow-size ratio for every point (a host's own level and
 * spread, normal noise), plus injected hosts in group 0: each with its level against the group's
 * median (log2), its spread (of the upload and the ratio), and its shift of both.
 */
function evidenceWith(injected: { level: number; sd: number; shift: (t: number) => number }[], seed = 1) {
  const pop = nullPopulation(seed);
  const random = createRandom(seed + 40);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const hostLevel = new Map<number, [number, number]>();
  const host = [...pop.host];
  const interval = [...pop.interval];
  const group = [...pop.group];
  const upload = [...pop.upload];
  // Each null host's ratio: its own level and its own spread (0.2 … 0.8 log2, as the population's volumes).
  const ratio = host.map((h) => {
    if (!hostLevel.has(h)) hostLevel.set(h, [2 * normal(), 0.2 + 0.6 * random()]);
    const [level, sd] = hostLevel.get(h)!;
    return level + sd * normal();
  });
  const own = pop.upload.filter((_, i) => pop.group[i] === 0).map((b) => Math.log2(1 + b));
  const groupLevel = own.sort((x, y) => x - y)[own.length >> 1]!;
  const offsets = injected.map((inj, k) => {
    const start = host.length;
    for (let t = 0; t < pop.intervals; t++) {
      host.push(100000 + k);
      interval.push(t);
      group.push(0);
      upload.push(Math.round(bytesOf(groupLevel + inj.level + inj.sd * normal() + inj.shift(t))));
      ratio.push(-1 + inj.sd * normal() + inj.shift(t));
    }
    return start;
  });
  const ref = peerReference({ group, interval, bytes: upload });
  const input = { host, interval, group, upload, peerLocation: ref.location, peerScale: ref.scale };
  return { input, ratio, offsets, ref, upload, group, interval, hosts: pop.hosts, nullPoints: pop.host.length };
}

/** Each host's smallest p, ascending: the hosts ranked as hosts.csv ranks them by one view. */
function hostRanking(host: ArrayLike<number>, p: ArrayLike<number>): { host: number; p: number }[] {
  const best = new Map<number, number>();
  for (let i = 0; i < p.length; i++) if (!(p[i]! >= (best.get(host[i]!) ?? Infinity))) best.set(host[i]!, p[i]!);
  return [...best].map(([h, v]) => ({ host: h, p: v })).sort((a, b) => a.p - b.p);
}

test("selfBaselineEvidence: a host that doubles its OWN volume while inside its group's range is ranked first of 601 hosts by the upload's view, and among the first 3 when the view also carries the flow-size ratio's two parts (Bonferroni's ×3)", () => {
  const { input, ratio, offsets, upload, group, interval } = evidenceWith([
    { level: -1.2, sd: 0.25, shift: (t) => (t >= 15 ? 1 : 0) },
  ]);
  const o = offsets[0]!;
  for (let t = 15; t < 30; t++) {
    const inGroup = upload.filter((_, i) => group[i] === 0 && interval[i] === t && i < o);
    assert.ok(upload[o + t]! < Math.max(...inGroup) && upload[o + t]! > Math.min(...inGroup), `t = ${t}: in range`);
  }
  for (const withRatio of [false, true]) {
    const e = selfBaselineEvidence(withRatio ? { ...input, sizeRatio: ratio } : input);
    const ranking = hostRanking(input.host, e.p);
    assert.equal(ranking.length, 601);
    const rank = ranking.findIndex((r) => r.host === 100000) + 1;
    assert.ok(
      rank === 1 || (withRatio && rank <= 3),
      `with ratio ${withRatio}: rank ${rank}, ${JSON.stringify(ranking.slice(0, 3))}`,
    );
    assert.ok(ranking[rank - 1]!.p <= threshold, `p ${ranking[rank - 1]!.p}`);
  }
});

test('selfBaselineEvidence: a steady host 2.5× its own level for 5 intervals reaches p ≤ 0.005 by the accumulation; the same host 2.5× for a single interval does not', () => {
  const shift = Math.log2(2.5);
  const { input, offsets } = evidenceWith([
    { level: 0, sd: 0.1, shift: (t) => (t >= 15 && t < 20 ? shift : 0) },
    { level: 0, sd: 0.1, shift: (t) => (t === 15 ? shift : 0) },
  ]);
  const e = selfBaselineEvidence(input);
  const [sustained, single] = offsets as [number, number];
  const sustainedP = Array.from({ length: 5 }, (_, j) => e.p[sustained + 15 + j]!);
  // The CUSUM grows each interval, so the view's p falls: accumulation, not one interval.
  for (let j = 1; j < 5; j++) assert.ok(sustainedP[j]! < sustainedP[j - 1]!, `p falls: ${sustainedP.join(', ')}`);
  assert.ok(sustainedP[0]! > threshold, `one interval is not enough: ${sustainedP[0]}`);
  assert.ok(sustainedP[4]! <= threshold, `five are: ${sustainedP[4]}`);
  let singleMin = 1;
  for (let t = 0; t < 30; t++) singleMin = Math.min(singleMin, e.p[single + t]!);
  assert.ok(singleMin > threshold, `a single 2.5× interval: smallest p ${singleMin}`);
});

test('selfBaselineEvidence: the view p is the Bonferroni bound of the calibrated parts, valid and conservative on a null population; re-calibrated (option recalibrate) it is uniform (KS p > 0.01 below the atom of "no evidence")', () => {
  const { input, ratio, nullPoints } = evidenceWith([], 3);
  const e = selfBaselineEvidence({ ...input, sizeRatio: ratio });
  // The parts are the population calibrations (on run maxima) of the CUSUMs and z's, joined by m · min.
  const tail = { clusters: { unit: input.host, time: input.interval } };
  const uc = calibrateByGroup(e.upload.cusum, undefined, tail).p;
  const sz = calibrateByGroup(e.size!.z, undefined, tail).p;
  for (const i of [5, 500, 5000, nullPoints - 1]) {
    assert.equal(e.parts.upload_cusum[i], uc[i]);
    assert.equal(e.parts.size_z[i], sz[i]);
    const present = SELF_BASELINE_PARTS.map((k) => e.parts[k][i]!).filter((v) => !Number.isNaN(v));
    assert.equal(e.bonferroni[i], Math.min(1, present.length * Math.min(...present)));
  }
  assert.deepEqual([...e.p], [...e.bonferroni]);
  // Valid and conservative: the bound puts at most α of the points at or below α (tolerance 10 %
  // for the tail beyond the sample's 95th percentile, which is fitted, not counted), and is not uniform.
  for (const alpha of [0.001, 0.01, 0.05, 0.1]) {
    const share = [...e.p].filter((v) => v <= alpha).length / e.p.length;
    assert.ok(share <= 1.1 * alpha, `α ${alpha}: share ${share}`);
  }
  const ksRaw = ksUniform([...e.p].filter((v) => v < 1));
  assert.ok(ksRaw.pValue < 1e-6, `the bound alone is not uniform: KS p ${ksRaw.pValue}`);
  // Re-calibrated: uniform. Points whose every part says "no evidence" share the top p; test below it.
  const r = selfBaselineEvidence({ ...input, sizeRatio: ratio }, { recalibrate: true });
  const finite = [...r.p].filter((v) => !Number.isNaN(v));
  const top = Math.max(...finite.filter((v) => v < 1));
  const ks = ksUniform(finite.filter((v) => v < 1).map((v) => v / top));
  assert.ok(ks.pValue > 0.01, `KS p ${ks.pValue}, D ${ks.statistic}, n ${ks.n}`);
});

test('selfBaselineEvidence keeps magnitude: a host whose flow-size ratio rises 8× (3 log2 units, 10 spreads) for 10 intervals gets a view p far below 1/n; re-calibrating the bound keeps it too with the declustered tail (the default), and gives back more than 10× of it (1.5× moderated: a lighter null tail extrapolates further) with a tail fitted on every excess (its run fills that tail)', () => {
  const { input, ratio, offsets, nullPoints } = evidenceWith([
    { level: 0, sd: 0.3, shift: (t) => (t >= 15 && t < 25 ? 3 : 0) },
  ]);
  const o = offsets[0]!;
  const n = input.host.length;
  const best = (p: Float64Array) => Math.min(...Array.from({ length: 10 }, (_, j) => p[o + 15 + j]!));
  for (const [moderate, lost] of [
    [false, 10],
    [true, 1.5],
  ] as const) {
    const options = { upload: { moderate }, size: { moderate } };
    const e = selfBaselineEvidence({ ...input, sizeRatio: ratio }, options);
    // Its CUSUM is beyond every null host's: the top rank alone would be p = 1/n.
    const nullMax = Math.max(...[...e.size!.cusum].slice(0, nullPoints).filter((v) => !Number.isNaN(v)));
    assert.ok(e.size!.cusum[o + 24]! > 2 * nullMax, `CUSUM ${e.size!.cusum[o + 24]} vs null max ${nullMax}`);
    assert.ok(best(e.p) < 0.01 / n, `bound: ${best(e.p)} (1/n = ${1 / n})`);
    const r = selfBaselineEvidence({ ...input, sizeRatio: ratio }, { ...options, recalibrate: true });
    assert.ok(best(r.p) < 0.01 / n, `moderate ${moderate}: re-calibrated, declustered ${best(r.p)}`);
    const plain = { ...options, decluster: false };
    const e1 = selfBaselineEvidence({ ...input, sizeRatio: ratio }, plain);
    const r1 = selfBaselineEvidence({ ...input, sizeRatio: ratio }, { ...plain, recalibrate: true });
    assert.ok(
      best(r1.p) > lost * best(e1.p),
      `moderate ${moderate}: per excess, re-calibrated ${best(r1.p)}, bound ${best(e1.p)}`,
    );
  }
});

test('freezeAbove: held out of the history while the CUSUM is above it, a sustained shift keeps accumulating instead of becoming the baseline; after maxFrozen intervals it is the new normal', () => {
  // 14 steady intervals (10, 10.5 alternating: median 10.25, scale 0.5), then 12 for 20 intervals.
  const x = [...Array.from({ length: 14 }, (_, t) => (t % 2 ? 10.5 : 10)), ...Array.from({ length: 20 }, () => 12)];
  const input = { host: x.map(() => 1), interval: x.map((_, t) => t), values: x };
  const open = selfBaseline(input);
  const frozen = selfBaseline(input, { freezeAbove: 4, maxFrozen: 10 });
  // Without freezing, the median reaches 12 once more than half the window holds the shift (t = 22), and S falls.
  assert.ok(
    near(open.location[22]!, 12) && open.cusum[26]! < open.cusum[21]!,
    `unfrozen: location ${open.location[22]}, S ${open.cusum[21]} → ${open.cusum[26]}`,
  );
  // Frozen: t = 14 scores z = (12 − 10.25)/0.5 = 3.5, S = 0.5 + 2.5 = 3 ≤ 4 (S alternates 0.5, 0
  // before), so it enters the history; from
  // then on the median is 10.5 (7 × 10, 7 × 10.5 and one 12 in the last 14), z = 3, S grows by 2.5
  // each interval and no interval enters.
  assert.ok(
    near(frozen.location[14]!, 10.25) && near(frozen.z[14]!, 3.5) && near(frozen.cusum[14]!, 3),
    `t = 14: ${frozen.location[14]}, ${frozen.z[14]}, ${frozen.cusum[14]}`,
  );
  for (let t = 15; t < 25; t++) {
    assert.ok(near(frozen.location[t]!, 10.5) && near(frozen.z[t]!, 3), `t = ${t}`);
    assert.ok(near(frozen.cusum[t]!, 3 + 2.5 * (t - 14)), `S at ${t}: ${frozen.cusum[t]}`);
  }
  // Intervals 15 … 24 were held out; the 10th adopts them (the new normal) and restarts S.
  assert.equal(frozen.diagnostics.frozen, 10);
  assert.equal(frozen.diagnostics.adopted, 1);
  assert.ok(near(frozen.location[25]!, 12) && frozen.cusum[25] === 0, `restarted: ${frozen.cusum[25]}`);
  assert.throws(() => selfBaseline(input, { maxFrozen: 0 }), /option maxFrozen/);
});

/** A null population: `hosts` hosts × `intervals` intervals of N(level, σ_h) values, σ_h from `sigma(h)`. */
function scaledNull(hosts: number, intervals: number, sigma: (h: number) => number, seed: number) {
  const random = createRandom(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
  const host: number[] = [];
  const interval: number[] = [];
  const values: number[] = [];
  for (let h = 0; h < hosts; h++) {
    const level = 10 * random();
    for (let t = 0; t < intervals; t++) {
      host.push(h);
      interval.push(t);
      values.push(level + sigma(h) * normal());
    }
  }
  return { host, interval, values };
}

test("moderation: the population's scale and its true spread τ² are estimated (one scale for all: τ² ≈ 0; log-uniform scales over 4×: τ² ≈ (2 ln 4)²/12 = 0.64)", () => {
  const same = selfBaseline(
    scaledNull(400, 14, () => 1.2, 1),
    { scaleFloor: 0.01 },
  ).diagnostics.moderation!;
  assert.ok(Math.abs(same.scale / 1.2 - 1) < 0.08 && same.spread < 0.15, JSON.stringify(same));
  const spread = selfBaseline(
    scaledNull(400, 14, (h) => 0.6 * 4 ** (((h * 0.618) % 1) - 0.5), 2),
    { scaleFloor: 0.01 },
  ).diagnostics.moderation!;
  assert.ok(spread.spread > 0.35 && spread.spread < 0.95, JSON.stringify(spread));
  // Fewer than 10 hosts with 7 or more points: nothing to estimate, the own MAD as it is.
  assert.equal(selfBaseline(scaledNull(9, 14, () => 1, 3)).diagnostics.moderation, null);
});

test('moderation lightens the null tail of z at short histories: with every host N(·, 1), z > 3 at 3–7 intervals of history is > 8× rarer moderated (≈ 0.003: the normal tail of x − median, whose sd is ≈ 1.1–1.3) than with the raw MAD (≈ 0.08)', () => {
  const input = scaledNull(2000, 8, () => 1, 4);
  const share = (moderate: boolean) => {
    const r = selfBaseline(input, { moderate, scaleFloor: 0.01 });
    let own = 0;
    let over = 0;
    for (let i = 0; i < r.z.length; i++)
      if (r.baseline[i] === BASELINE.own) {
        own++;
        if (r.z[i]! > 3) over++;
      }
    return over / own;
  };
  const raw = share(false);
  const moderated = share(true);
  assert.ok(raw > 0.05, `raw MAD: ${raw}`);
  assert.ok(moderated < 0.006, `moderated: ${moderated}`);
});
