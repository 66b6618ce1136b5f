import type { Command } from 'commander';
import { CLICKHOUSE_DEFAULTS, type ClickHouseOptions } from '../engine/index.js';
import { UsageError } from '../errors.js';

/** The engine and ClickHouse flags of `ingest` and `analyze`, as commander parses them. */
export interface ClickHouseFlags {
  engine: string;
  clickhouse: string;
  cluster?: string;
  database: string;
  clickhouseShards?: string;
}

/** The ClickHouse flags: adds them to a command, and turns their values into connection options (undefined for the DuckDB engine). */
export const clickhouseFlags = {
  add(command: Command, duckdb: string): Command {
    return command
      .option('--engine <NAME>', `duckdb (${duckdb}) or clickhouse (a ClickHouse cluster)`, 'duckdb')
      .option(
        '--clickhouse <URL>',
        'with --engine clickhouse: HTTP URL of a node of the cluster',
        CLICKHOUSE_DEFAULTS.url,
      )
      .option('--cluster <NAME>', 'with --engine clickhouse: the remote_servers cluster the tables span (required)')
      .option('--database <NAME>', 'with --engine clickhouse: database of the tables', CLICKHOUSE_DEFAULTS.database)
      .option(
        '--clickhouse-shards <URLS>',
        "with --engine clickhouse: each shard's HTTP URL, comma-separated (default: each shard's host from system.clusters at the port of --clickhouse)",
      );
  },

  read(flags: ClickHouseFlags): ClickHouseOptions | undefined {
    if (flags.engine === 'duckdb') {
      if (flags.cluster !== undefined || flags.clickhouseShards !== undefined)
        throw new UsageError('--cluster and --clickhouse-shards need --engine clickhouse');
      return undefined;
    }
    if (flags.engine !== 'clickhouse')
      throw new UsageError(`--engine must be duckdb or clickhouse, got ${JSON.stringify(flags.engine)}`);
    if (flags.cluster === undefined || flags.cluster === '')
      throw new UsageError("--engine clickhouse needs --cluster NAME (the cluster in the servers' remote_servers)");
    return {
      url: flags.clickhouse,
      cluster: flags.cluster,
      database: flags.database,
      shardUrls: flags.clickhouseShards
        ?.split(',')
        .map((u) => u.trim())
        .filter((u) => u.length > 0),
    };
  },
} as const;
