import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { escapeHtml } from '../escape-html.js';
import { htmlTable } from '../html-table.js';
import { metricText } from '../metric-text.js';
import type { ReportChart, ReportSection } from '../report-section.js';
import { OUTPUT_FILES, readEvaluation } from '../../pipeline/index.js';

const TOP = 100;

/** Section: peer groups as a graph, the ranked hosts, and ROC / precision-recall curves when redteam exists. */
export const peerScores: ReportSection = {
  id: 'peers',
  title: 'Peer groups and the hosts least like their peers',
  async render({ dir, engine, summary }) {
    const hostsPath = join(dir, OUTPUT_FILES.hosts);
    if (!existsSync(hostsPath)) return null;
    const groups = await engine.all<{ g: number; hosts: number }>(
      "SELECT peer_group AS g, count(*) AS hosts FROM read_csv($p, header = true, types = {'host': 'VARCHAR'}) GROUP BY 1 ORDER BY 1",
      {
        p: join(dir, OUTPUT_FILES.peerGroups),
      },
    );
    const links = await engine.all<{ a: number; b: number; bytes: number }>(
      `WITH g AS (SELECT host, peer_group FROM read_csv($p, header = true, types = {'host': 'VARCHAR'}))
       SELECT least(x.peer_group, y.peer_group) AS a, greatest(x.peer_group, y.peer_group) AS b, sum(f.bytes)::DOUBLE AS bytes
       FROM ${engine.readParquet(join(dir, OUTPUT_FILES.flowServices))} f JOIN g x ON x.host = f.host JOIN g y ON y.host = f.peer_host
       WHERE x.peer_group <> y.peer_group GROUP BY 1, 2 ORDER BY 1, 2`,
      { p: join(dir, OUTPUT_FILES.peerGroups) },
    );
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
      gb: Number(l.bytes) / 2 ** 30,
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
          title: 'Peer groups (circle area: human hosts; line width: bytes between groups)',
          width: 420,
          height: 420,
          layer: [
            {
              data: { values: edges },
              mark: { type: 'rule', color: '#8a96a8', opacity: 0.7 },
              encoding: {
                x: { field: 'x', type: 'quantitative', ...axis },
                y: { field: 'y', type: 'quantitative', ...axis },
                x2: { field: 'x2' },
                y2: { field: 'y2' },
                strokeWidth: {
                  field: 'gb',
                  type: 'quantitative',
                  title: 'GB between groups',
                  scale: { range: [0.5, 8] },
                },
                tooltip: [{ field: 'from' }, { field: 'to' }, { field: 'gb', title: 'GB', format: ',.3f' }],
              },
            },
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
    const rows = await engine.all<Record<string, string | number>>(
      "SELECT * FROM read_csv($p, header = true, types = {'host': 'VARCHAR'}) ORDER BY rank LIMIT $n",
      { p: hostsPath, n: TOP },
    );
    const hasTruth = (summary.files.redteam?.rows ?? 0) > 0;
    const f3 = (v: unknown) => ({ text: metricText(Number(v)), value: Number(v) });
    const table = htmlTable(
      [
        'rank',
        'host',
        'peer group',
        'score',
        'upload KDE',
        'peer z',
        'service JSD',
        'lateral',
        ...(hasTruth ? ['redteam'] : []),
      ],
      rows.map((r) => [
        Number(r.rank),
        String(r.host),
        Number(r.peer_group),
        f3(r.score),
        f3(r.upload_kde),
        f3(r.peer_z),
        f3(r.service_jsd),
        f3(r.lateral),
        ...(hasTruth ? [Number(r.compromised) === 1 ? '● compromised' : ''] : []),
      ]),
      { sortable: true },
    );
    let evaluationHtml = '';
    const evalPath = join(dir, OUTPUT_FILES.evaluation);
    if (hasTruth && existsSync(evalPath)) {
      const e = readEvaluation(evalPath);
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
        '<div class="chart" data-chart="peer-groups"></div>' +
        `<p class="note">The ${Math.min(TOP, rows.length)} highest-ranked human hosts. Score: the mean of the four views' percentile ranks.</p>` +
        table +
        evaluationHtml,
      charts,
    };
  },
};
