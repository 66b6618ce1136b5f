import { test } from 'node:test';
import assert from 'node:assert/strict';
import { traffic } from '../../../src/report/sections/traffic.js';
import type { AnalyzeSummary, ReportData } from '../../../src/pipeline/index.js';

const summary = { interval: 86400 } as AnalyzeSummary;

test('no traffic (an --allow-empty run): the section says so and draws no chart, which Vega would warn of', async () => {
  const data = { traffic: { total: [], compromised: [], bucketSeconds: 86400 } } as unknown as ReportData;
  const out = await traffic.render({ summary, data });
  assert.deepEqual(out!.charts, []);
  assert.match(out!.html, /No human host has a flow in any interval/);
});

test('with traffic: the total chart, and the compromised one only when there are compromised points', async () => {
  const point = { start: 0, end: 86400, upload: 5e6, download: 2e6, hosts: 3 };
  const data = { traffic: { total: [point], compromised: [], bucketSeconds: 86400 } } as unknown as ReportData;
  const out = await traffic.render({ summary, data });
  assert.deepEqual(
    out!.charts.map((c) => c.id),
    ['traffic-total'],
  );
});
