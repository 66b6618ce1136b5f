import { test } from 'node:test';
import assert from 'node:assert/strict';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { openDuckDb, type Engine } from '../../src/engine/index.js';
import { peerGroups, type EdgeColumns } from '../../src/graph/index.js';
import { peerGraphEdges } from '../../src/pipeline/index.js';

type DefaultOf<T> = T extends { default: infer D } ? D : T;
const modularity = modularityModule as unknown as DefaultOf<typeof modularityModule>;

interface Row {
  a: string;
  b: string;
  w: number;
}

/**
 * Two 8-host cliques A and B whose pairs weigh 3 (given as two directed rows of 1.5 in A, one row
 * in B), every A–B pair joined by a weight-1 edge (64 edges that say nothing about the groups), and
 * a quiet host Q with a single weight-0.1 edge to A0. 56 + 64 + 1 = 121 undirected edges. Each
 * host's 7 strongest edges are its clique's, so ranks 1–7 hold exactly the 56 clique edges plus
 * Q–A0 (rank 1 at Q); every A–B edge has rank ≥ 8 at both ends.
 */
function twoCliques(): { rows: Row[]; hosts: string[] } {
  const rows: Row[] = [];
  const a = Array.from({ length: 8 }, (_, i) => `A${i}`);
  const b = Array.from({ length: 8 }, (_, i) => `B${i}`);
  for (let i = 0; i < 8; i++)
    for (let j = i + 1; j < 8; j++) {
      rows.push({ a: a[i]!, b: a[j]!, w: 1.5 }, { a: a[j]!, b: a[i]!, w: 1.5 });
      rows.push({ a: b[j]!, b: b[i]!, w: 3 });
    }
  for (const x of a) for (const y of b) rows.push({ a: x, b: y, w: 1 });
  rows.push({ a: 'Q', b: 'A0', w: 0.1 });
  // Left out as the graph leaves them out: a self-loop and a zero weight.
  rows.push({ a: 'A1', b: 'A1', w: 9 }, { a: 'B1', b: 'Q', w: 0 });
  return { rows, hosts: [...a, ...b, 'Q'] };
}

async function withRows<T>(rows: Row[], body: (engine: Engine, sql: string) => Promise<T>): Promise<T> {
  const engine = await openDuckDb();
  try {
    await engine.load('test_edges', [
      { name: 'a', type: 'VARCHAR', values: rows.map((r) => r.a) },
      { name: 'b', type: 'VARCHAR', values: rows.map((r) => r.b) },
      { name: 'w', type: 'DOUBLE', values: rows.map((r) => r.w) },
    ]);
    return await body(engine, 'SELECT a, b, w FROM test_edges');
  } finally {
    await engine.close();
  }
}

/** The columns back as one object per row, in row order. */
const rowsOf = (c: EdgeColumns) =>
  Array.from(c.source, (s, i) => ({ source: c.nodes[s]!, target: c.nodes[c.target[i]!]!, weight: c.weight[i]! }));

const pairKey = (s: string, t: string) => (s < t ? `${s}|${t}` : `${t}|${s}`);

test('a graph within maxEdges comes back whole: the rows by (a, b), without self-loops and zero weights', async () => {
  const { rows } = twoCliques();
  const r = await withRows(rows, (engine, sql) => peerGraphEdges(engine, sql, { maxEdges: 121 }));
  const expected = rows
    .filter((x) => x.a !== x.b && x.w > 0)
    .map((x) => ({ source: x.a, target: x.b, weight: x.w }))
    .sort((x, y) => (x.source < y.source ? -1 : x.source > y.source ? 1 : x.target < y.target ? -1 : 1));
  assert.deepEqual(rowsOf(r.edges), expected);
  // Each node named once, in name order (the ids follow the names, so rows by ids are rows by names).
  assert.deepEqual(r.edges.nodes, [...new Set(expected.flatMap((e) => [e.source, e.target]))].sort());
  assert.deepEqual(r.pruning, { max_edges: 121, edges: 121, kept: 121, pruned: false, rank: null, weight_kept: 1 });
});

