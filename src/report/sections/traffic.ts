import { getOrInit } from '../../get-or-init.js';
import { SECONDS_PER_DAY } from '../../seconds-per-day.js';
import { byteUnit } from '../byte-unit.js';
import type { ReportChart, ReportSection, SeriesRow } from '../report-section.js';

/** Totals per interval: upload, download and active human hosts. */
function totals(
  rows: SeriesRow[],
  interval: number,
): { day: number; start: number; end: number; upload: number; download: number; hosts: number }[] {
  const by = new Map<number, { upload: number; download: number; hosts: number }>();
  for (const r of rows) {
    const t = getOrInit(by, r.interval, () => ({ upload: 0, download: 0, hosts: 0 }));
    t.upload += r.upload_bytes;
    t.download += r.download_bytes;
    t.hosts += 1;
  }
  return [...by]
    .sort((a, b) => a[0] - b[0])
    .map(([iv, t]) => ({
      day: (iv + interval / 2) / SECONDS_PER_DAY,
      start: iv / SECONDS_PER_DAY,
      end: (iv + interval) / SECONDS_PER_DAY,
      ...t,
    }));
}

function chart(id: string, title: string, rows: SeriesRow[], interval: number): ReportChart {
  const data = totals(rows, interval);
  const { unit, divisor } = byteUnit(Math.max(1, ...data.map((d) => Math.max(d.upload, d.download))));
  const long = data.flatMap((d) => [
    { day: d.day, direction: 'upload', value: d.upload / divisor },
    { day: d.day, direction: 'download', value: d.download / divisor },
  ]);
  const x = { field: 'day', type: 'quantitative', title: 'day (from the start of the data)', scale: { nice: false } };
  return {
    id,
    title,
    spec: {
      $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
      title,
      vconcat: [
        {
          title: { text: 'Active human hosts per interval', fontSize: 12 },
          width: 820,
          height: 90,
          data: { values: data },
          mark: { type: 'rect', color: '#8a96a8', stroke: '#fff', strokeWidth: 1 },
          encoding: {
            x: { ...x, field: 'start', axis: { title: null, labels: false } },
            x2: { field: 'end' },
            y: { field: 'hosts', type: 'quantitative', title: 'hosts' },
            tooltip: [{ field: 'hosts' }],
          },
        },
        {
          width: 820,
          height: 220,
          data: { values: long },
          mark: { type: 'line', point: true },
          encoding: {
            x,
            y: { field: 'value', type: 'quantitative', title: `${unit} per interval` },
            color: {
              field: 'direction',
              type: 'nominal',
              title: 'traffic',
              scale: { domain: ['upload', 'download'], range: ['#d1495b', '#2457a6'] },
            },
            tooltip: [
              { field: 'day', format: '.2f' },
              { field: 'direction' },
              { field: 'value', title: unit, format: ',.3~f' },
            ],
          },
        },
      ],
      resolve: { scale: { x: 'shared' } },
    },
  };
}

/** Section 3: the original's "Traffic Data Time Series" and "User Count", total and compromised. */
export const traffic: ReportSection = {
  id: 'traffic',
  title: 'Traffic over time',
  async render({ series, summary }) {
    const charts = [chart('traffic-total', 'Upload and download of all human hosts', series, summary.interval)];
    const compromised = series.filter((r) => r.compromised === 1);
    if (compromised.length > 0)
      charts.push(
        chart('traffic-compromised', 'Upload and download of compromised human hosts', compromised, summary.interval),
      );
    return {
      html:
        charts.map((c) => `<div class="chart" data-chart="${c.id}"></div>`).join('\n') +
        '<p class="note">Bars: human hosts with at least one flow in the interval. Lines: bytes summed over those hosts.</p>',
      charts,
    };
  },
};
