import { test } from 'node:test';
import assert from 'node:assert/strict';
import { scoreBeacons, type BeaconInput } from '../../src/detect/index.js';
import { createRandom } from '../../src/stats/index.js';

/** Connections of several pairs, appended pair by pair. */
function connections() {
  const rows = { pair: [] as number[], time: [] as number[], bytes: [] as number[] };
  const add = (pair: number, times: number[], sizes: (i: number) => number) =>
    times.forEach((t, i) => {
      rows.pair.push(pair);
      rows.time.push(t);
      rows.bytes.push(sizes(i));
    });
  return { rows, add };
}

const random = createRandom(41);
const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
/** n beats every `period` s with uniform ±jitter s, each dropped with probability `drop`. */
const beacon = (n: number, period: number, jitter: number, drop = 0) =>
  Array.from({ length: n }, (_, i) => 5000 + i * period + (2 * random() - 1) * jitter).filter(() => random() >= drop);
const poisson = (n: number, mean: number) => {
  let t = 0;
  return Array.from({ length: n }, () => (t += -mean * Math.log(1 - random())));
};

test('hand-computed pair: gaps 100, 110, 90, 120, 80, 100, 100, 130, 70, 100 and sizes ~500 give median gap 100, MAD 10, Bowley 0, timing 0.8, sizes 0.96, score 0.784', () => {
  const times = [0, 100, 210, 300, 420, 500, 600, 700, 830, 900, 1000];
  const sizes = [480, 500, 500, 500, 500, 500, 500, 500, 520, 540, 900];
  const r = scoreBeacons({ pair: times.map(() => 9), time: times, bytes: sizes }, { minDuration: 500 });
  assert.equal(r.pair[0], 9);
  assert.equal(r.connections[0], 11);
  assert.equal(r.firstTime[0], 0);
  assert.equal(r.lastTime[0], 1000);
  // Sorted gaps 70 80 90 100 100 100 100 110 120 130: median 100; |g − 100| sorted 0 0 0 0 10 10 20 20 30 30: MAD 10.
  assert.equal(r.medianGap[0], 100);
  assert.equal(r.gapMad[0], 10);
  // Q1 = 90 + 0.25·10 = 92.5, Q3 = 100 + 0.75·10 = 107.5 (type 7): Bowley (92.5 + 107.5 − 200)/15 = 0.
  assert.equal(r.gapSkew[0], 0);
  assert.ok(Math.abs(r.timing[0]! - (1 - 10 / (100 * 0.5))) < 1e-12);
  // Sizes: median 500, MAD 0, Q1 = 500, Q3 = 500 + 0.5·20 = 510: asymmetry 10/500, regularity 1 − 0.02/0.5.
  assert.equal(r.medianBytes[0], 500);
  assert.equal(r.bytesMad[0], 0);
  assert.ok(Math.abs(r.sizes[0]! - 0.96) < 1e-12);
  // Continuity 10·100/1000 = 1, persistence min(1, 1000/500) = 1.
  assert.equal(r.coverage[0], 1);
  assert.ok(Math.abs(r.score[0]! - 0.8 * (0.5 + 0.5 * 0.96)) < 1e-12);
  assert.ok(Math.abs(r.statistic[0]! + Math.log(1 - r.score[0]!)) < 1e-12);
  // With the default minDuration of an hour, 1000 s of activity is 0.2778 persistent.
  const short = scoreBeacons({ pair: times.map(() => 9), time: times, bytes: sizes });
  assert.ok(Math.abs(short.coverage[0]! - 1000 / 3600) < 1e-12);
});

test('a 60 s ± 2 s beacon with constant sizes scores ≥ 0.9 and above every Poisson pair with log-normal sizes (all ≤ 0.1); 5 % dropped beats still score ≥ 0.85', () => {
  const { rows, add } = connections();
  add(1, beacon(1000, 60, 2), () => 312);
  add(2, beacon(1000, 60, 2, 0.05), () => 312);
  for (let k = 0; k < 40; k++) {
    const mean = 30 + 900 * random();
    add(100 + k, poisson(200 + Math.floor(400 * random()), mean), () => Math.round(Math.exp(7 + normal())));
  }
  const r = scoreBeacons(rows);
  const score = new Map([...r.pair].map((p, g) => [p, r.score[g]!]));
  assert.ok(score.get(1)! >= 0.9, `beacon ${score.get(1)}`);
  assert.ok(score.get(2)! >= 0.85, `dropped ${score.get(2)}`);
  const g2 = [...r.pair].indexOf(2);
  assert.ok(r.connections[g2]! < 1000 && r.connections[g2]! > 900);
  assert.ok(Math.abs(r.medianGap[g2]! - 60) < 1, 'dropped beats do not move the median gap');
  let worst = 0;
  for (let g = 0; g < r.pair.length; g++) if (r.pair[g]! >= 100) worst = Math.max(worst, r.score[g]!);
  assert.ok(worst <= 0.1, `best Poisson pair ${worst}`);
  assert.equal(r.diagnostics.candidates, 42);
});

test('scale-free: a 10 s and a 1 h beacon with 3 % jitter time alike; integer-second timestamps do not wreck a tight beacon; bursts with long silences are not beacons', () => {
  const { rows, add } = connections();
  add(1, beacon(400, 10, 0.3), () => 100);
  add(2, beacon(400, 3600, 108), () => 100);
  add(3, beacon(400, 60, 2).map(Math.round), () => 100);
  // 20 sessions of 15 connections 1–6 s apart, hours between sessions.
  let t = 0;
  const bursts: number[] = [];
  for (let s = 0; s < 20; s++) {
    t += 3600 * (1 + 5 * random());
    for (let j = 0; j < 15; j++) bursts.push(Math.round((t += 1 + 5 * random())));
  }
  add(4, bursts, () => 800);
  const r = scoreBeacons(rows);
  assert.ok(Math.abs(r.timing[0]! - r.timing[1]!) < 0.05, `${r.timing[0]} vs ${r.timing[1]}`);
  assert.ok(r.timing[2]! > 0.9, `integer seconds: ${r.timing[2]}`);
  assert.ok(r.score[3]! < 0.05, `bursts: ${r.score[3]}`);
  assert.ok(r.coverage[3]! < 0.05);
});

test('rows in any order give the same result; pairs below minConnections keep their statistics but no score; bad options are refused', () => {
  const { rows, add } = connections();
  add(5, beacon(50, 300, 5), (i) => 200 + (i % 3));
  add(6, [10, 20, 35], () => 1);
  const order = rows.pair.map((_, i) => i).sort(() => random() - 0.5);
  const shuffled: BeaconInput = {
    pair: order.map((i) => rows.pair[i]!),
    time: order.map((i) => rows.time[i]!),
    bytes: order.map((i) => rows.bytes[i]!),
  };
  const a = scoreBeacons(rows);
  const b = scoreBeacons(shuffled);
  const ia = [...a.pair].indexOf(5);
  const ib = [...b.pair].indexOf(5);
  assert.equal(a.score[ia], b.score[ib]);
  assert.equal(a.gapMad[ia], b.gapMad[ib]);
  const small = [...a.pair].indexOf(6);
  assert.equal(a.connections[small], 3);
  assert.equal(a.medianGap[small], 12.5);
  assert.ok(Number.isNaN(a.score[small]!) && Number.isNaN(a.statistic[small]!));
  assert.throws(() => scoreBeacons(rows, { sizeWeight: 2 }), /option sizeWeight/);
  assert.throws(() => scoreBeacons(rows, { minConnections: 1 }), /option minConnections/);
});
