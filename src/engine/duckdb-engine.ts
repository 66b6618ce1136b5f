import { globLiteral } from './glob-literal.js';
import type { DuckDBConnection, DuckDBInstance, DuckDBType, DuckDBValue } from '@duckdb/node-api';
import { QueryError } from '../errors.js';
import type { Column, ColumnType, Engine, SqlValue } from './engine.js';

/** A BIGINT as a number where that is exact (all() and each() hand results over so); any other value as it is. */
function exactNumber<V>(value: V): V | number {
  if (typeof value === 'bigint' && value <= BigInt(Number.MAX_SAFE_INTEGER) && value >= BigInt(Number.MIN_SAFE_INTEGER))
    return Number(value);
  return value;
}

/** Options for the embedded DuckDB engine. */
export interface DuckDbOptions {
  /**
   * DuckDB `memory_limit`, e.g. "2GB". Default: "1GB", so large inputs spill instead of growing and
   * the process stays under 2 GiB: DuckDB's RSS runs ~0.6 GB past its limit while it reads gzipped
   * CSV into a table (measured on detection's read of the flows at `--scale 1`: 2.17 GiB peak with
   * 1.5GB, 1.55 GiB with 1GB; docs/performance.md), and Node holds the peer-group graph meanwhile.
   */
  memoryLimit?: string;
  /** Folder for spill files. Default: DuckDB's own (next to the database, or the OS temp dir). */
  tempDirectory?: string;
  /** Worker threads. Default: all cores. */
  threads?: number;
}

export const DUCKDB_DEFAULTS = { memoryLimit: '1GB' } as const;

/** The node API, loaded by the first openDuckDb (a command that never opens an engine never loads it). */
type DuckDbApi = typeof import('@duckdb/node-api');
const CHUNK_ROWS = 2048;
const NO_NULL = '\u0001peerscope-no-null\u0001';

/** Opens an in-memory DuckDB engine. */
export async function openDuckDb(options: DuckDbOptions = {}): Promise<Engine> {
  const config: Record<string, string> = { memory_limit: options.memoryLimit ?? DUCKDB_DEFAULTS.memoryLimit };
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.threads) config.threads = String(options.threads);
  // Loaded here, not at startup: the module and its native binding cost every command ~0.2 s of
  // CPU before its first step (`peerscope --version` included).
  const api = await import('@duckdb/node-api');
  const instance = await api.DuckDBInstance.create(':memory:', config);
  return new DuckDbEngine(api, await instance.connect(), instance);
}

class DuckDbEngine implements Engine {
  readonly name = 'duckdb';

  private readonly types: Record<ColumnType, DuckDBType>;

  constructor(
    private readonly api: DuckDbApi,
    private readonly connection: DuckDBConnection,
    private readonly instance: DuckDBInstance,
  ) {
    const { VARCHAR, BIGINT, INTEGER, DOUBLE, BOOLEAN } = api;
    this.types = { VARCHAR, BIGINT, INTEGER, DOUBLE, BOOLEAN };
  }

  async run(sql: string, params?: Record<string, SqlValue>): Promise<void> {
    await this.guard(sql, () => this.connection.run(sql, params as Record<string, DuckDBValue> | undefined));
  }

  async all<T>(sql: string, params?: Record<string, SqlValue>): Promise<T[]> {
    const reader = await this.guard(sql, () =>
      this.connection.runAndReadAll(sql, params as Record<string, DuckDBValue> | undefined),
    );
    return reader.getRowObjectsJS().map((row) => {
      for (const key of Object.keys(row)) row[key] = exactNumber(row[key]!);
      return row as T;
    });
  }

