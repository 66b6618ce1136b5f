/**
 * The edges of the peer-group graph, read from the engine and pruned where there are more than
 * `maxEdges` of them, by local sparsification: every node keeps its strongest edges (V. Satuluri,
 * S. Parthasarathy, Y. Ruan, "Local graph sparsification for scalable clustering", SIGMOD 2011, keep
 * each node's top-ranked edges rather than a global weight threshold).
 *
 * Why local and not a weight quantile: the weights are log2(1 + count), so a global cut removes
 * every edge of the quiet hosts (few logons, few flows) and leaves them isolated, each a singleton
 * community that the minimum-group-size merge then places without any evidence; a busy host loses
 * nothing. Keeping each node's k strongest edges keeps every node attached to the neighbours it
 * talks to most, which is what its community is made of, and cuts where the degree is large (the
 * servers everyone touches), where single edges say the least about communities.
 *
 * Rule: an undirected pair {x, y} (the two directions' weights summed, as the graph does) has rank
 * r = min(rank at x, rank at y), a node's edges ranked by weight descending (ties by the other end's
 * name). Pairs are kept in order of r, then weight descending, then names, up to `maxEdges`: every
 * node keeps its k strongest edges for the largest k that fits and part of level k + 1, the
 * heaviest first. With maxEdges ≥ nodes every node keeps at least its strongest edge.
 * Nothing is pruned when the graph fits, and then the rows are exactly those of the query.
 */
import type { Engine } from '../engine/index.js';
import type { EdgeColumns } from '../graph/index.js';
import { readBatches } from './read-batches.js';

/** Options of {@link peerGraphEdges}. */
export interface PeerGraphEdgesOptions {
  /**
   * Most undirected edges handed to Louvain; more are pruned (see the header). Default 500,000:
   * about 200 MiB of JS heap for the graphology graph (measured ~400 bytes an edge on the
   * `--scale 1 --days 3` graph, 535,249 edges) and tens of seconds of Louvain on 2 cores; on that
   * graph it keeps the partition (adjusted Rand index 1.000; docs/performance.md).
   */
  maxEdges?: number;
}

export const PEER_GRAPH_EDGES_DEFAULTS = { maxEdges: 500_000 };

/** Whether and how much the graph was pruned (summary.json `peer_groups.pruning`). */
export interface PeerGraphPruning {
  max_edges: number;
  /** Undirected edges before pruning (self-loops and weights ≤ 0 left out). */
  edges: number;
  /** Undirected edges kept. */
  kept: number;
  pruned: boolean;
  /** Every node kept its `rank` strongest edges (some nodes also their next); null when not pruned. */
  rank: number | null;
  /** Share of the total edge weight kept, 1 when not pruned. */
  weight_kept: number;
}

/**
 * Runs `edgesSql` (columns a, b, w: one row per directed pair) into a temporary table and returns
 * its rows by (a, b), without the pairs pruned (both directions of a pruned pair go), as columns:
 * each node's name once (`nodes`, by name) and per row two Int32 node indexes and a Float64
 * weight, read in batches, so JS never holds the rows as objects (12 bytes a row, not hundreds).
 */
