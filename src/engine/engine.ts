/** A value that can be bound to a query parameter. */
export type SqlValue = string | number | bigint | boolean | null;

/** Column types the engine interface knows; each engine maps them to its own dialect. */
export type ColumnType = 'VARCHAR' | 'BIGINT' | 'INTEGER' | 'DOUBLE' | 'BOOLEAN';

/** A column to load from JS: numbers for numeric types, strings for VARCHAR. */
export interface Column {
  name: string;
  type: ColumnType;
  values: ArrayLike<string | number | boolean | null>;
}

/**
 * The SQL engine behind peerscope's pipeline. DuckDB embedded is the default; a distributed
 * engine implements the same surface. Dialect-specific text lives in each implementation.
 */
export interface Engine {
  /** Engine name, for diagnostics. */
  readonly name: string;
  /** Runs a statement, binding `$name` parameters. */
  run(sql: string, params?: Record<string, SqlValue>): Promise<void>;
  /** Runs a query and returns its rows as plain JS objects (BIGINT becomes number when safe). */
  all<T = Record<string, unknown>>(sql: string, params?: Record<string, SqlValue>): Promise<T[]>;
  /**
   * Runs a query and hands its rows (scalar columns, as all() gives them) to `onBatch` in the query's order,
   * `batchRows` at a time (the last batch fewer; default 250,000), streamed: at most one batch is
   * held in JS. `onBatch` must not query the engine: the stream holds the connection until it ends.
   * Returns the number of rows.
   */
  each<T = Record<string, unknown>>(
    sql: string,
    onBatch: (rows: T[]) => void,
    options?: { params?: Record<string, SqlValue>; batchRows?: number },
  ): Promise<number>;
  /** Creates (or replaces) a table from columns held in JS; meant for aggregated, small data. */
  load(table: string, columns: Column[]): Promise<void>;
  /** Writes a query's result to a Parquet file. */
  toParquet(query: string, path: string, params?: Record<string, SqlValue>): Promise<void>;
  /** Writes a query's result to a CSV file with a header row. */
  toCsv(query: string, path: string, params?: Record<string, SqlValue>): Promise<void>;
  /**
   * SQL text reading the Parquet file `path` as a relation or, with `pattern` (a glob such as
   * `*.parquet`), the files of the folder `path` that match it. `path` is taken literally.
   */
  readParquet(path: string, pattern?: string): string;
  /**
   * SQL text reading a headerless, comma-separated file (`path` taken literally) whose lines were already validated
   * (every line has exactly these columns; no quoting, empty fields are empty strings). Options:
   * another delimiter (default ','), and lines to skip first (default 0).
   */
  readLines(
    path: string,
    columns: readonly { name: string; type: ColumnType }[],
    options?: { delimiter?: ',' | '\t'; skipLines?: number },
  ): string;
  /** Quotes an identifier for this dialect. */
  ident(name: string): string;
  close(): Promise<void>;
}
