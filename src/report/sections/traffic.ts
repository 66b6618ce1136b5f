import type { TrafficPoint } from '../../pipeline/index.js';
import { SECONDS_PER_DAY } from '../../seconds-per-day.js';
import { byteUnit } from '../byte-unit.js';
import type { ReportChart, ReportSection } from '../report-section.js';

function chart(id: string, title: string, points: TrafficPoint[]): ReportChart {
  const data = points.map((p) => ({
    day: (p.start + p.end) / 2 / SECONDS_PER_DAY,
    start: p.start / SECONDS_PER_DAY,
    end: p.end / SECONDS_PER_DAY,
    upload: p.upload,
    download: p.download,
    hosts: p.hosts,
  }));
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
  async render({ data, summary }) {
    const { total, compromised, bucketSeconds } = data.traffic;
    // An empty run (--allow-empty): a chart without points makes Vega warn of infinite extents.
    if (total.length === 0)
      return { html: '<p class="note">No human host has a flow in any interval: nothing to draw.</p>', charts: [] };
    const charts = [chart('traffic-total', 'Upload and download of all human hosts', total)];
    if (compromised.length > 0)
      charts.push(chart('traffic-compromised', 'Upload and download of compromised human hosts', compromised));
    const wider =
      bucketSeconds > summary.interval
        ? ` Each point sums ${bucketSeconds / summary.interval} intervals (${bucketSeconds} s), so the chart stays small; its bars count the distinct hosts active in them.`
        : '';
    return {
      html:
        charts.map((c) => `<div class="chart" data-chart="${c.id}"></div>`).join('\n') +
        `<p class="note">Bars: human hosts with at least one flow in the interval. Lines: bytes summed over those hosts.${wider}</p>`,
      charts,
    };
  },
};
