import { test } from 'node:test';
import assert from 'node:assert/strict';
import { alertThreshold, selectAlerts } from '../../src/detect/index.js';
import { createRandom } from '../../src/stats/index.js';

test('p* = B/1000 · interval/86400: 0.005 at daily intervals and the default budget of 5, 5/24000 hourly, capped at 1', () => {
  assert.equal(alertThreshold({ intervalSeconds: 86400 }).threshold, 0.005);
  assert.ok(Math.abs(alertThreshold({ intervalSeconds: 3600 }).threshold - 5 / 24000) < 1e-18);
  assert.equal(alertThreshold({ intervalSeconds: 3600, budget: 24 }).threshold, 0.001);
  assert.equal(alertThreshold({ intervalSeconds: 86400 * 400, budget: 5 }).threshold, 1);
  assert.equal(alertThreshold({ intervalSeconds: 86400 }).hostIntervalsPerDayPer1000, 1000);
  assert.throws(() => alertThreshold({ intervalSeconds: 3600, budget: 0 }), /option budget must be a positive number/);
  assert.throws(() => alertThreshold({ intervalSeconds: -1 }), /intervalSeconds/);
});

test('on a null population (2,000 hosts × 60 days, hourly and daily) the false alerts per day per 1,000 hosts equal the budget within 3.5 binomial sd', () => {
  const random = createRandom(61);
  const hosts = 2000;
  const days = 60;
  for (const [intervalSeconds, budget] of [
    [86400, 5],
    [3600, 5],
    [3600, 20],
  ] as const) {
    const perDay = 86400 / intervalSeconds;
    const n = hosts * days * perDay;
    const p = Float64Array.from({ length: n }, () => random());
    const { threshold } = alertThreshold({ intervalSeconds, budget });
    const alerts = selectAlerts(p, threshold);
    const rate = alerts.points.length / days / (hosts / 1000);
    const expected = n * threshold;
    const tolerance = (3.5 * Math.sqrt(expected)) / days / (hosts / 1000);
    assert.ok(
      Math.abs(rate - budget) <= tolerance,
      `${intervalSeconds} s, budget ${budget}: ${rate} per day per 1,000 hosts (± ${tolerance})`,
    );
    assert.equal(alerts.tested, n);
    assert.ok(Math.abs(alerts.expectedFalse - expected) < 1e-6);
  }
});

test('alerts come strongest first (ln p breaks ties where p underflows), NaN is not tested', () => {
  const p = [0.004, NaN, 0, 0.2, 0, 0.001];
  const logP = [Math.log(0.004), NaN, -900, Math.log(0.2), -1200, Math.log(0.001)];
  const r = selectAlerts(p, 0.005, { logP });
  assert.deepEqual([...r.points], [4, 2, 5, 0]);
  assert.equal(r.tested, 5);
  assert.deepEqual([...selectAlerts(p, 0.005).points], [2, 4, 5, 0]);
});
