import { clickhouseQuote as q, type ClusterEngine } from '../engine/index.js';
import { CLICKHOUSE_TABLES, CLUSTER_DAY_SQL, type ClusterKind } from './clickhouse-tables.js';

/** One day of a kind in the cluster store. */
export interface DayCheck {
  /** floor(time / 86400), as the Parquet store's `day=NNNNN`. */
  day: number;
  rows: number;
  /** Sum (mod 2^64) of cityHash64 over each row's every column: independent of row order and of the shard a row is on. */
  checksum: bigint;
}

/**
 * Row count and checksum per day of a kind, over the whole cluster (its Distributed table) or, with
 * `shard`, over that shard's local table alone. What a resumed ingest compares, and what shows how
 * the rows divide between shards. Days in ascending order.
 */
export async function clickhouseDayChecks(
  engine: ClusterEngine,
  kind: ClusterKind,
  options: { shard?: number } = {},
): Promise<DayCheck[]> {
  const t = CLICKHOUSE_TABLES[kind];
  const table = q.table(engine.database, options.shard === undefined ? t.distributed : t.local);
  const hash = `cityHash64(${t.columns.map((c) => q.ident(c.name)).join(', ')})`;
  const result = await engine.query(
    `SELECT ${CLUSTER_DAY_SQL} AS day, toInt64(count()) AS n, toString(sum(${hash})) AS checksum FROM ${table} GROUP BY day ORDER BY day`,
    options.shard === undefined ? {} : { shard: options.shard },
  );
  return result.rows.map(([day, rows, checksum]) => ({
    day: Number(day),
    rows: Number(rows),
    checksum: BigInt(String(checksum)),
  }));
}
