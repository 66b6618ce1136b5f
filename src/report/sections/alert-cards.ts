import { escapeHtml } from '../escape-html.js';
import { htmlTable } from '../html-table.js';
import type { ReportChart, ReportSection } from '../report-section.js';
import { quantileSorted } from '../../stats/index.js';

/** The own baseline drawn on a card: the median of the host's last this many observed intervals (self_baseline's window). */
const WINDOW = 14;

/** Every column of hosts.csv and alerts.csv, as the glossary shows them. */
const GLOSSARY: [string, string][] = [
  ['host', 'The human host (a source computer of interactive logons).'],
  ['peer_group', 'Its peer group: Louvain communities of the user–host, logon and flow graph, small ones merged.'],
  [
    'score',
    "−log10 of the host's p_value (3 = one in a thousand host-intervals); hosts are ranked by it. An alert's score is the same for its host-interval.",
  ],
  ['rank', 'Position by score, 1 = least like its peers and its own past.'],
  [
    'p_value',
    "The combined p of the host's strongest host-interval: the views' calibrated p-values combined per host-interval (see README, Detection).",
  ],
  ['interval', 'Start (seconds) of the strongest host-interval (hosts.csv) or of the alert (alerts.csv).'],
  ['first_alert_interval', 'Start of the earliest host-interval over the alert budget; empty without an alert.'],
  ['top_view', 'The view with the smallest p in the strongest host-interval.'],
  ['reason', 'One sentence with the numbers behind the strongest host-interval (or the alert).'],
  ['views', 'alerts.csv: the views that drove the alert (p ≤ 0.01, or the smallest p), strongest first.'],
  [
    'evidence',
    'alerts.csv: the numbers behind the reason as JSON (every view p, bytes, medians, the edge, the service, the beacon).',
  ],
  [
    'upload_kde',
    'View: −log10 p of the leave-host-out KDE density of its upload within its group (strongest interval); a peer view: by default an interval counts only where it is also above the host’s own usual value.',
  ],
  [
    'peer_z',
    'View: −log10 p of the robust z of upload or download against its group in the same interval (a peer view, as upload_kde).',
  ],
  [
    'service_jsd',
    "View: −log10 p of the Jensen–Shannon divergence of its services from its group's in the interval (a peer view, as upload_kde).",
  ],
  ['lateral', 'View: −log10 p of its strongest first-time auth edge (rarity of source, account and destination).'],
  ['self_baseline', 'View: −log10 p of its upload against its own trailing 14 intervals (z) and the CUSUM of z.'],
  ['beacon', 'View: −log10 p of its most regular (remote host, port) pair: timing and size regularity, coverage.'],
  ['new_service', 'View: −log10 p of the bytes it sent to services no other member of its group ever used.'],
  [
    'compromised',
    'Only with a red-team file, for evaluation: 1 if the host is a red-team destination; empty without one.',
  ],
];

