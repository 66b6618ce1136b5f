export { ingest, INGEST_DEFAULTS, type IngestOptions, type IngestResult } from './ingest.js';
export { loadStoreTables, type LoadStoreOptions } from './load-store-tables.js';
export { DayColumns, type SpooledDay } from './day-columns.js';
export { writeDigits } from './write-digits.js';
export {
  dayOf,
  partitionName,
  PARTITIONED_KINDS,
  readStore,
  readStoreManifest,
  STORE_FILES,
  STORE_FORMAT,
  storeColumns,
  type InputFingerprint,
  type PartitionedKind,
  type StoreManifest,
  type StoreState,
} from './store-format.js';
export { CLICKHOUSE_TABLES, CLUSTER_DAY_SQL, createClickHouseTables } from './clickhouse-tables.js';
export type { ClusterKind, ClusterTableLayout, CreateClickHouseTablesOptions } from './clickhouse-tables.js';
export { ClickHouseRowWriter, CLICKHOUSE_ROW_WRITER_DEFAULTS } from './clickhouse-row-writer.js';
export { ShardOfHost } from './shard-of-host.js';
export { RowBinary } from './row-binary.js';
export type { ClusterBlock } from './cluster-block.js';
export type { ClickHouseRowWriterOptions } from './clickhouse-row-writer.js';
export { clusterAggregatesSql } from './cluster-aggregates-sql.js';
export type { ClusterAggregate, ClusterAggregatesOptions } from './cluster-aggregates-sql.js';
export { loadClusterTables, LOAD_CLUSTER_DEFAULTS } from './load-cluster-tables.js';
export type { LoadClusterOptions, LoadClusterResult } from './load-cluster-tables.js';
export { clickhouseDayChecks } from './clickhouse-day-checks.js';
export type { DayCheck } from './clickhouse-day-checks.js';
export { dropClickHouseDay } from './drop-clickhouse-day.js';
export { ingestCluster, CLUSTER_INGEST_DEFAULTS } from './ingest-cluster.js';
export type { ClusterIngestOptions, ClusterIngestResult } from './ingest-cluster.js';
export {
  CLUSTER_META_TABLES,
  CLUSTER_STORE_FORMAT,
  clusterManifestSchema,
  createClusterMetaTables,
  readClusterManifest,
  readClusterRejected,
  readClusterStore,
  writeClusterMeta,
} from './cluster-store-format.js';
export type { ClusterManifest, ClusterStoreState } from './cluster-store-format.js';
