/**
 * Peer groups from the communication graph: Louvain community detection (V. D. Blondel,
 * J.-L. Guillaume, R. Lambiotte, E. Lefebvre, "Fast unfolding of communities in large networks",
 * 2008; graphology-communities-louvain), seeded, on an undirected weighted graph of users, hosts
 * and services; then restricted to the human hosts, with tiny groups merged so every host has a
 * baseline of peers. Weighted PageRank (graphology-metrics) and weighted degree describe each host.
 */
import { UndirectedGraph } from 'graphology';
import louvainModule from 'graphology-communities-louvain';
import pagerankModule from 'graphology-metrics/centrality/pagerank.js';
import { createRandom } from '../stats/index.js';
import { getOrInit } from '../get-or-init.js';

// These CommonJS packages export a function; under NodeNext their typings describe a namespace.
type DefaultOf<T> = T extends { default: infer D } ? D : T;
const louvain = louvainModule as unknown as DefaultOf<typeof louvainModule>;
const pagerank = pagerankModule as unknown as DefaultOf<typeof pagerankModule>;

/** An undirected weighted edge between two named nodes. */
export interface WeightedEdge {
  source: string;
  target: string;
  weight: number;
}

/**
 * Edges as columns, the bounded form of a large graph's input (three typed arrays and one string
 * per node instead of an object and two strings per edge; transferable to a worker): edge i joins
 * `nodes[source[i]]` and `nodes[target[i]]` with `weight[i]`. Taken in index order, exactly as the
 * same edges given as objects.
 */
export interface EdgeColumns {
  nodes: readonly string[];
  source: Int32Array;
  target: Int32Array;
  weight: Float64Array;
}

/** Options of {@link peerGroups}. */
export interface PeerGroupsOptions {
  /** Louvain resolution: above 1 gives more, smaller communities. Default 1. */
  resolution?: number;
  /** Seed of Louvain's node order. Default 1. */
  seed?: number;
  /** Groups with fewer human hosts merge into their nearest group. Default 5. */
  minGroupSize?: number;
}

export const PEER_GROUPS_DEFAULTS = { resolution: 1, seed: 1, minGroupSize: 5 };

/** Groups and the diagnostics to judge them. */
export interface PeerGroupsResult {
  /** Human host → group id; ids are 0.. by group size, largest first. */
  groupOf: Map<string, number>;
  groups: { id: number; size: number }[];
  /** Louvain's modularity of the partition of the whole graph. */
  modularity: number;
  /** Louvain communities holding at least one human host, before merging. */
  communities: number;
  /** Groups merged because they were smaller than minGroupSize. */
  merged: number;
  pagerank: Map<string, number>;
  /** Weighted degree (sum of edge weights) of each node. */
  degree: Map<string, number>;
  /** The partition of every node, for cross-checks. */
  partition: Record<string, number>;
  graph: UndirectedGraph;
}

/**
 * Partitions `hosts` (the human hosts, all of which get a group) by the communities of the graph.
 * Merge rule: a group smaller than minGroupSize joins the group to which its hosts have the largest
 * total weight through shared neighbours (two-step paths host–x–host'), or the largest group when
 * it shares none; merging repeats, smallest group first, until every group is large enough or one
 * group is left.
 */
export function peerGroups(
  edges: readonly WeightedEdge[] | EdgeColumns,
  hosts: readonly string[],
  options: PeerGroupsOptions = {},
): PeerGroupsResult {
  const resolution = options.resolution ?? PEER_GROUPS_DEFAULTS.resolution;
  const minSize = options.minGroupSize ?? PEER_GROUPS_DEFAULTS.minGroupSize;
  const graph = new UndirectedGraph({ allowSelfLoops: false });
  for (const h of hosts) graph.mergeNode(h);
  // Several rows of one pair (its two directions) add up, in row order.
  const add = (source: string, target: string, weight: number) => {
    if (source === target || !(weight > 0)) return;
    graph.updateUndirectedEdge(source, target, (attr: { weight?: number }) => ({
      weight: (attr.weight ?? 0) + weight,
    }));
  };
  if (isColumns(edges)) {
    const { nodes, source, target, weight } = edges;
    for (let i = 0; i < source.length; i++) add(nodes[source[i]!]!, nodes[target[i]!]!, weight[i]!);
  } else for (const e of edges) add(e.source, e.target, e.weight);
  const detailed = louvain.detailed(graph, {
    getEdgeWeight: 'weight',
    resolution,
    rng: createRandom(options.seed ?? PEER_GROUPS_DEFAULTS.seed),
  });
  const partition = detailed.communities;

  const members = new Map<number, string[]>();
  for (const h of hosts) {
    const c = partition[h]!;
    getOrInit(members, c, () => []).push(h);
  }
  const communities = members.size;
  const groupOf = new Map<string, number>();
  for (const [c, list] of members) for (const h of list) groupOf.set(h, c);

  let merged = 0;
  for (;;) {
    const small = [...members].filter(([, list]) => list.length < minSize).sort((a, b) => a[1].length - b[1].length);
    if (small.length === 0 || members.size <= 1) break;
    const [c, list] = small[0]!;
    const affinity = new Map<number, number>();
    for (const h of list) {
      graph.forEachNeighbor(h, (x: string) => {
        const w1 = graph.getEdgeAttribute(h, x, 'weight') as number;
        graph.forEachNeighbor(x, (y: string) => {
          const g = groupOf.get(y);
          if (g === undefined || g === c) return;
          const w2 = graph.getEdgeAttribute(x, y, 'weight') as number;
          affinity.set(g, (affinity.get(g) ?? 0) + Math.min(w1, w2));
        });
        const g = groupOf.get(x);
        if (g !== undefined && g !== c) affinity.set(g, (affinity.get(g) ?? 0) + w1);
      });
    }
    let target = -1;
    let best = -1;
    for (const [g, w] of affinity) if (w > best || (w === best && g < target)) [target, best] = [g, w];
    if (target < 0)
      target = [...members].filter(([g]) => g !== c).sort((a, b) => b[1].length - a[1].length || a[0] - b[0])[0]![0];
    for (const h of list) groupOf.set(h, target);
    members.get(target)!.push(...list);
    members.delete(c);
    merged++;
  }

  const order = [...members].sort((a, b) => b[1].length - a[1].length || a[0] - b[0]);
  const renumber = new Map(order.map(([c], i) => [c, i]));
  for (const [h, g] of groupOf) groupOf.set(h, renumber.get(g)!);
  const ranks = graph.size > 0 ? pagerank(graph, { getEdgeWeight: 'weight' }) : {};
  const degree = new Map<string, number>();
  graph.forEachNode((n) => {
    let d = 0;
    graph.forEachEdge(n, (_e, attr) => (d += (attr as { weight: number }).weight));
    degree.set(n, d);
  });
  return {
    groupOf,
    groups: order.map(([, list], i) => ({ id: i, size: list.length })),
    modularity: detailed.modularity,
    communities,
    merged,
    pagerank: new Map(Object.entries(ranks)),
    degree,
    partition,
    graph,
  };
}

function isColumns(edges: readonly WeightedEdge[] | EdgeColumns): edges is EdgeColumns {
  return !Array.isArray(edges);
}
