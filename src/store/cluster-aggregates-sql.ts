import { UsageError } from '../errors.js';
import { clickhouseQuote as q } from '../engine/index.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { asciiLower, humanRuleClauses, type HumanRule } from '../sources/human-rule.js';
import { CLICKHOUSE_TABLES } from './clickhouse-tables.js';

/** Options for {@link clusterAggregatesSql}. */
export interface ClusterAggregatesOptions {
  /** Database of the cluster store. */
  database: string;
  /** Interval length in seconds, a positive integer. */
  interval: number;
  /** Which auth rows mark a human-operated source computer. */
  humanRule: HumanRule;
  /** Sample rows per sample table. */
  sampleSize: number;
  /**
   * `started_flows` keeps the (host, remote host, remote port) pairs with at least this many
   * flows (the beacon view's candidates; it needs no others). Default 1: every pair.
   */
  minPairFlows?: number;
  /**
   * The human hosts' names as bytes, when known (the `human_hosts` query's result): every filter
   * on the human set takes them as a literal set instead of recomputing the set from auth, which
   * each use did (a scan of every auth row per use, ten uses). Default: recomputed.
   */
  humanHosts?: readonly Uint8Array[];
  /**
   * Days (floor(time / 86400)) the sample queries read, per kind: the samples are the first rows
   * in input order, and a store's days never decrease in input order (ingest refuses a file that
   * goes back a day), so where the earliest days hold a full sample it lies in them, and the
   * shards read only those days' partitions instead of every row (twice: to find the first lines,
   * then to fetch them). The caller checks the sample is full and widens the days otherwise
   * (loadClusterTables). Default: every day.
   */
  sampleDays?: Partial<Record<'auth' | 'flows', { first: number; last: number }>>;
}

/** The tables the SQL path builds (as `loadStoreTables` does over Parquet), each as one cluster query. */
export type ClusterAggregate =
  | 'humans'
  | 'compromised'
  | 'series'
  | 'flow_services'
  | 'auth_edges'
  | 'redteam'
  | 'sample_auth'
  | 'sample_flows'
  | 'sample_enriched'
  | 'started_flows'
  | 'flow_sizes';

/**
 * The queries that group by the host a kind is sharded by (auth by source host), so that each
 * group lives on one shard: they can run with `distributed_group_by_no_merge`, the initiator
 * concatenating the shards' groups instead of merging them again.
 */
export const CLUSTER_SHARD_LOCAL_GROUPS: ReadonlySet<ClusterAggregate | 'humans_hex'> = new Set([
  'humans_hex',
  'auth_edges',
] as const);

/** The sample tables, which {@link ClusterAggregatesOptions.sampleDays} narrows. */
export const CLUSTER_SAMPLES = { sample_auth: 'auth', sample_flows: 'flows', sample_enriched: 'flows' } as const;

/**
 * ClickHouse SQL over the cluster store's Distributed tables that yields, row for row and type for
 * type, the engine tables `loadStoreTables` builds in DuckDB over a Parquet store: the same rules
 * (the human rule of src/sources/human-rule.ts, derived from the same data; a flow
 * counts as upload for its human source and download for its human destination; a self flow is
 * one flow of its host; ephemeral `N…` ports collapse to `N`), the same arithmetic (interval =
 * floor(time / I) in doubles, exact Int64 sums, mean = double sum / double count) and the same
 * column names and types (Int64 → BIGINT, Int32 → INTEGER, String → VARCHAR, Float64 → DOUBLE).
 *
 * Written for Debian's 18.16 and current servers alike: every per-shard filter on the human set
 * is `GLOBAL IN` (18.16 refuses an IN over a Distributed table inside a distributed query; GLOBAL
 * ships the set, computed once on the initiator, to each shard); the arms of each UNION ALL are
 * cast to identical types (18.16 finds no common type for Int64 and UInt64); inner aliases
 * differ from column names and outer names are given last; no WITH, window functions, lambdas
 * over outer columns or parameters. Row order is fixed only where it matters downstream: the
 * samples (ORDER BY file, line, as the input order) and redteam (input order). `humans_hex` is
 * `humans` with the host's bytes as hex first (`host_hex`), which survive names that are not UTF-8:
 * the human set for `humanHosts` from the same scan.
 */
