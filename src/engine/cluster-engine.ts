import type { Readable } from 'node:stream';
import type { ColumnType } from './engine.js';

/** A value read back from a cluster: integers beyond 2^53 stay bigint, NULL is null. */
export type ClusterValue = string | number | bigint | null;

/** A result column: the server's own type name and the peerscope type it loads into DuckDB as. */
export interface ClusterColumn {
  name: string;
  /** The server's type, e.g. `Int64`, `Nullable(String)`. */
  type: string;
  /** The {@link ColumnType} holding it exactly: BIGINT for 64-bit integers, VARCHAR for anything textual. */
  columnType: ColumnType;
}

/** Rows of a query with their column types; each row is in column order. */
export interface ClusterRows {
  columns: ClusterColumn[];
  rows: ClusterValue[][];
}

/** Where a statement runs: the server of the engine's URL (the default) or one shard's own server; and with which settings. */
export interface ClusterTarget {
  /** 0-based shard index, in the order of `shardUrls`. */
  shard?: number;
  /** Server settings for this statement only, e.g. `{ log_queries: 1 }` (they reach the shards' parts of a distributed query too). */
  settings?: Record<string, string | number>;
}

/** An INSERT of an encoded row stream. */
export interface ClusterInsert extends ClusterTarget {
  /** Database. Default: the engine's. */
  database?: string;
  table: string;
  /** Column names in the order the rows are encoded. */
  columns: readonly string[];
  /** Encoding of `body`, one of the formats every ClickHouse reads. */
  format: 'RowBinary' | 'TabSeparated';
  /** The encoded rows, read with backpressure: the request pulls the next chunk when the socket drains. */
  body: Readable | AsyncIterable<Uint8Array>;
}

/**
 * A distributed SQL engine (ClickHouse) reached over the network: the heavy aggregations run there
 * and only their results come back. Narrower than {@link Engine} on purpose: a cluster reads no
 * local Parquet or text files (its tables are filled by INSERT streams), writes no local tables
 * (results come back as rows or as a result file, for the local DuckDB to load), has no bound parameters
 * (old servers have none: values are quoted into the SQL with `clickhouseQuote`) and no small-table
 * `load` (its inserts are streams of millions of rows, with their own encoding).
 */
export interface ClusterEngine {
  /** Engine name, for diagnostics. */
  readonly name: string;
  /** URL of the server that runs distributed queries. */
  readonly url: string;
  /** The `remote_servers` cluster the Distributed tables span. */
  readonly cluster: string;
  /** The database peerscope's tables live in. */
  readonly database: string;
  /** Each shard's own URL, in shard order (shard_num 1 first). */
  readonly shardUrls: readonly string[];
  /** Each shard's weight in `remote_servers`, in shard order: a Distributed INSERT gives shard i weight_i of every sum(weights) key values. */
  readonly shardWeights: readonly number[];
  /** The server's version, e.g. `18.16.1`. */
  readonly version: string;
  /** Runs a statement (DDL, ALTER, INSERT … SELECT). */
  run(sql: string, target?: ClusterTarget): Promise<void>;
  /** Runs a statement on every shard over its own URL, in shard order: what `ON CLUSTER` does where there is no ZooKeeper. */
  runOnShards(sql: string): Promise<void>;
  /** Runs a query and returns all its rows with their types. */
  query(sql: string, target?: ClusterTarget): Promise<ClusterRows>;
  /** Runs a query and hands its rows over in batches of at most `batchRows` (default 65,536), awaiting each. Returns the row count. */
  queryBatches(
    sql: string,
    onBatch: (batch: ClusterRows) => Promise<void> | void,
    options?: ClusterTarget & { batchRows?: number },
  ): Promise<number>;
  /**
   * Runs a query and writes its result, as the server sends it (`TabSeparatedWithNamesAndTypes`:
   * a line of names, a line of types, then one line per row, escaped), to the local file `path`,
   * for the local engine to read without decoding the rows in JS. Returns the columns.
   */
  queryToFile(sql: string, path: string, target?: ClusterTarget): Promise<ClusterColumn[]>;
  /** Inserts an encoded row stream in one request. */
  insert(insert: ClusterInsert): Promise<void>;
  close(): Promise<void>;
}
