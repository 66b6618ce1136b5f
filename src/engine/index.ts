export type { Column, ColumnType, Engine, SqlValue } from './engine.js';
export { openDuckDb, DUCKDB_DEFAULTS } from './duckdb-engine.js';
export { globLiteral } from './glob-literal.js';
export type { DuckDbOptions } from './duckdb-engine.js';
export type {
  ClusterColumn,
  ClusterEngine,
  ClusterInsert,
  ClusterRows,
  ClusterTarget,
  ClusterValue,
} from './cluster-engine.js';
export { openClickHouse, CLICKHOUSE_DEFAULTS } from './clickhouse-engine.js';
export type { ClickHouseOptions } from './clickhouse-engine.js';
export { clickhouseQuote } from './clickhouse-quote.js';
export { murmurHash3x86_32 } from './murmur-hash3-32.js';
export type { ClickHouseLiteral } from './clickhouse-quote.js';
