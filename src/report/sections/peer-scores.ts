import { escapeHtml } from '../escape-html.js';
import { htmlTable } from '../html-table.js';
import { metricText } from '../metric-text.js';
import type { ReportChart, ReportSection } from '../report-section.js';
import { VIEW_NAMES } from '../../pipeline/index.js';

/** Section: peer groups as a graph, the ranked hosts, and ROC / precision-recall curves when redteam exists. */
export const peerScores: ReportSection = {
  id: 'peers',
  title: 'Peer groups and the hosts least like their peers',
  async render({ data, summary }) {
    const peers = data.peers;
    if (!peers) return null;
    const groups = peers.groups.map((g) => ({ g: g.group, hosts: g.hosts }));
    const links = peers.links;
    const k = groups.length;
    const pos = new Map(
      groups.map((g, i) => [
        Number(g.g),
        { x: Math.cos((2 * Math.PI * i) / Math.max(1, k)), y: Math.sin((2 * Math.PI * i) / Math.max(1, k)) },
      ]),
    );
    const nodes = groups.map((g) => ({ group: `group ${g.g}`, hosts: Number(g.hosts), ...pos.get(Number(g.g))! }));
    const edges = links.map((l) => ({
      from: `group ${l.a}`,
      to: `group ${l.b}`,
      shared: Number(l.shared),
      x: pos.get(Number(l.a))!.x,
      y: pos.get(Number(l.a))!.y,
      x2: pos.get(Number(l.b))!.x,
      y2: pos.get(Number(l.b))!.y,
    }));
    const axis = { axis: null, scale: { domain: [-1.4, 1.4] } };
    const charts: ReportChart[] = [
      {
        id: 'peer-groups',
        title: 'Peer groups',
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: 'Peer groups (circle area: human hosts; line width: services and logons the groups share)',
          width: 420,
          height: 420,
          // Vega cannot scale an empty field ("Infinite extent"): no links, no rule layer.
          layer: [
            ...(edges.length === 0
              ? []
              : [
                  {
                    data: { values: edges },
                    mark: { type: 'rule', color: '#8a96a8', opacity: 0.7 },
                    encoding: {
                      x: { field: 'x', type: 'quantitative', ...axis },
                      y: { field: 'y', type: 'quantitative', ...axis },
                      x2: { field: 'x2' },
                      y2: { field: 'y2' },
                      strokeWidth: {
                        field: 'shared',
                        type: 'quantitative',
                        title: 'shared services and logons',
                        scale: { range: [0.5, 8] },
                      },
                      tooltip: [{ field: 'from' }, { field: 'to' }, { field: 'shared', title: 'shared', format: ',' }],
                    },
                  },
                ]),
            {
              data: { values: nodes },
              mark: { type: 'circle', color: '#2457a6', opacity: 0.85 },
              encoding: {
                x: { field: 'x', type: 'quantitative', ...axis },
                y: { field: 'y', type: 'quantitative', ...axis },
                size: { field: 'hosts', type: 'quantitative', title: 'human hosts', scale: { range: [100, 3000] } },
                tooltip: [{ field: 'group' }, { field: 'hosts' }],
              },
            },
            {
              data: { values: nodes },
              mark: { type: 'text', dy: -22, fontSize: 12 },
              encoding: {
                x: { field: 'x', type: 'quantitative', ...axis },
                y: { field: 'y', type: 'quantitative', ...axis },
                text: { field: 'group' },
              },
            },
          ],
        },
      },
    ];
    // No human host (--allow-empty): no group to draw, and an empty chart makes Vega warn of infinite extents.
    if (groups.length === 0) charts.length = 0;
    const rows = peers.ranked;
    const hasTruth = (summary.files.redteam?.rows ?? 0) > 0;
    const f3 = (v: unknown) => ({ text: metricText(Number(v)), value: Number(v) });
    const table = htmlTable(
      ['rank', 'host', 'peer group', 'score', 'top view', ...VIEW_NAMES, ...(hasTruth ? ['redteam'] : [])],
      rows.map((r) => [
        Number(r.rank),
        String(r.host),
        Number(r.peer_group),
        f3(r.score),
        String(r.top_view ?? ''),
        ...VIEW_NAMES.map((v) => f3(r[v])),
        ...(hasTruth ? [Number(r.compromised) === 1 ? '● compromised' : ''] : []),
      ]),
      { sortable: true },
    );
    let evaluationHtml = '';
    const e = peers.evaluation;
    if (hasTruth && e) {
      charts.push({
        id: 'roc-pr',
        title: 'ROC and precision-recall of the combined host score',
        spec: {
          $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
          title: 'Combined host score against the red team',
          hconcat: [
            {
              title: 'ROC',
              width: 360,
              height: 300,
              data: { values: e.curves.roc },
              mark: { type: 'line', point: true, interpolate: 'step-after' },
              encoding: {
                x: { field: 'fpr', type: 'quantitative', title: 'false positive rate', scale: { domain: [0, 1] } },
                y: { field: 'tpr', type: 'quantitative', title: 'true positive rate', scale: { domain: [0, 1] } },
              },
            },
            {
              title: 'Precision-recall',
              width: 360,
              height: 300,
              data: { values: e.curves.pr },
              mark: { type: 'line', point: true, color: '#d1495b' },
              encoding: {
                x: { field: 'recall', type: 'quantitative', title: 'recall', scale: { domain: [0, 1] } },
                y: { field: 'precision', type: 'quantitative', title: 'precision', scale: { domain: [0, 1] } },
              },
            },
          ],
        },
      });
      const m = Object.entries(e.hosts.by_score).map(([name, s]) => [
        name,
        { text: metricText(s.roc_auc), value: s.roc_auc ?? -1 },
        { text: metricText(s.average_precision), value: s.average_precision ?? -1 },
      ]);
      evaluationHtml =
        '<div class="chart" data-chart="roc-pr"></div>' +
        htmlTable(['score', 'host ROC-AUC', 'host AP'], m) +
        `<p class="note">Auth edges: ROC-AUC ${escapeHtml(metricText(e.edges.roc_auc))}, AP ${escapeHtml(metricText(e.edges.average_precision))}. Scores never look at redteam; it is used only here.</p>`;
    }
    return {
      html:
        (groups.length > 0
          ? '<div class="chart" data-chart="peer-groups"></div>'
          : '<p class="note">No peer group: no human host.</p>') +
        `<p class="note">The ${rows.length} highest-ranked human hosts. Score: −log10 of the combined p of the host's strongest host-interval; each view column is −log10 of that view's smallest p over the host's intervals.</p>` +
        table +
        evaluationHtml,
      charts,
    };
  },
};
