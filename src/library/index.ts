// The package's entry point (`import { analyze } from 'peerscope'`): the pipeline and the engine
// for programs that embed peerscope. `peerscope/stats` is src/stats/index.ts.
export {
  analyze,
  ANALYZE_DEFAULTS,
  readSummary,
  topHosts,
  writeJsonl,
  detectHosts,
  evaluateRun,
  OUTPUT_FILES,
  type AnalyzeOptions,
  type AnalyzeSummary,
  type AfterStage,
  type RankedHost,
  type SourceEvent,
} from '../pipeline/index.js';
export { generate, GENERATE_DEFAULTS, type GenerateOptions, type GenerateResult } from '../generate/index.js';
export { ingest, type IngestOptions, type IngestResult } from '../store/index.js';
export {
  openDuckDb,
  DUCKDB_DEFAULTS,
  type Engine,
  type Column,
  type ColumnType,
  type SqlValue,
} from '../engine/index.js';
export { HostMap, LocalNets, sniffFormat, type SourceFormat, type SniffResult } from '../sources/index.js';
export { InputError, UsageError, QueryError, EnvironmentError } from '../errors.js';
export { PEERSCOPE_VERSION } from '../version.js';
