import { test } from 'node:test';
import assert from 'node:assert/strict';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { peerGroups, type EdgeColumns, type WeightedEdge } from '../../src/graph/index.js';
import { createRandom } from '../../src/stats/index.js';

type DefaultOf<T> = T extends { default: infer D } ? D : T;
const modularity = modularityModule as unknown as DefaultOf<typeof modularityModule>;

/** Three 6-host cliques (weight 5) joined in a ring by single weight-1 edges. */
function cliques(): { edges: WeightedEdge[]; hosts: string[] } {
  const edges: WeightedEdge[] = [];
  const hosts: string[] = [];
  for (let c = 0; c < 3; c++) {
    const members = Array.from({ length: 6 }, (_, i) => `C${c}${i}`);
    hosts.push(...members);
    for (let i = 0; i < 6; i++)
      for (let j = i + 1; j < 6; j++) edges.push({ source: members[i]!, target: members[j]!, weight: 5 });
  }
  edges.push(
    { source: 'C00', target: 'C10', weight: 1 },
    { source: 'C10', target: 'C20', weight: 1 },
    { source: 'C20', target: 'C00', weight: 1 },
  );
  return { edges, hosts };
}

test('Louvain recovers three cliques; its modularity equals graphology-metrics on the same partition (1e-9)', () => {
  const { edges, hosts } = cliques();
  const r = peerGroups(edges, hosts, { minGroupSize: 1 });
  assert.equal(r.groups.length, 3);
  for (let c = 0; c < 3; c++)
    assert.equal(
      new Set(Array.from({ length: 6 }, (_, i) => r.groupOf.get(`C${c}${i}`))).size,
      1,
      `clique ${c} is one group`,
    );
  const independent = modularity(r.graph, {
    getNodeCommunity: (node: string) => r.partition[node]!,
    getEdgeWeight: 'weight',
  });
  assert.ok(Math.abs(r.modularity - independent) < 1e-9, `${r.modularity} vs ${independent}`);
  // Hand-computed: each clique has 15 edges of weight 5 (75) plus 1 of the 3 ring edges' weight on
  // each side; m = 228; Q = Σ_c [75/228 − ((2·75 + 2)/(2·228))²].
  const expected = 3 * (75 / 228 - (152 / 456) ** 2);
  assert.ok(Math.abs(r.modularity - expected) < 1e-9, `${r.modularity} vs hand-computed ${expected}`);
  assert.ok(r.pagerank.get('C00')! > r.pagerank.get('C01')!, 'the ring hosts carry more PageRank');
});

test('a group smaller than minGroupSize merges into the group it shares the most weight with', () => {
  const { edges, hosts } = cliques();
  edges.push(
    { source: 'P1', target: 'P2', weight: 50 },
    { source: 'P1', target: 'C15', weight: 2 },
    { source: 'P2', target: 'C14', weight: 2 },
    { source: 'P2', target: 'C25', weight: 1 },
  );
  const r = peerGroups(edges, [...hosts, 'P1', 'P2'], { minGroupSize: 3 });
  assert.equal(r.groupOf.get('P1'), r.groupOf.get('C10'));
  assert.equal(r.groupOf.get('P2'), r.groupOf.get('C10'));
  assert.equal(r.merged, 1);
  assert.deepEqual(
    r.groups.map((g) => g.size),
    [8, 6, 6],
  );
});

test('edges given as columns build the same graph and give the same result as the same rows as objects', () => {
  // A seeded random graph of 60 nodes with repeated pairs (both directions, and duplicates that
  // add up), self-loops and zero weights, so the sum order and the skipped rows are exercised.
  const random = createRandom(7);
  const names = Array.from({ length: 60 }, (_, i) => `n${String(i).padStart(2, '0')}`);
  const edges: WeightedEdge[] = [];
  for (let k = 0; k < 600; k++) {
    const source = names[Math.floor(random() * 60)]!;
    const target = names[Math.floor(random() * 60)]!;
    edges.push({ source, target, weight: random() < 0.05 ? 0 : Math.log2(1 + Math.floor(random() * 100)) });
  }
  const hosts = names.filter((_, i) => i % 3 === 0);
  const nodes = [...names].reverse(); // any numbering: only the names the ids point at count
  const id = new Map(nodes.map((n, i) => [n, i]));
  const columns: EdgeColumns = {
    nodes,
    source: Int32Array.from(edges, (e) => id.get(e.source)!),
    target: Int32Array.from(edges, (e) => id.get(e.target)!),
    weight: Float64Array.from(edges, (e) => e.weight),
  };
  const options = { minGroupSize: 3, seed: 3 };
  const a = peerGroups(edges, hosts, options);
  const b = peerGroups(columns, hosts, options);
  // Same nodes and edges in the same insertion order (what Louvain's traversal follows); the
  // generated edge keys differ between graph instances.
  const shape = (r: typeof a) => ({
    nodes: r.graph.nodes(),
    edges: r.graph.mapEdges((_e, attr, s, t) => [s, t, (attr as { weight: number }).weight]),
    neighbours: r.graph.mapNodes((n) => r.graph.neighbors(n)),
  });
  assert.deepEqual(shape(b), shape(a));
  assert.deepEqual(b.partition, a.partition);
  assert.deepEqual(b.groupOf, a.groupOf);
  assert.deepEqual(b.groups, a.groups);
  assert.equal(b.modularity, a.modularity);
  assert.deepEqual(b.pagerank, a.pagerank);
  assert.deepEqual(b.degree, a.degree);
  assert.ok(a.graph.size > 300 && a.groups.length > 1, `a non-trivial graph: ${a.graph.size} edges`);
});
