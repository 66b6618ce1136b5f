import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ClusterColumn, ClusterEngine, ClusterRows, Column, Engine } from '../engine/index.js';
import { QueryError } from '../errors.js';
import type { HumanRule } from '../sources/human-rule.js';
import {
  CLUSTER_SAMPLES,
  CLUSTER_SHARD_LOCAL_GROUPS,
  clusterAggregatesSql,
  type ClusterAggregate,
} from './cluster-aggregates-sql.js';
import { firstDaysSample } from './first-days-sample.js';

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
  /** Folder for the query results on their way into DuckDB (a temporary folder inside it, removed at the end). Default the OS's temporary folder. */
  scratchDir?: string;
  /** Cluster queries under way at once. Default 3. */
  concurrency?: number;
  /**
   * Most human hosts written into the queries as a literal set; beyond, each filter recomputes the
   * set from auth. Parsing the literal costs the servers ~14 ms per 1,000 hosts and use (18.16,
   * loopback), a recomputation a scan of every auth row: at 20,000 hosts the literal costs ~0.3 s
   * per use. Default 20,000.
   */
  maxLiteralHosts?: number;
  /**
   * The store's days per kind (its manifest's `days`), so that the sample queries read the
   * earliest days only, widened (doubling the days) until they hold a full sample. Default: every
   * sample query reads every row.
   */
  days?: { auth: readonly number[]; flows: readonly number[] };
}

export const LOAD_CLUSTER_DEFAULTS = { concurrency: 3, maxLiteralHosts: 20_000 } as const;

/** What {@link loadClusterTables} moved: rows per table and seconds per cluster query. */
export interface LoadClusterResult {
  rows: Partial<Record<ClusterAggregate, number>>;
  seconds: Partial<Record<ClusterAggregate, number>>;
  /** Per sample table given `days`: how many of the kind's days its last query read, and of how many. */
  sampleDays: Partial<Record<ClusterAggregate, { read: number; of: number }>>;
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
  const t0 = performance.now();
  const noMerge = (table: ClusterAggregate | 'humans_hex'): Record<string, number> =>
    CLUSTER_SHARD_LOCAL_GROUPS.has(table) ? { distributed_group_by_no_merge: 1 } : {};
  const listed = await cluster.query(clusterAggregatesSql(sqlOptions).humans_hex, { settings: noMerge('humans_hex') });
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
    'compromised',
    'series',
    'redteam',
    'sample_auth',
    'sample_flows',
    'sample_enriched',
  ];
  if (graph) tables.push('auth_edges', 'flow_services');
  if (graph && options.detectionFlows) tables.push('started_flows', 'flow_sizes');
  const result: LoadClusterResult = { rows: {}, seconds: {}, sampleDays: {} };
  await local.load('humans', toColumns({ columns: listed.columns.slice(1), rows: listed.rows.map((r) => r.slice(1)) }));
  result.rows.humans = listed.rows.length;
  result.seconds.humans = (performance.now() - t0) / 1000;
  // The queries run `concurrency` at a time: while one's result is loaded here, the servers
  // compute the next ones. The local engine takes one statement at a time (a queue).
  let queue: Promise<unknown> = Promise.resolve();
  const locally = <T>(step: () => Promise<T>): Promise<T> => {
    const next = queue.then(step);
    queue = next.catch(() => undefined);
    return next;
  };
  // Each result goes to a file as the server writes it, and DuckDB reads the file: the rows are
  // never decoded in JS (at 50 M auth rows, decoding the edges and services here took most of
  // the full analysis).
  const scratch = mkdtempSync(join(options.scratchDir ?? tmpdir(), 'cluster-results-'));
  let serial = 0;
  const loadQuery = async (table: ClusterAggregate, text: string) => {
    const file = join(scratch, `${serial++}-${table}.tsv`);
    try {
      const columns = await cluster.queryToFile(text, file, { settings: { ...limits(text), ...noMerge(table) } });
      return await locally(async () => {
        await local.run(
          `CREATE OR REPLACE TABLE ${local.ident(table)} AS SELECT ${columns.map((c) => fromText(local, c)).join(', ')}
           FROM ${local.readLines(
             file,
             columns.map((c) => ({ name: c.name, type: c.columnType === 'DOUBLE' ? 'VARCHAR' : c.columnType })),
             { delimiter: '\t', skipLines: 2 },
           )}`,
        );
        const [counted] = await local.all<{ n: number }>(`SELECT count(*) AS n FROM ${local.ident(table)}`);
        return Number(counted?.n ?? 0);
      });
    } finally {
      rmSync(file, { force: true });
    }
  };
  const loadOne = async (table: ClusterAggregate) => {
    const t0 = performance.now();
    let rows = 0;
    const kind = (CLUSTER_SAMPLES as Partial<Record<ClusterAggregate, 'auth' | 'flows'>>)[table];
    const listedDays = kind === undefined ? undefined : options.days?.[kind];
    const days = listedDays && [...new Set(listedDays)].sort((a, b) => a - b);
    if (kind === undefined || days === undefined || days.length === 0) rows = await loadQuery(table, sql[table]);
    else {
      const k = await firstDaysSample(days.length, options.sampleSize, async (k) => {
        const sampleDays = k < days.length ? { [kind]: { first: days[0]!, last: days[k - 1]! } } : undefined;
        rows = await loadQuery(
          table,
          sampleDays === undefined
            ? sql[table]
            : clusterAggregatesSql({ ...sqlOptions, humanHosts, sampleDays })[table],
        );
        return rows;
      });
      result.sampleDays[table] = { read: k, of: days.length };
    }
    result.rows[table] = rows;
    result.seconds[table] = (performance.now() - t0) / 1000;
  };
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? LOAD_CLUSTER_DEFAULTS.concurrency));
  let next = 0;
  // Each worker takes the next table until none is left; the first failure ends the load, once
  // the queries under way have ended (their result files are in the folder removed below).
  let failed = false;
  const settled = await Promise.allSettled(
    Array.from({ length: Math.min(concurrency, tables.length) }, async () => {
      try {
        while (!failed && next < tables.length) await loadOne(tables[next++]!);
      } catch (error) {
        failed = true;
        throw error;
      }
    }),
  );
  await queue;
  rmSync(scratch, { recursive: true, force: true });
  const failure = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) throw failure.reason;
  return result;
}

