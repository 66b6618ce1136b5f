/** Where {@link flowSizesSql} reads its flows: SQL expressions over `from`. */
export interface FlowSizesSource {
  /** The relation of the flows (a table, a view or a parenthesized subquery). */
  from: string;
  /** The source and destination host keys (host names or ids) the output rows carry. */
  src: string;
  dst: string;
  /** Boolean expressions: the source (destination) is a monitored human host. */
  srcHuman: string;
  dstHuman: string;
  /** Flow start (seconds) and bytes, as DOUBLE or integer expressions. */
  time: string;
  bytes: string;
  /** The name of the `$` parameter holding the interval in seconds (without `$`). */
  intervalParam: string;
  /** The name of the output's host column. */
  key: string;
}

/**
 * The flow-size aggregate of DETECTION_FLOW_TABLES.sizes (detection-flow-tables.ts) in DuckDB's
 * SQL, one query builder for every DuckDB input that aggregates it from flows (a store's stored
 * flows by host name, detection's own read of the flow files by host id), so the two cannot
 * drift apart: per human host and interval index ⌊time / interval⌋ with flows both ways, the mean
 * log2(1 + max(0, bytes)) of the flows it sent (up, nu flows) and received (down, nd flows); a
 * flow from a host to itself counts both ways. Columns: `key`, iv, up, down, nu, nd.
 * (The ClickHouse store computes the same in its dialect: src/store/cluster-aggregates-sql.ts.)
 */
export function flowSizesSql(s: FlowSizesSource): string {
  return `WITH f AS (
       SELECT ${s.srcHuman} AS src_human, ${s.dstHuman} AS dst_human, ${s.src} AS src_key, ${s.dst} AS dst_key,
         floor(${s.time} / $${s.intervalParam}) AS iv, log2(1 + greatest(0, ${s.bytes})) AS lb FROM ${s.from}),
     d AS (
       SELECT src_key AS k, iv, 'u' AS dir, lb FROM f WHERE src_human
       UNION ALL
       SELECT dst_key AS k, iv, 'd' AS dir, lb FROM f WHERE dst_human)
     SELECT k AS ${s.key}, iv, avg(lb) FILTER (WHERE dir = 'u') AS up, avg(lb) FILTER (WHERE dir = 'd') AS down,
       count(*) FILTER (WHERE dir = 'u') AS nu, count(*) FILTER (WHERE dir = 'd') AS nd
     FROM d GROUP BY k, iv HAVING nu > 0 AND nd > 0`;
}