export function clusterAggregatesSql(
  options: ClusterAggregatesOptions,
): Record<ClusterAggregate | 'humans_hex', string> {
  if (!Number.isSafeInteger(options.interval) || options.interval <= 0)
    throw new UsageError(`interval must be a positive whole number of seconds, got ${options.interval}`);
  if (!Number.isSafeInteger(options.sampleSize) || options.sampleSize < 0)
    throw new UsageError(`sampleSize must be a whole number ≥ 0, got ${options.sampleSize}`);
  const db = options.database;
  const auth = q.table(db, CLICKHOUSE_TABLES.auth.distributed);
  const flows = q.table(db, CLICKHOUSE_TABLES.flows.distributed);
  const redteam = q.table(db, CLICKHOUSE_TABLES.redteam.distributed);
  const interval = q.number(options.interval);
  const limit = q.number(options.sampleSize);
  const minPairFlows = options.minPairFlows ?? 1;
  if (!Number.isSafeInteger(minPairFlows) || minPairFlows < 1)
    throw new UsageError(`minPairFlows must be a whole number ≥ 1, got ${minPairFlows}`);
  const iv = `toInt64(floor(time / ${interval}))`;
  const qualifies = humanRuleClickHouse(options.humanRule);
  const hosts = options.humanHosts;
  const hostSet = hosts === undefined ? '' : `(${hosts.map((h) => q.bytes(h)).join(', ')})`;
  // A literal set is a plain IN (18.16 refuses GLOBAL IN over a literal); `IN ()` is no SQL, so none is 0.
  const isHuman = (column: string) =>
    hosts === undefined
      ? `${column} GLOBAL IN (SELECT src_host FROM ${auth} WHERE ${qualifies} GROUP BY src_host)`
      : hosts.length === 0
        ? '0'
        : `${column} IN ${hostSet}`;
  // Flows are sharded by source host, so a pair's flows are all on one shard: each shard can count
  // its own pairs over its local table (a plain IN over the local table runs on each shard),
  // instead of the initiator gathering every pair's count and shipping the set back (GLOBAL IN).
  // Where the human filter recomputes the set (a GLOBAL IN itself) the global form stays.
  const pairsIn = hosts === undefined ? 'GLOBAL IN' : 'IN';
  const pairsFrom = hosts === undefined ? flows : q.table(db, CLICKHOUSE_TABLES.flows.local);
  const port = (column: string) => `if(startsWith(${column}, 'N'), 'N', ${column})`;
  const as = (expression: string, name: string) => `${expression} AS ${q.ident(name)}`;
  // Text copies of a kind's fields, named s_<field> inside and <field> outside.
  const textInner = (fields: readonly string[]) =>
    fields.map((f) => as(`toString(${q.ident(f)})`, `s_${f}`)).join(', ');
  const textOuter = (fields: readonly string[]) => fields.map((f) => as(q.ident(`s_${f}`), f)).join(', ');
  // A sample is the first rows in input order. Sorting whole rows would read and convert every
  // column of every row; instead the (file, line) of the first `limit` rows that pass `where`
  // (two narrow columns) are found first and shipped to the shards, which then read the other
  // columns only where those rows are (moved to PREWHERE). (file, line) is unique per kind.
  const firstLines = (table: string, where: string) =>
    `(file, line) GLOBAL IN (SELECT file, line FROM ${table} WHERE ${where} ORDER BY file, line LIMIT ${limit})`;
  // A time range, which prunes the partitions, and exactly their days: for whole-second times and
  // |day| ≤ 2^31, time / 86400 is never rounded across a day boundary (the quotient's ulp, ≤ 2^-21,
  // is below 1/86400), so floor(time / 86400) = d exactly when d·86400 ≤ time < (d + 1)·86400.
  const inDays = (kind: 'auth' | 'flows') => {
    const days = options.sampleDays?.[kind];
    if (days === undefined) return '1';
    const { first, last } = days;
    if (
      !Number.isSafeInteger(first) ||
      !Number.isSafeInteger(last) ||
      first > last ||
      Math.abs(first) > 2 ** 31 ||
      Math.abs(last) > 2 ** 31
    )
      throw new UsageError(`sampleDays.${kind} must be whole days first ≤ last within ±2^31, got ${first}..${last}`);
    return `(time >= ${q.number(first * 86400)} AND time < ${q.number((last + 1) * 86400)})`;
  };
  const authDays = inDays('auth');
  const flowDays = inDays('flows');

  return {
    humans_hex: `SELECT ${as('hex(src_host)', 'host_hex')}, ${as('src_host', 'host')}, ${as('toInt64(uniqExact(src_user))', 'users')}, ${as('toInt64(count())', 'logons')}
      FROM ${auth} WHERE ${qualifies} GROUP BY src_host`,

    humans: `SELECT ${as('src_host', 'host')}, ${as('toInt64(uniqExact(src_user))', 'users')}, ${as('toInt64(count())', 'logons')}
      FROM ${auth} WHERE ${qualifies} GROUP BY src_host`,

    compromised: `SELECT ${as('dst_host', 'host')}, ${as('toInt64(count())', 'events')}, ${as('min(time)', 'first_time')}
      FROM ${redteam} GROUP BY dst_host`,

    series: `SELECT ${as(`toInt64(iv * ${interval})`, 'interval')}, host,
        ${as('sum(ub)', 'upload_bytes')}, ${as('sum(dbytes)', 'download_bytes')}, ${as('sum(up)', 'upload_packets')}, ${as('sum(dp)', 'download_packets')},
        ${as('sum(n)', 'flows')}, ${as('toFloat64(sum(d)) / toFloat64(sum(n))', 'mean_duration')},
        ${as(`toInt32(host IN (SELECT dst_host FROM ${redteam}))`, 'compromised')}
      FROM (
        SELECT ${iv} AS iv, src_host AS host, sum(bytes) AS ub, toInt64(0) AS dbytes, sum(packets) AS up, toInt64(0) AS dp,
          toInt64(count()) AS n, sum(duration) AS d
        FROM ${flows} WHERE ${isHuman('src_host')} GROUP BY iv, host
        UNION ALL
        SELECT ${iv} AS iv, dst_host AS host, toInt64(0) AS ub, sum(bytes) AS dbytes, toInt64(0) AS up, sum(packets) AS dp,
          toInt64(countIf(src_host != dst_host)) AS n, sumIf(duration, src_host != dst_host) AS d
        FROM ${flows} WHERE ${isHuman('dst_host')} GROUP BY iv, host)
      GROUP BY iv, host`,

    flow_services: `SELECT ${as(`toInt64(iv * ${interval})`, 'interval')}, host, peer_host, peer_port, direction, ${as('n', 'flows')}, ${as('b', 'bytes')}
      FROM (
        SELECT ${iv} AS iv, src_host AS host, dst_host AS peer_host, ${port('dst_port')} AS peer_port, 'upload' AS direction,
          toInt64(count()) AS n, sum(bytes) AS b
        FROM ${flows} WHERE ${isHuman('src_host')} GROUP BY iv, host, peer_host, peer_port
        UNION ALL
        SELECT ${iv} AS iv, dst_host AS host, src_host AS peer_host, ${port('src_port')} AS peer_port, 'download' AS direction,
          toInt64(count()) AS n, sum(bytes) AS b
        FROM ${flows} WHERE ${isHuman('dst_host')} GROUP BY iv, host, peer_host, peer_port)`,

    auth_edges: `SELECT src_user, src_host, dst_host, ${as('toInt64(count())', 'events')}, ${as(`toInt64(countIf(outcome = 'Fail'))`, 'failures')},
        ${as('min(time)', 'first_time')}, ${as('max(time)', 'last_time')}
      FROM ${auth} WHERE src_host != dst_host GROUP BY src_user, src_host, dst_host`,

    redteam: `SELECT time, ${q.ident('user')}, src_host, dst_host FROM ${redteam} ORDER BY file, line`,

    sample_auth: `SELECT ${textOuter(LOG_FORMATS.auth.fields)}
      FROM (SELECT file, line, ${textInner(LOG_FORMATS.auth.fields)} FROM ${auth}
        WHERE ${authDays} AND ${firstLines(auth, `${authDays} AND ${qualifies}`)} ORDER BY file, line LIMIT ${limit})
      ORDER BY file, line`,

    sample_flows: `SELECT ${textOuter(LOG_FORMATS.flows.fields)}
      FROM (SELECT file, line, ${textInner(LOG_FORMATS.flows.fields)} FROM ${flows}
        WHERE ${flowDays} AND ${firstLines(flows, flowDays)} ORDER BY file, line LIMIT ${limit})
      ORDER BY file, line`,

    // The first `limit` flows touching a human, in input order; each becomes an upload row (k = 0)
    // if its source is human and a download row (k = 1) if its destination is; the first `limit`.
    sample_enriched: `SELECT ${textOuter([...LOG_FORMATS.flows.fields, 'direction', 'upload_bytes', 'download_bytes', 'host', 'service_host', 'service_port'])}
      FROM (
        SELECT file, line, k, ${textInner(LOG_FORMATS.flows.fields)},
          if(k = 0, 'upload', 'download') AS s_direction,
          if(k = 0, toString(bytes), '0') AS s_upload_bytes, if(k = 0, '0', toString(bytes)) AS s_download_bytes,
          if(k = 0, src_host, dst_host) AS s_host, if(k = 0, dst_host, src_host) AS s_service_host, if(k = 0, dst_port, src_port) AS s_service_port
        FROM (
          SELECT file, line, time, duration, src_host, src_port, dst_host, dst_port, protocol, packets, bytes,
            ${isHuman('src_host')} AS su, ${isHuman('dst_host')} AS du
          FROM ${flows}
          WHERE ${flowDays} AND (su OR du) AND ${firstLines(flows, `${flowDays} AND (${isHuman('src_host')} OR ${isHuman('dst_host')})`)}
          ORDER BY file, line LIMIT ${limit})
        ARRAY JOIN if(su AND du, [0, 1], if(su, [0], [1])) AS k)
      ORDER BY file, line, k LIMIT ${limit}`,

    // Detection's two flow inputs (src/pipeline/detection-flow-tables.ts, as storeInput builds
    // them over a Parquet store): the flows a human host started, of the pairs beaconing can
    // score, and per human host and interval the mean log2(1 + bytes) of its flows each way.
    started_flows: `SELECT ${as('src_host', 'host')}, ${as('dst_host', 'remote_host')}, ${as('dst_port', 'remote_port')},
        ${as('toFloat64(time)', 'time')}, ${as('toFloat64(bytes)', 'bytes')}
      FROM ${flows}
      WHERE ${isHuman('src_host')}
        AND (src_host, dst_host, dst_port) ${pairsIn} (
          SELECT src_host, dst_host, dst_port FROM ${pairsFrom} WHERE ${isHuman('src_host')}
          GROUP BY src_host, dst_host, dst_port HAVING count() >= ${q.number(minPairFlows)})`,

    flow_sizes: `SELECT ${as('h', 'host')}, ${as('toFloat64(i)', 'iv')}, ${as('u', 'up')}, ${as('d', 'down')}, ${as('toFloat64(nu0)', 'nu')}, ${as('toFloat64(nd0)', 'nd')}
      FROM (
        SELECT h, i, avgIf(lb, sent = 1) AS u, avgIf(lb, sent = 0) AS d, countIf(sent = 1) AS nu0, countIf(sent = 0) AS nd0
        FROM (
          SELECT src_host AS h, floor(time / ${interval}) AS i, toUInt8(1) AS sent, log2(1 + greatest(0, toFloat64(bytes))) AS lb
          FROM ${flows} WHERE ${isHuman('src_host')}
          UNION ALL
          SELECT dst_host AS h, floor(time / ${interval}) AS i, toUInt8(0) AS sent, log2(1 + greatest(0, toFloat64(bytes))) AS lb
          FROM ${flows} WHERE ${isHuman('dst_host')})
        GROUP BY h, i)
      WHERE nu0 > 0 AND nd0 > 0`,
  };
}

/** The human rule as a ClickHouse predicate over `logon_type` and `src_user`, from the rule's data as `humanRuleSql` builds DuckDB's. */
function humanRuleClickHouse(rule: HumanRule): string {
  // ClickHouse's lower() lowers ASCII letters only, as the byte matcher folds.
  const parts = [q.inList('lower(logon_type)', rule.logonTypes.map(asciiLower))];
  for (const c of humanRuleClauses(rule)) {
    if (c.op === 'contains') parts.push(`position(src_user, ${q.string(c.text)}) > 0`);
    else if (c.op === 'lacks') parts.push(`position(src_user, ${q.string(c.text)}) = 0`);
    else parts.push(`match(src_user, ${q.string(c.pattern)})`);
  }
  return parts.join(' AND ');
}
