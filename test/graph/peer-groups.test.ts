import { test } from 'node:test';
import assert from 'node:assert/strict';
import modularityModule from 'graphology-metrics/graph/modularity.js';
import { peerGroups, type WeightedEdge } from '../../src/graph/index.js';

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