export async function peerGraphEdges(
  engine: Engine,
  edgesSql: string,
  options: PeerGraphEdgesOptions = {},
): Promise<{ edges: EdgeColumns; pruning: PeerGraphPruning }> {
  const maxEdges = Math.max(0, Math.floor(options.maxEdges ?? PEER_GRAPH_EDGES_DEFAULTS.maxEdges));
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE peer_graph_directed AS SELECT a, b, w FROM (${edgesSql}) WHERE a <> b AND w > 0`,
  );
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE peer_graph_pairs AS
     SELECT least(a, b) AS x, greatest(a, b) AS y, sum(w) AS w FROM peer_graph_directed GROUP BY ALL`,
  );
  const [total] = await engine.all<{ edges: number; weight: number | null }>(
    'SELECT count(*) AS edges, sum(w) AS weight FROM peer_graph_pairs',
  );
  const edgeCount = Number(total!.edges);
  const totalWeight = Number(total!.weight ?? 0);
  const pruned = edgeCount > maxEdges;
  let rank: number | null = null;
  let weightKept = 1;
  let rowsSql = 'SELECT a, b, w FROM peer_graph_directed';
  if (pruned) {
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE peer_graph_ranked AS
       WITH ends AS (SELECT x AS node, y AS other, x, y, w FROM peer_graph_pairs
                     UNION ALL SELECT y, x, x, y, w FROM peer_graph_pairs),
         ranked AS (SELECT x, y, w, row_number() OVER (PARTITION BY node ORDER BY w DESC, other) AS r FROM ends)
       SELECT x, y, any_value(w) AS w, min(r) AS r FROM ranked GROUP BY x, y`,
    );
    const order = 'ORDER BY r, w DESC, x, y';
    await engine.run(
      `CREATE OR REPLACE TEMP TABLE peer_graph_kept AS SELECT x, y, w FROM peer_graph_ranked ${order} LIMIT $max`,
      { max: maxEdges },
    );
    // Every node kept its edges of rank below the first pair dropped.
    const [dropped] = await engine.all<{ r: number }>(`SELECT r FROM peer_graph_ranked ${order} LIMIT 1 OFFSET $max`, {
      max: maxEdges,
    });
    const [kept] = await engine.all<{ weight: number | null }>('SELECT sum(w) AS weight FROM peer_graph_kept');
    rank = Number(dropped!.r) - 1;
    weightKept = totalWeight > 0 ? Number(kept!.weight ?? 0) / totalWeight : 1;
    rowsSql = `SELECT d.a, d.b, d.w FROM peer_graph_directed d
               JOIN peer_graph_kept k ON k.x = least(d.a, d.b) AND k.y = greatest(d.a, d.b)`;
  }
  const edges = await readColumns(engine, rowsSql);
  await engine.run('DROP TABLE IF EXISTS peer_graph_kept');
  await engine.run('DROP TABLE IF EXISTS peer_graph_ranked');
  await engine.run('DROP TABLE IF EXISTS peer_graph_pairs');
  await engine.run('DROP TABLE IF EXISTS peer_graph_directed');
  return {
    edges,
    pruning: {
      max_edges: maxEdges,
      edges: edgeCount,
      kept: pruned ? Math.min(maxEdges, edgeCount) : edgeCount,
      pruned,
      rank,
      weight_kept: weightKept,
    },
  };
}

/** The rows of `rowsSql` (a, b, w) by (a, b) as columns, the node names numbered by name. */
async function readColumns(engine: Engine, rowsSql: string): Promise<EdgeColumns> {
  await engine.run(`CREATE OR REPLACE TEMP TABLE peer_graph_rows AS ${rowsSql}`);
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE peer_graph_nodes AS
     SELECT name, CAST(row_number() OVER (ORDER BY name) - 1 AS INTEGER) AS id
     FROM (SELECT a AS name FROM peer_graph_rows UNION SELECT b FROM peer_graph_rows)`,
  );
  const nodes = (await engine.all<{ name: string }>('SELECT name FROM peer_graph_nodes ORDER BY id')).map(
    (r) => r.name,
  );
  const [count] = await engine.all<{ n: number }>('SELECT count(*) AS n FROM peer_graph_rows');
  const n = Number(count!.n);
  const source = new Int32Array(n);
  const target = new Int32Array(n);
  const weight = new Float64Array(n);
  let at = 0;
  await readBatches<{ s: number; t: number; w: number }>(
    engine,
    `SELECT sa.id AS s, tb.id AS t, r.w FROM peer_graph_rows r
     JOIN peer_graph_nodes sa ON sa.name = r.a JOIN peer_graph_nodes tb ON tb.name = r.b`,
    // The ids number the names in order, so (s, t) is the (a, b) order.
    's, t',
    (rows) => {
      for (const r of rows) {
        source[at] = r.s;
        target[at] = r.t;
        weight[at] = Number(r.w);
        at++;
      }
    },
  );
  await engine.run('DROP TABLE IF EXISTS peer_graph_nodes');
  await engine.run('DROP TABLE IF EXISTS peer_graph_rows');
  return { nodes, source, target, weight };
}
