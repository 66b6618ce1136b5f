import { test } from 'node:test';
import assert from 'node:assert/strict';
import { peerScores } from '../../../src/report/sections/peer-scores.js';
import type { AnalyzeSummary, ReportData } from '../../../src/pipeline/index.js';

const summary = { files: {} } as unknown as AnalyzeSummary;
const data = (groups: { group: number; hosts: number }[]) =>
  ({ peers: { groups, links: [], ranked: [], evaluation: null } }) as unknown as ReportData;

test('no peer group (an --allow-empty run with no human host): a note and no chart, which Vega would warn of', async () => {
  const out = await peerScores.render({ summary, data: data([]) });
  assert.deepEqual(out!.charts, []);
  assert.doesNotMatch(out!.html, /data-chart=/);
  assert.match(out!.html, /No peer group: no human host/);
});

test('with groups: the peer-group chart and its placeholder', async () => {
  const out = await peerScores.render({ summary, data: data([{ group: 0, hosts: 7 }]) });
  assert.deepEqual(
    out!.charts.map((c) => c.id),
    ['peer-groups'],
  );
  assert.match(out!.html, /data-chart="peer-groups"/);
});
