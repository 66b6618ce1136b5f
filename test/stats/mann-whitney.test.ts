import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mannWhitneyU, createRandom } from '../../src/stats/index.js';
import { openDuckDb } from '../../src/engine/index.js';
import { golden, close } from './golden.js';

test(`U and p equal SciPy ${golden.scipy} (relative error ≤ 1e-9): ties, exact, identical, one element, p ≈ 1e-295`, () => {
  assert.ok(golden.mannwhitneyu.length > 80);
  for (const c of golden.mannwhitneyu) {
    const r = mannWhitneyU(c.x, c.y, { alternative: c.alternative, method: c.method, continuity: c.continuity });
    const label = `${c.name} ${c.alternative} ${c.method} continuity=${c.continuity}`;
    assert.equal(r.u, c.u, `${label}: U`);
    assert.ok(close(r.p, c.p), `${label}: p ${r.p} vs ${c.p}`);
  }
  const tail = golden.mannwhitneyu.find((c) => c.name === 'far_tail' && c.alternative === 'less')!;
  assert.ok(tail.p < 1e-290 && tail.p > 0);
});

test('the method auto picks as SciPy: exact for small samples without ties, asymptotic otherwise', () => {
  assert.equal(mannWhitneyU([1, 2, 3], [4, 5, 6, 7]).method, 'exact');
  assert.equal(mannWhitneyU([1, 2, 2], [4, 5, 6, 7]).method, 'asymptotic');
  assert.equal(
    mannWhitneyU(
      Array.from({ length: 9 }, (_, i) => i),
      Array.from({ length: 9 }, (_, i) => i + 0.5),
    ).method,
    'asymptotic',
  );
  const r = mannWhitneyU([1, 2, 3], [4, 5, 6, 7]);
  assert.equal(r.u + r.u2, 12);
  assert.equal(r.commonLanguageEffect, 0);
  assert.equal(r.rankBiserial, -1);
  assert.ok(Number.isNaN(mannWhitneyU([1, NaN], [2, 3]).p));
});

test('property: U equals the rank sum from DuckDB rank() minus n1(n1+1)/2, on seeded data with ties', async () => {
  const engine = await openDuckDb();
  try {
    const random = createRandom(42);
    for (let trial = 0; trial < 20; trial++) {
      const n1 = 1 + Math.floor(random() * 300);
      const n2 = 1 + Math.floor(random() * 300);
      const levels = 2 + Math.floor(random() * 50);
      const value = () => Math.floor(random() * levels) / 4;
      const x = Array.from({ length: n1 }, value);
      const y = Array.from({ length: n2 }, value);
      await engine.load('mwu', [
        { name: 'v', type: 'DOUBLE', values: [...x, ...y] },
        { name: 'g', type: 'INTEGER', values: [...x.map(() => 1), ...y.map(() => 2)] },
      ]);
      // Average rank of a tie group = (rank() + rank() + count − 1) / 2 with SQL's min-rank.
      const [row] = await engine.all<{ r: number }>(
        `SELECT sum(CASE WHEN g = 1 THEN (2 * rk + cnt - 1) / 2.0 END) AS r FROM (
           SELECT g, rank() OVER (ORDER BY v) AS rk, count(*) OVER (PARTITION BY v) AS cnt FROM mwu)`,
      );
      const u = Number(row!.r) - (n1 * (n1 + 1)) / 2;
      assert.equal(mannWhitneyU(x, y).u, u, `trial ${trial}`);
    }
  } finally {
    await engine.close();
  }
});
