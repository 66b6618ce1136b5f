import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import {
  averagePrecision,
  combineScores,
  peerDeviation,
  precisionAtK,
  rocAuc,
  serviceDivergence,
  uploadKdeScore,
  type TrafficPoint,
} from '../../src/detect/index.js';
import { createRandom } from '../../src/stats/index.js';
import { openDuckDb } from '../../src/engine/index.js';
import { lateralEdgesSql } from '../../src/pipeline/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { lateralMovement, type AuthEdge } from './lateral-movement.js';

const top = (scores: Map<string, number>) => [...scores].sort((a, b) => b[1] - a[1])[0]![0];

/** Two groups of 20 hosts over 10 days; host A7 uploads 100× its usual amount from day 6. */
function traffic(): { points: TrafficPoint[]; groupOf: Map<string, number> } {
  const random = createRandom(3);
  const points: TrafficPoint[] = [];
  const groupOf = new Map<string, number>();
  for (const [g, prefix, scale] of [
    [0, 'A', 1e6],
    [1, 'B', 1e8],
  ] as const) {
    for (let h = 0; h < 20; h++) {
      const host = `${prefix}${h}`;
      groupOf.set(host, g);
      for (let d = 0; d < 10; d++) {
        const base = scale * (0.5 + random());
        points.push({
          host,
          interval: d * 86400,
          upload: host === 'A7' && d >= 6 ? base * 100 : base,
          download: scale * (0.5 + random()),
        });
      }
    }
  }
  return { points, groupOf };
}

test('a host that suddenly uploads 100× its peers ranks first by upload KDE, peer deviation and the combination', () => {
  const { points, groupOf } = traffic();
  const kde = uploadKdeScore(points, groupOf);
  const dev = peerDeviation(points, groupOf);
  assert.equal(top(kde.scores), 'A7');
  assert.equal(kde.worstInterval.get('A7')! >= 6 * 86400, true);
  assert.equal(top(dev.scores), 'A7');
  assert.equal(dev.deviantIntervals.get('A7'), 4);
  // B hosts upload 100× more than A hosts, but like their own group: not anomalous.
  assert.ok(dev.scores.get('B3')! < 3.5);
  const combined = combineScores([...groupOf.keys()], { upload_kde: kde.scores, peer_z: dev.scores });
  assert.equal(combined.hosts[0]!.host, 'A7');
  assert.equal(combined.hosts[0]!.rank, 1);
});

test('a host visiting a service none of its group uses gets the top service score', () => {
  const groupOf = new Map(['H1', 'H2', 'H3', 'H4'].map((h) => [h, 0]));
  const uses = ['H1', 'H2', 'H3', 'H4'].flatMap((host) => [
    { host, service: 'C586:445', flows: 100 },
    { host, service: 'C625:88', flows: 40 },
  ]);
  uses.push({ host: 'H3', service: 'C17693:443', flows: 60 });
  const r = serviceDivergence(uses, groupOf);
  assert.equal(top(r.scores), 'H3');
  assert.equal(r.newServices.get('H3'), 1);
  assert.equal(r.newServices.get('H1'), 0);
  assert.equal(r.scores.get('H1'), r.scores.get('H4'));
  // Hand-computed JSD for H3: p = (100, 40, 60)/200 vs q = (300, 120, 0)/420.
  const p = [0.5, 0.2, 0.3];
  const q = [300 / 420, 120 / 420, 0];
  let jsd = 0;
  for (let i = 0; i < 3; i++) {
    const m = (p[i]! + q[i]!) / 2;
    if (p[i]! > 0) jsd += 0.5 * p[i]! * Math.log2(p[i]! / m);
    if (q[i]! > 0) jsd += 0.5 * q[i]! * Math.log2(q[i]! / m);
  }
  assert.ok(Math.abs(r.scores.get('H3')! - jsd) < 1e-12);
});

/** Routine edges, a new server three users start using, and one edge from an unseen source into a workstation on day 3. */
function authEdges(): AuthEdge[] {
  const edges: AuthEdge[] = [];
  for (let h = 0; h < 30; h++) {
    edges.push({ user: `U${h}@DOM1`, src: `W${h}`, dst: 'C586', firstTime: 100 + h });
    edges.push({ user: `U${h}@DOM1`, src: `W${h}`, dst: 'C625', firstTime: 86400 * 2 + h });
    edges.push({ user: 'U1@DOM1', src: 'MGMT', dst: `W${h}`, firstTime: 200 + h });
  }
  for (const h of [5, 6, 7])
    edges.push({ user: `U${h}@DOM1`, src: `W${h}`, dst: 'C529', firstTime: 86400 * 2 + 500 + h });
  edges.push({ user: 'U636@DOM1', src: 'C17693', dst: 'W9', firstTime: 86400 * 3 });
  return edges;
}

test('a first-time edge from an unseen source gets the top lateral score; the SQL scorer gives the same scores', async () => {
  const edges = authEdges();
  const r = lateralMovement(edges, { warmupEnd: 86400 });
  assert.equal(r.edges[0]!.src, 'C17693');
  assert.equal(r.edges[0]!.dst, 'W9');
  assert.equal(r.scores.get('W9'), r.edges[0]!.score, 'the victim carries the edge score');
  assert.equal(r.scores.get('C17693'), r.edges[0]!.score, 'and so does the attacker');
  assert.ok(
    r.edges.filter((e) => e.firstTime < 86400).every((e) => e.score === 0),
    'warm-up edges are the baseline',
  );

  const dir = tempDir('lateral');
  mkdirSync(join(dir, 'tables'));
  const engine = await openDuckDb();
  try {
    await engine.load('e', [
      { name: 'src_user', type: 'VARCHAR', values: edges.map((e) => e.user) },
      { name: 'src_host', type: 'VARCHAR', values: edges.map((e) => e.src) },
      { name: 'dst_host', type: 'VARCHAR', values: edges.map((e) => e.dst) },
      { name: 'first_time', type: 'BIGINT', values: edges.map((e) => e.firstTime) },
    ]);
    await engine.toParquet('SELECT * FROM e', join(dir, 'tables', 'auth_edges.parquet'));
    const rows = await engine.all<{ src_host: string; dst_host: string; user: string; score: number }>(
      lateralEdgesSql(engine, dir),
      { warmup_end: 86400 },
    );
    const ts = new Map(r.edges.map((e) => [`${e.user}|${e.src}|${e.dst}`, e.score]));
    assert.equal(rows.length, edges.length);
    for (const row of rows)
      assert.ok(Math.abs(row.score - ts.get(`${row.user}|${row.src_host}|${row.dst_host}`)!) < 1e-12);
  } finally {
    await engine.close();
  }
});

test("ROC-AUC, average precision and precision@k on sklearn's documented example and by hand", () => {
  const y = [0, 0, 1, 1];
  const s = [0.1, 0.4, 0.35, 0.8];
  assert.equal(rocAuc(s, y), 0.75);
  assert.ok(Math.abs(averagePrecision(s, y) - 0.8333333333333333) < 1e-12);
  assert.equal(precisionAtK(s, y, 1), 1);
  assert.equal(precisionAtK(s, y, 2), 0.5);
  // Ties: one positive and one negative share the top score → AUC counts the pair ½.
  assert.equal(rocAuc([1, 1, 0], [1, 0, 0]), 0.75);
  assert.equal(averagePrecision([1, 1, 0], [1, 0, 0]), 0.5);
  assert.ok(Number.isNaN(rocAuc([1, 2], [0, 0])));
});
