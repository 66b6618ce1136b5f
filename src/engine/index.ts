export type { Column, ColumnType, Engine, SqlValue } from './engine.js';
export { openDuckDb, DUCKDB_DEFAULTS } from './duckdb-engine.js';
export type { DuckDbOptions } from './duckdb-engine.js';