// Every escape TabSeparated writes but \0 (a NUL cannot be in a DuckDB string, nor in the
// scanner's text), in SQL: the pair as a literal, and what it stands for.
const UNESCAPES: readonly [string, string][] = [
  ['\\t', 'chr(9)'],
  ['\\n', 'chr(10)'],
  ['\\r', 'chr(13)'],
  ['\\b', 'chr(8)'],
  ['\\f', 'chr(12)'],
  ["\\''", "''''"],
];

// The column as DuckDB reads it from the server's TabSeparated text. Strings: their escapes undone
// with the backslash pair first set aside as U+0001 (a control byte, which the byte scanner lets
// into no value); the cluster's text is the scanner's (valid UTF-8 without control bytes but TAB),
// so in practice only \\, \t and \' occur. Doubles are read as text: the server writes inf and
// nan as words.
function fromText(local: Engine, column: ClusterColumn): string {
  const c = local.ident(column.name);
  if (/Nullable/.test(column.type))
    throw new QueryError(
      `cluster result column ${column.name} is ${column.type}: the cluster path's queries return no NULLs`,
      '',
    );
  if (column.columnType === 'VARCHAR')
    return `CASE WHEN contains(${c}, '\\') THEN replace(${UNESCAPES.reduce((e, [from, to]) => `replace(${e}, '${from}', ${to})`, `replace(${c}, '\\\\', chr(1))`)}, chr(1), '\\') ELSE ${c} END AS ${c}`;
  if (column.columnType === 'DOUBLE')
    return `CASE lower(${c}) WHEN 'nan' THEN 'nan'::DOUBLE WHEN '-nan' THEN 'nan'::DOUBLE WHEN 'inf' THEN 'inf'::DOUBLE WHEN '+inf' THEN 'inf'::DOUBLE WHEN '-inf' THEN '-inf'::DOUBLE ELSE CAST(${c} AS DOUBLE) END AS ${c}`;
  return c;
}

function toColumns(batch: ClusterRows): Column[] {
  return batch.columns.map((c, i) => ({
    name: c.name,
    type: c.columnType,
    // Int64 values beyond 2^53 stay bigint, which the DuckDB appender takes as BIGINT as it is.
    values: batch.rows.map((r) => r[i] ?? null) as Column['values'],
  }));
}
