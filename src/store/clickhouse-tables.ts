import { UsageError } from '../errors.js';
// Not the engine's index: the parser threads load this file, and the index loads DuckDB and the HTTP client.
import { clickhouseQuote as q } from '../engine/clickhouse-quote.js';
import type { ClusterEngine } from '../engine/cluster-engine.js';
import { LOG_FORMATS } from '../sources/log-formats.js';

/** The kinds a cluster store holds, as the Parquet store does. */
export type ClusterKind = 'auth' | 'flows' | 'redteam';

/** One kind's tables: a MergeTree on every shard and a Distributed table over them. */
export interface ClusterTableLayout {
  kind: ClusterKind;
  /** The MergeTree table on each shard. */
  local: string;
  /** The Distributed table over the locals (present on every shard, so any node can run queries). */
  distributed: string;
  /** `file` (split index), `line`, then the log's fields: integer fields Int64, the rest String. */
  columns: readonly { name: string; type: 'Int32' | 'Int64' | 'String' }[];
  /** The host column whose hash picks the shard (and leads the sort key). */
  shardBy: string;
  /** The Distributed table's sharding key, `murmurHash3_32(host)`: ShardOfHost (shard-of-host.ts) computes the same on the client. */
  shardingKey: string;
}

/** The day of a row, as the Parquet store's `day=NNNNN` partitions: floor(time / 86400) in double arithmetic, as JS's Math.floor and DuckDB compute it. */
export const CLUSTER_DAY_SQL = 'toInt64(floor(time / 86400))';

function layout(kind: ClusterKind, shardBy: string): ClusterTableLayout {
  const format = LOG_FORMATS[kind];
  return {
    kind,
    local: `${kind}_local`,
    distributed: kind,
    columns: [
      { name: 'file', type: 'Int32' },
      { name: 'line', type: 'Int64' },
      ...format.fields.map((name, i) => ({
        name,
        type: format.integers.includes(i) ? ('Int64' as const) : ('String' as const),
      })),
    ],
    shardBy,
    shardingKey: `murmurHash3_32(${q.ident(shardBy)})`,
  };
}

/**
 * The cluster store's layout per kind. Auth and flows are sharded by source host, so a host's
 * humans, logon edges and upload groups are each computed on one shard; redteam by destination.
 */
export const CLICKHOUSE_TABLES: Readonly<Record<ClusterKind, ClusterTableLayout>> = {
  auth: layout('auth', 'src_host'),
  flows: layout('flows', 'src_host'),
  redteam: layout('redteam', 'dst_host'),
};

/** Options for {@link createClickHouseTables}. */
export interface CreateClickHouseTablesOptions {
  /** Drop the kinds' tables first (their data is lost). Default false: existing tables are kept and checked. */
  replace?: boolean;
  /** Kinds to create. Default all three. */
  kinds?: readonly ClusterKind[];
}

/**
 * Creates the engine's database and, per kind, the local MergeTree table (partitioned by day,
 * ordered by host and time) and the Distributed table (sharded by murmurHash3_32 of the host,
 * which the client computes too, so it can insert each row into its shard's local table) on
 * every shard, each over the shard's own URL: `ON CLUSTER` needs ZooKeeper, which a cluster of
 * plain MergeTree shards does not have. Existing tables are checked to have exactly these columns
 * and the Distributed tables this sharding key (a UsageError names the table otherwise), so a
 * store of another layout is never appended to.
 */
export async function createClickHouseTables(
  engine: ClusterEngine,
  options: CreateClickHouseTablesOptions = {},
): Promise<void> {
  const db = engine.database;
  const kinds = options.kinds ?? (Object.keys(CLICKHOUSE_TABLES) as ClusterKind[]);
  await engine.runOnShards(`CREATE DATABASE IF NOT EXISTS ${q.ident(db)}`);
  for (const kind of kinds) {
    const t = CLICKHOUSE_TABLES[kind];
    const columns = t.columns.map((c) => `${q.ident(c.name)} ${c.type}`).join(', ');
    if (options.replace) {
      await engine.runOnShards(`DROP TABLE IF EXISTS ${q.table(db, t.distributed)}`);
      await engine.runOnShards(`DROP TABLE IF EXISTS ${q.table(db, t.local)}`);
    }
    await engine.runOnShards(
      `CREATE TABLE IF NOT EXISTS ${q.table(db, t.local)} (${columns})
       ENGINE = MergeTree PARTITION BY ${CLUSTER_DAY_SQL} ORDER BY (${q.ident(t.shardBy)}, time)`,
    );
    await engine.runOnShards(
      `CREATE TABLE IF NOT EXISTS ${q.table(db, t.distributed)} (${columns})
       ENGINE = Distributed(${q.string(engine.cluster)}, ${q.string(db)}, ${q.string(t.local)}, ${t.shardingKey})`,
    );
    for (const [shard, url] of engine.shardUrls.entries()) {
      for (const table of [t.local, t.distributed]) {
        // DESCRIBE lists columns in table order (18.16's system.columns has no position).
        const found = await engine.query(`DESCRIBE TABLE ${q.table(db, table)}`, { shard });
        const have = found.rows.map((r) => `${String(r[0])} ${String(r[1])}`).join(', ');
        const want = t.columns.map((c) => `${c.name} ${c.type}`).join(', ');
        if (have !== want) {
          throw new UsageError(
            `ClickHouse table ${db}.${table} at ${url} has columns (${have}), not peerscope's (${want}); drop it or use another database`,
          );
        }
      }
      // A store of an older layout (sharded by cityHash64) would get rows on shards its key does not name.
      const engineText = await engine.query(
        `SELECT engine_full FROM system.tables WHERE database = ${q.string(db)} AND name = ${q.string(t.distributed)}`,
        { shard },
      );
      const full = String(engineText.rows[0]?.[0] ?? '');
      // The server prints the key without the backquotes of a plain name.
      if (!full.replace(/`/g, '').includes(t.shardingKey.replace(/`/g, '')))
        throw new UsageError(
          `ClickHouse table ${db}.${t.distributed} at ${url} is not sharded by ${t.shardingKey} (${full}); drop the database and ingest again`,
        );
    }
  }
}