  async each<T>(
    sql: string,
    onBatch: (rows: T[]) => void,
    options: { params?: Record<string, SqlValue>; batchRows?: number } = {},
  ): Promise<number> {
    const batchRows = Math.max(1, Math.floor(options.batchRows ?? 250_000));
    const result = await this.guard(sql, () =>
      this.connection.stream(sql, options.params as Record<string, DuckDBValue> | undefined),
    );
    const names = result.deduplicatedColumnNames();
    let rows: Record<string, unknown>[] = [];
    let total = 0;
    for (;;) {
      const chunk = await this.guard(sql, () => result.fetchChunk());
      if (chunk === null || chunk.rowCount === 0) break;
      // Reading each column whole and building the objects here is about twice as fast as the
      // reader's row objects (and holds one chunk, not the whole result). Non-scalar values (lists,
      // dates) stay DuckDB's value objects: each() is for scalar columns.
      const columns = chunk.getColumns();
      for (let r = 0; r < chunk.rowCount; r++) {
        const row: Record<string, unknown> = {};
        for (let c = 0; c < names.length; c++) row[names[c]!] = exactNumber(columns[c]![r]!);
        rows.push(row);
        if (rows.length === batchRows) {
          total += rows.length;
          onBatch(rows as T[]);
          rows = [];
        }
      }
    }
    if (rows.length > 0) {
      total += rows.length;
      onBatch(rows as T[]);
    }
    return total;
  }

  async load(table: string, columns: Column[]): Promise<void> {
    const ddl = `CREATE OR REPLACE TABLE ${this.api.quotedIdentifier(table)} (${columns.map((c) => `${this.api.quotedIdentifier(c.name)} ${c.type}`).join(', ')})`;
    await this.run(ddl);
    const rows = columns[0]?.values.length ?? 0;
    const appender = await this.connection.createAppender(table);
    const types = columns.map((c) => this.types[c.type]);
    for (let start = 0; start < rows; start += CHUNK_ROWS) {
      const end = Math.min(rows, start + CHUNK_ROWS);
      const chunk = this.api.DuckDBDataChunk.create(types, end - start);
      columns.forEach((column, i) => {
        const slice: DuckDBValue[] = new Array(end - start);
        for (let r = start; r < end; r++) {
          const v = column.values[r];
          if (v === undefined) throw new Error(`load ${table}: column ${column.name} has fewer than ${rows} values`);
          slice[r - start] = column.type === 'BIGINT' && typeof v === 'number' ? BigInt(v) : v;
        }
        chunk.setColumnValues(i, slice);
      });
      appender.appendDataChunk(chunk);
    }
    appender.closeSync();
  }

  async toParquet(query: string, path: string, params?: Record<string, SqlValue>): Promise<void> {
    await this.run(`COPY (${query}) TO ${this.api.quotedString(path)} (FORMAT parquet, COMPRESSION zstd)`, params);
  }

  async toCsv(query: string, path: string, params?: Record<string, SqlValue>): Promise<void> {
    await this.run(`COPY (${query}) TO ${this.api.quotedString(path)} (FORMAT csv, HEADER true)`, params);
  }

  readParquet(path: string, pattern?: string): string {
    const literal = globLiteral(path);
    return `read_parquet(${this.api.quotedString(pattern === undefined ? literal : `${literal}/${pattern}`)})`;
  }

  readLines(
    path: string,
    columns: readonly { name: string; type: ColumnType }[],
    options: { delimiter?: ',' | '\t'; skipLines?: number } = {},
  ): string {
    const spec = columns.map((c) => `${this.api.quotedString(c.name)}: ${this.api.quotedString(c.type)}`).join(', ');
    const delimiter = options.delimiter ?? ',';
    if (delimiter !== ',' && delimiter !== '\t') throw new RangeError(`readLines: delimiter must be ',' or TAB`);
    const skip = options.skipLines ?? 0;
    if (!Number.isSafeInteger(skip) || skip < 0)
      throw new RangeError(`readLines: skipLines must be a whole number ≥ 0, got ${skip}`);
    // No quote or escape character: LANL fields may hold '"'. The null string cannot be empty, so
    // it is one no log holds, keeping empty fields as empty strings as the byte scanner does.
    return `read_csv(${this.api.quotedString(globLiteral(path))}, columns = {${spec}}, header = false, delim = ${this.api.quotedString(delimiter)}, skip = ${skip}, quote = '', escape = '', nullstr = ${this.api.quotedString(NO_NULL)}, auto_detect = false, strict_mode = true)`;
  }

  ident(name: string): string {
    return this.api.quotedIdentifier(name);
  }

  async close(): Promise<void> {
    this.connection.closeSync();
    this.instance.closeSync();
  }

  private async guard<T>(sql: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      throw new QueryError(`query failed: ${message.split('\n')[0]}`, sql, error);
    }
  }
}
