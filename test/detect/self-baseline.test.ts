import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertThreshold, BASELINE, peerReference, selfBaseline } from '../../src/detect/index.js';
import { calibrateTail, createRandom } from '../../src/stats/index.js';
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
