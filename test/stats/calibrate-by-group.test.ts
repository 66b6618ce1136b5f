import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calibrateByGroup, calibrateTail, ksUniform } from '../../src/stats/index.js';
import { samplers } from './samplers.js';

/** Group 1: 3000 Exp(1); group 2: 3000 Exp(1)·10; group 3: 100 Exp(1)·3 (too small for its own null). */
function fixture() {
  const s = samplers(21);
  const values: number[] = [];
  const groups: number[] = [];
  for (const [g, size, scale] of [
    [2, 3000, 10],
    [1, 3000, 1],
    [3, 100, 3],
  ] as const) {
    for (let i = 0; i < size; i++) {
      values.push(scale * s.exponential());
      groups.push(g);
    }
  }
  return { values: Float64Array.from(values), groups: Int32Array.from(groups) };
}

test('each large group is its own null (p equal to calibrateTail on its values, uniform within it); the small group falls back to the population', () => {
  const { values, groups } = fixture();
  const r = calibrateByGroup(values, groups);
  assert.deepEqual(
    r.groups.map((g) => [g.group, g.n, g.diagnostics !== null]),
    [
      [1, 3000, true],
      [2, 3000, true],
      [3, 100, false],
    ],
  );
  for (const g of [1, 2]) {
    const idx = [...groups.keys()].filter((i) => groups[i] === g);
    const model = calibrateTail(idx.map((i) => values[i]!));
    for (const i of idx.slice(0, 200)) assert.equal(r.p[i], model.p(values[i]!, true));
    assert.ok(idx.every((i) => r.ownGroup[i] === 1));
    assert.ok(ksUniform(idx.map((i) => r.p[i]!)).pValue > 0.05);
  }
  const population = calibrateTail(values);
  for (let i = 0; i < values.length; i++) {
    if (groups[i] !== 3) continue;
    assert.equal(r.ownGroup[i], 0);
    assert.equal(r.p[i], population.p(values[i]!, true));
  }
  assert.equal(r.population.n, 6100);
});

test("clusters travel with their values: each group is calibrated on its own points' units and times (p equal to calibrateTail on the group with its clusters), the population on all", () => {
  const { values, groups } = fixture();
  // Units of 10 consecutive points each, numbered across the whole array; time = position in the unit.
  const unit = Float64Array.from(values, (_, i) => Math.floor(i / 10));
  const time = Float64Array.from(values, (_, i) => i % 10);
  const clusters = { unit, time };
  const r = calibrateByGroup(values, groups, { clusters });
  for (const g of [1, 2]) {
    const idx = [...groups.keys()].filter((i) => groups[i] === g);
    const model = calibrateTail(
      idx.map((i) => values[i]!),
      { clusters: { unit: idx.map((i) => unit[i]!), time: idx.map((i) => time[i]!) } },
    );
    assert.ok(model.diagnostics.clusters < model.diagnostics.exceedances);
    for (const i of idx.slice(0, 200)) assert.equal(r.p[i], model.p(values[i]!, true));
  }
  const population = calibrateTail(values, { clusters });
  for (let i = 0; i < values.length; i++) if (groups[i] === 3) assert.equal(r.p[i], population.p(values[i]!, true));
});

test('the peer group sets the scale: a value of 15 is extreme in the Exp(1) group (p < 1e−5) and ordinary in the Exp(1)·10 group (p > 0.1)', () => {
  const { values, groups } = fixture();
  const v = Float64Array.from([...values, 15, 15]);
  const g = Int32Array.from([...groups, 1, 2]);
  const r = calibrateByGroup(v, g);
  assert.ok(r.p[v.length - 2]! < 1e-5, `${r.p[v.length - 2]}`);
  assert.ok(r.p[v.length - 1]! > 0.1, `${r.p[v.length - 1]}`);
});

test('without groups every point is scored against the population; NaN stays NaN; a length mismatch is refused', () => {
  const r = calibrateByGroup([1, 2, NaN, 4]);
  assert.deepEqual(
    [...r.p].map((p) => (Number.isNaN(p) ? 'NaN' : p)),
    [1, 2 / 3, 'NaN', 1 / 3],
  );
  assert.throws(() => calibrateByGroup([1, 2], [1]), /groups has 1 entries/);
});

test('a group whose values are nearly all one point mass (97 % zeros: 90 values above it, fewer than minGroupTail = 100) uses the population null', () => {
  const s = samplers(22);
  const values: number[] = [];
  const groups: number[] = [];
  for (const [g, share] of [
    [1, 0.03],
    [2, 0.3],
  ] as const) {
    for (let i = 0; i < 3000; i++) {
      values.push(s.uniform() < share ? 1 + s.exponential() : 0);
      groups.push(g);
    }
  }
  const r = calibrateByGroup(values, groups);
  const [sparse, dense] = r.groups;
  assert.equal(sparse!.diagnostics, null);
  assert.ok(dense!.diagnostics !== null && dense!.diagnostics.exceedances > 0);
  assert.ok(groups.every((g, i) => r.ownGroup[i] === (g === 2 ? 1 : 0)));
});
