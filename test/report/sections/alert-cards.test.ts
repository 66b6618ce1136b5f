import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parse, View } from 'vega';
import { compile, type TopLevelSpec } from 'vega-lite';
import { alertCards } from '../../../src/report/sections/alert-cards.js';
import type { AnalyzeSummary, ReportData } from '../../../src/pipeline/index.js';

/** The x-axis tick labels of a card as vega draws them (server-side SVG, no browser). */
async function xLabels(interval: number, starts: number[]): Promise<string[]> {
  const host = {
    host: 'C1',
    peer_group: 0,
    score: 2,
    rank: 1,
    p_value: 0.01,
    top_view: 'peer_z',
    reason: 'r',
    first_alert_interval: null,
  };
  const data = {
    alertCards: {
      hosts: [host],
      uploads: starts.map((interval, i) => ({ host: 'C1', interval, upload: 1000 * (i + 1) })),
      bands: [],
      alerts: [],
    },
  } as unknown as ReportData;
  const summary = { interval, files: {}, detection: undefined } as unknown as AnalyzeSummary;
  const out = await alertCards.render({ summary, data });
  const view = new View(parse(compile(out!.charts[0]!.spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
  const svg = await view.toSVG();
  view.finalize();
  // The x axis is the one titled "day"; its labels are the role-axis-label texts of that axis group.
  const axes = svg.split('role-axis"').slice(1);
  const dayAxis = axes.find((a) => />day</.test(a.split('role-axis-title')[1] ?? ''))!;
  return [...dayAxis.split('role-axis-title')[0]!.matchAll(/<text[^>]*>([^<]*)<\/text>/g)].map((m) => m[1]!);
}

test('a card of daily intervals labels whole days, not 1.0, 1.1, 1.2, …', async () => {
  const labels = await xLabels(86400, [0, 86400, 172800]);
  assert.ok(labels.length >= 2, labels.join(' '));
  for (const l of labels) assert.match(l, /^\d+$/, `label ${l}`);
  assert.ok(labels.includes('1') && labels.includes('3'), labels.join(' '));
});

test('a single day of Unix time (Zeek) reads 15,542, not 15,542.000000', async () => {
  const labels = await xLabels(86400, [1342742400]);
  assert.deepEqual(labels, ['15,542']);
});

test('hourly intervals keep the fraction of the day, without trailing zeros', async () => {
  const labels = await xLabels(3600, [0, 3600 * 6, 3600 * 12, 3600 * 18, 86400]);
  assert.ok(
    labels.some((l) => /^1\.\d+$/.test(l)),
    labels.join(' '),
  );
  for (const l of labels) assert.doesNotMatch(l, /\.\d*0$/, `label ${l}`);
});