test('pruned to 57 edges: both cliques and the quiet host’s one edge stay, every A–B edge goes, Louvain finds A and B', async () => {
  const { rows, hosts } = twoCliques();
  const full = await withRows(rows, (engine, sql) => peerGraphEdges(engine, sql, { maxEdges: 1000 }));
  const r = await withRows(rows, (engine, sql) => peerGraphEdges(engine, sql, { maxEdges: 57 }));
  const kept = new Set(rowsOf(r.edges).map((e) => pairKey(e.source, e.target)));
  assert.equal(kept.size, 57);
  for (const e of rows.filter((x) => x.a !== x.b && x.w > 0)) {
    const cross = e.a[0] !== e.b[0] && e.a !== 'Q' && e.b !== 'Q';
    assert.equal(kept.has(pairKey(e.a, e.b)), !cross, `${e.a}–${e.b}`);
  }
  // Both directed rows of an A pair are returned, to be summed by the graph as before.
  assert.equal(rowsOf(r.edges).filter((e) => pairKey(e.source, e.target) === 'A0|A1').length, 2);
  assert.equal(r.pruning.pruned, true);
  assert.equal(r.pruning.edges, 121);
  assert.equal(r.pruning.kept, 57);
  assert.equal(r.pruning.rank, 7, 'every host kept its 7 strongest edges');
  const total = 56 * 3 + 64 + 0.1;
  assert.ok(Math.abs(r.pruning.weight_kept - (56 * 3 + 0.1) / total) < 1e-12, String(r.pruning.weight_kept));

  const unpruned = peerGroups(full.edges, hosts, { minGroupSize: 1 });
  const pruned = peerGroups(r.edges, hosts, { minGroupSize: 1 });
  for (const groups of [unpruned, pruned]) {
    const of = (h: string) => groups.groupOf.get(h);
    for (let i = 1; i < 8; i++) {
      assert.equal(of(`A${i}`), of('A0'));
      assert.equal(of(`B${i}`), of('B0'));
    }
    assert.notEqual(of('A0'), of('B0'));
    assert.equal(of('Q'), of('A0'), 'the quiet host stays with the host it talks to');
  }
  // The pruned partition judged on the whole graph: as good as the unpruned one (same split).
  const onFull = (partition: Record<string, number>) =>
    modularity(unpruned.graph, { getNodeCommunity: (n: string) => partition[n]!, getEdgeWeight: 'weight' });
  const qPruned = onFull(pruned.partition);
  const qUnpruned = onFull(unpruned.partition);
  assert.ok(Math.abs(qPruned - qUnpruned) < 1e-9, `${qPruned} vs ${qUnpruned}`);
  // Hand-computed for the split {A, Q} | {B}: m = 232.1; A side 84.1 inside, degree 2·84.1 + 64.
  const m = total;
  const expectedQ = 84.1 / m - ((2 * 84.1 + 64) / (2 * m)) ** 2 + 84 / m - ((2 * 84 + 64) / (2 * m)) ** 2;
  assert.ok(Math.abs(qPruned - expectedQ) < 1e-9, `${qPruned} vs hand-computed ${expectedQ}`);
});

test('a cap below the rank-1 level keeps the heaviest strongest edges and reports rank 0', async () => {
  const { rows } = twoCliques();
  const r = await withRows(rows, (engine, sql) => peerGraphEdges(engine, sql, { maxEdges: 10 }));
  assert.equal(new Set(rowsOf(r.edges).map((e) => pairKey(e.source, e.target))).size, 10);
  assert.equal(r.pruning.rank, 0);
  // The ten are rank-1 edges of weight 3 (Q–A0, rank 1 at Q, weighs 0.1 and sorts after them).
  assert.ok(
    rowsOf(r.edges).every((e) => e.source[0] === e.target[0]),
    'only clique edges',
  );
});
