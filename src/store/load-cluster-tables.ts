import type { ClusterEngine, ClusterRows, Column, Engine } from '../engine/index.js';
import type { HumanRule } from '../sources/human-rule.js';
import { clusterAggregatesSql, type ClusterAggregate } from './cluster-aggregates-sql.js';

/** Options for {@link loadClusterTables}. */
export interface LoadClusterOptions {
  /** Interval length in seconds. */
  interval: number;
  /** Which auth rows mark a human-operated source computer. */
  humanRule: HumanRule;
  /** Sample rows kept per sample table. */
  sampleSize: number;
  /** Build auth_edges and flow_services (detection reads them). Default true. */
  graphTables?: boolean;
  /** Also build started_flows and flow_sizes (detection's flow inputs; ClusterAggregatesOptions.minPairFlows). Default: not built. */
  detectionFlows?: { minPairFlows: number };
  /** Rows per batch moved from the cluster into DuckDB. Default 65,536. */
  batchRows?: number;
  /** Cluster queries under way at once. Default 3. */
  concurrency?: number;
  /**
   * Most human hosts written into the queries as a literal set; beyond, each filter recomputes the
   * set from auth. Parsing the literal costs the servers ~14 ms per 1,000 hosts and use (18.16,
   * loopback), a recomputation a scan of every auth row: at 20,000 hosts the literal costs ~0.3 s
   * per use. Default 20,000.
   */
  maxLiteralHosts?: number;
}

export const LOAD_CLUSTER_DEFAULTS = { concurrency: 3, maxLiteralHosts: 20_000 } as const;

/** What {@link loadClusterTables} moved: rows per table and seconds per cluster query. */
export interface LoadClusterResult {
  rows: Partial<Record<ClusterAggregate, number>>;
  seconds: Partial<Record<ClusterAggregate, number>>;
}

/**
 * The cluster path: runs the heavy aggregations on the cluster ({@link clusterAggregatesSql}
 * over the Distributed tables) and loads only their results into the local engine, as the tables
 * `loadStoreTables` builds there (humans, compromised, series, redteam, the samples, and with
 * `graphTables` auth_edges and flow_services), with the same names, columns and types, so
 * `writeOutputs`, detection and the report run on them unchanged. Rows stream over in batches,
 * several queries at a time.
 */
export async function loadClusterTables(
  local: Engine,
  cluster: ClusterEngine,
  options: LoadClusterOptions,
): Promise<LoadClusterResult> {
  const sqlOptions = {
    database: cluster.database,
    interval: options.interval,
    humanRule: options.humanRule,
    sampleSize: options.sampleSize,
    minPairFlows: options.detectionFlows?.minPairFlows,
  };
  // The human set once, as bytes (hex survives names that are not UTF-8), then as a literal in
  // every filter; past maxLiteralHosts the queries would grow too long, and recompute it instead.
  const maxLiteral = options.maxLiteralHosts ?? LOAD_CLUSTER_DEFAULTS.maxLiteralHosts;
  const listed = await cluster.query(clusterAggregatesSql(sqlOptions).human_hosts);
  const humanHosts =
    listed.rows.length <= maxLiteral ? listed.rows.map((r) => Buffer.from(String(r[0]), 'hex')) : undefined;
  const sql = clusterAggregatesSql({ ...sqlOptions, humanHosts });
  // A literal human set takes a query past the servers' default limits: 256 KiB of text, 50,000
  // syntax-tree elements (each host is one, in each of up to four uses per query).
  const elements = Math.max(500_000, 4 * (humanHosts?.length ?? 0) + 50_000);
  const limits = (text: string) => ({
    max_query_size: Math.max(1 << 18, Buffer.byteLength(text) + 4096),
    max_ast_elements: elements,
    max_expanded_ast_elements: elements,
  });
  const graph = options.graphTables ?? true;
  const tables: ClusterAggregate[] = [
    'humans',
    'compromised',
    'series',
    'redteam',
    'sample_auth',
    'sample_flows',
    'sample_enriched',
  ];
  if (graph) tables.push('auth_edges', 'flow_services');
  if (graph && options.detectionFlows) tables.push('started_flows', 'flow_sizes');
  const result: LoadClusterResult = { rows: {}, seconds: {} };
  // The queries run `concurrency` at a time: while one's rows are decoded and loaded here, the
  // servers compute the next ones. The local engine takes one statement at a time (a queue).
  let queue: Promise<unknown> = Promise.resolve();
  const locally = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };
  const loadOne = async (table: ClusterAggregate) => {
    const t0 = performance.now();
    const batchTable = `${BATCH_TABLE}_${table}`;
    let created = false;
    const rows = await cluster.queryBatches(
      sql[table],
      (batch) =>
        locally(async () => {
          if (!created) {
            await local.load(table, toColumns(batch));
            created = true;
          } else if (batch.rows.length > 0) {
            await local.load(batchTable, toColumns(batch));
            await local.run(`INSERT INTO ${local.ident(table)} SELECT * FROM ${local.ident(batchTable)}`);
          }
        }),
      { batchRows: options.batchRows, settings: limits(sql[table]) },
    );
    if (created) await locally(() => local.run(`DROP TABLE IF EXISTS ${local.ident(batchTable)}`));
    result.rows[table] = rows;
    result.seconds[table] = (performance.now() - t0) / 1000;
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? LOAD_CLUSTER_DEFAULTS.concurrency));
  let next = 0;
  // Each worker takes the next table until none is left; the first failure ends the load.
  await Promise.all(
    Array.from({ length: Math.min(concurrency, tables.length) }, async () => {
      while (next < tables.length) await loadOne(tables[next++]!);
    }),
  );
  return result;
}

const BATCH_TABLE = 'peerscope_cluster_batch';

function toColumns(batch: ClusterRows): Column[] {
  return batch.columns.map((c, i) => ({
    name: c.name,
    type: c.columnType,
    // Int64 values beyond 2^53 stay bigint, which the DuckDB appender takes as BIGINT as it is.
    values: batch.rows.map((r) => r[i] ?? null) as Column['values'],
  }));
}
