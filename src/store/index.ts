export { ingest, type IngestOptions, type IngestResult } from './ingest.js';
export { loadStoreTables, type LoadStoreOptions } from './load-store-tables.js';
export { DaySpool, DAY_SPOOL_DEFAULTS, writeDigits } from './day-spool.js';
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
