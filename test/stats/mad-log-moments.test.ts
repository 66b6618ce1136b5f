import { test } from 'node:test';
import assert from 'node:assert/strict';
import { madLogMoments } from '../../src/stats/index.js';
import { simulateMadLogMoments } from '../../src/stats/mad-log-moments.js';

test('madLogMoments(2) matches the exact law: 1.4826·MAD of 2 normals is 1.4826·|Z|/√2, so ln s² = ln(1.4826²/2) + ln Z²', () => {
  // E ln Z² = ψ(1/2) + ln 2 = −γ − ln 2; Var ln Z² = ψ′(1/2) = π²/2.
  const mean = Math.log(1.4826 ** 2 / 2) - 0.5772156649015329 - Math.LN2;
  const variance = Math.PI ** 2 / 2;
  const m = madLogMoments(2);
  // 200,000 samples: standard error of the mean √(4.93/200000) = 0.005, of the variance ≈ 0.03.
  assert.ok(Math.abs(m.mean - mean) < 0.02, `mean ${m.mean} vs ${mean}`);
  assert.ok(Math.abs(m.variance - variance) < 0.12, `variance ${m.variance} vs ${variance}`);
});

test('the table agrees with a fresh simulation of another seed (20,000 samples; within 4 standard errors)', () => {
  for (const n of [3, 5, 8, 14, 32]) {
    const t = madLogMoments(n);
    const f = simulateMadLogMoments(n, 20000, 7);
    const se = Math.sqrt(t.variance / 20000);
    assert.ok(Math.abs(t.mean - f.mean) < 4 * se, `n ${n}: mean ${t.mean} vs ${f.mean}`);
    // The variance of a heavy-tailed log: its standard error is a few % at 20,000 samples.
    assert.ok(Math.abs(t.variance / f.variance - 1) < 0.08, `n ${n}: variance ${t.variance} vs ${f.variance}`);
  }
});

test('madLogMoments: biased low and noisy for few values, shrinking like the asymptotic 5.44/n; the simulated and asymptotic branches meet at 32/33', () => {
  const at = (n: number) => madLogMoments(n);
  assert.ok(at(3).mean < -1 && at(3).variance > 3, JSON.stringify(at(3)));
  for (let n = 3; n < 32; n++) assert.ok(at(n + 1).variance < at(n).variance * 1.1, `variance at ${n + 1} vs ${n}`);
  assert.ok(Math.abs(at(32).variance / at(33).variance - 33 / 32) < 0.15, `${at(32).variance} vs ${at(33).variance}`);
  assert.ok(Math.abs(at(32).mean - at(33).mean) < 0.03, `${at(32).mean} vs ${at(33).mean}`);
  assert.throws(() => madLogMoments(1), RangeError);
});
