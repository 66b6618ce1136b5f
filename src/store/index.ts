export {
  ingest,
  INGEST_DEFAULTS,
  STORE_FILES,
  storeColumns,
  type IngestOptions,
  type StoreManifest,
} from './ingest.js';
export { loadStoreTables, type LoadStoreOptions } from './load-store-tables.js';