/** Section: the ranked hosts first, as alert cards, with the glossary of the output columns. */
export const alertCards: ReportSection = {
  id: 'alerts',
  title: 'Ranked hosts and their alerts',
  async render({ data, summary }) {
    const cards = data.alertCards;
    if (!cards) return null;
    const top = cards.hosts;
    const alerts = cards.alerts;
    const band = new Map(cards.bands.map((b) => [`${b.peer_group}|${b.interval}`, b]));
    const own = new Map<string, { interval: number; upload: number }[]>();
    for (const r of cards.uploads) {
      const list = own.get(r.host) ?? [];
      list.push({ interval: r.interval, upload: r.upload });
      own.set(r.host, list);
    }
    const day = (t: number) => t / 86400 + 1;
    const charts: ReportChart[] = [];
    const cardHtml = top.map((t, k) => {
      const points = (own.get(t.host) ?? []).sort((a, b) => a.interval - b.interval);
      const values: Record<string, number | string>[] = [];
      points.forEach((p, i) => {
        const b = band.get(`${t.peer_group}|${p.interval}`);
        const history = points
          .slice(Math.max(0, i - WINDOW), i)
          .map((x) => x.upload)
          .sort((x, y) => x - y);
        const row: Record<string, number | string> = { day: day(p.interval), upload: Math.max(1, p.upload) };
        if (b) {
          row.q1 = Math.max(1, b.q1);
          row.median = Math.max(1, b.median);
          row.q3 = Math.max(1, b.q3);
        }
        if (history.length >= 3) row.baseline = Math.max(1, quantileSorted(history, 0.5));
        values.push(row);
      });
      const marked = alerts
        .filter((a) => a.host === t.host)
        .map((a) => {
          const p = points.find((x) => x.interval === Number(a.interval));
          return { day: day(Number(a.interval)), upload: Math.max(1, p?.upload ?? 1), score: Number(a.score) };
        });
      const id = `card-${k + 1}`;
      const y = { type: 'quantitative', scale: { type: 'log' }, title: 'upload bytes' };
      // Whole days need no decimals (vega's default ticks on 3 days read 1.0, 1.1, …; on one Unix-time
      // day, 15,542.000000); shorter intervals keep the fraction of the day, without trailing zeros.
      const x = {
        field: 'day',
        type: 'quantitative',
        title: 'day',
        axis: { format: ',~r', ...(summary.interval >= 86400 ? { tickMinStep: 1 } : {}) },
      };
      const layers: Record<string, unknown>[] = [
        {
          data: { values: values.filter((v) => v.q1 !== undefined) },
          mark: { type: 'area', color: '#9fb3d1', opacity: 0.45 },
          encoding: { x, y: { field: 'q1', ...y }, y2: { field: 'q3' } },
        },
        {
          data: { values: values.filter((v) => v.median !== undefined) },
          mark: { type: 'line', color: '#5b6f8f', strokeDash: [4, 3] },
          encoding: { x, y: { field: 'median', ...y } },
        },
        {
          data: { values: values.filter((v) => v.baseline !== undefined) },
          mark: { type: 'line', color: '#2a9d55' },
          encoding: { x, y: { field: 'baseline', ...y } },
        },
        {
          data: { values },
          mark: { type: 'line', color: '#1d3557', point: true },
          encoding: { x, y: { field: 'upload', ...y }, tooltip: [{ field: 'day' }, { field: 'upload', format: ',' }] },
        },
      ];
      if (marked.length > 0)
        layers.push({
          data: { values: marked },
          mark: { type: 'point', shape: 'triangle-up', size: 140, filled: true, color: '#d1495b' },
          encoding: {
            x,
            y: { field: 'upload', ...y },
            tooltip: [{ field: 'day' }, { field: 'score', title: 'alert score' }],
          },
        });
      charts.push({
        id,
        title: `${t.host}: upload against its peer band and its own baseline`,
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: `${t.host} — upload (dark), group median and IQR (band), own trailing median (green), alerts (red)`,
          width: 640,
          height: 190,
          // An empty layer makes Vega warn of an infinite extent: only layers with data.
          layer: layers.filter((l) => ((l.data as { values: unknown[] }).values.length ?? 0) > 0),
        },
      });
      const alertText =
        t.first_alert_interval === null
          ? 'no alert over the budget'
          : `first alert on day ${day(Number(t.first_alert_interval)).toFixed(0)}, ${marked.length} alert${marked.length === 1 ? '' : 's'}`;
      return (
        `<div class="card"><h3>#${escapeHtml(t.rank)} ${escapeHtml(t.host)} <span class="note">group ${escapeHtml(t.peer_group)} · score ${escapeHtml(Number(t.score).toFixed(2))} · p ${escapeHtml(Number(t.p_value).toExponential(2))} · top view ${escapeHtml(t.top_view ?? '')} · ${escapeHtml(alertText)}</span></h3>` +
        `<p class="reason">${escapeHtml(t.reason ?? '')}</p><div class="chart" data-chart="${escapeHtml(id)}"></div></div>`
      );
    });
    const d = summary.detection;
    const budget = d
      ? `Alerts: host-intervals with a combined p ≤ ${escapeHtml(d.alert_threshold.toPrecision(3))}, the budget of ${escapeHtml(d.alert_budget)} expected false alerts per day per 1,000 hosts (${escapeHtml(d.alerts)} alerts on ${escapeHtml(d.alerted_hosts)} hosts; ${escapeHtml(d.expected_false_alerts.toFixed(1))} expected were every host-interval clean).`
      : '';
    const glossary = htmlTable(
      ['column', 'meaning'],
      GLOSSARY.filter(([c]) => c !== 'compromised' || (summary.files.redteam?.rows ?? 0) > 0).map(([c, m]) => [c, m]),
    );
    return {
      html:
        `<p class="note">The ${top.length} highest-ranked hosts, each with the reason for its strongest host-interval. ${budget}</p>` +
        cardHtml.join('') +
        `<details><summary>Glossary: the columns of hosts.csv and alerts.csv</summary>${glossary}</details>`,
      charts,
    };
  },
};
