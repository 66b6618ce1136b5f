import type { Engine } from '../engine/index.js';
import type { AuthValueTally } from '../sources/tally-auth-values.js';
import type { AnalyzeSummary } from './analyze-summary.js';

/**
 * What analyze reads its data through: raw files by the byte scanner ({@link scanInputs}) or a
 * Parquet store by SQL ({@link storeInput}). Either way it accounts for the inputs and then
 * builds, in the one engine analyze opens, the tables writeOutputs reads (humans, compromised,
 * series, redteam, auth_edges, flow_services, sample_auth, sample_flows, sample_enriched).
 */
export interface AnalysisInput {
  /** summary.inputs: the input files, with sizes. */
  inputs: AnalyzeSummary['inputs'];
  /** summary.files: the accounting of every input line. */
  files: AnalyzeSummary['files'];
  /** First and last time of auth and flows; null when there were none. */
  timeSpan: { first: number | null; last: number | null };
  /** Whether there was a redteam file, so compromised hosts to test against. */
  hasRedteam: boolean;
  /** summary.sources: what was read through source adapters (other formats than plain LANL CSV), if anything. */
  sources?: Record<string, unknown>;
  /** Raw path: rows of each of the human rule's logon types (in its order), to refuse a type never seen. */
  logonTypeRows?: number[];
  /** Whether loadTables also builds the DETECTION_FLOW_TABLES (else detection reads the flow files itself). */
  detectionFlows?: boolean;
  /** Creates the tables in `engine`. */
  loadTables(engine: Engine): Promise<void>;
  /** The logon types and user domains of the auth rows (for the message when no host is human); after loadTables. */
  authValues(engine: Engine): Promise<AuthValueTally>;
}

/** Runs `fn` as stage `stage`, whose seconds go into summary.timings. */
export type StageClock = <T>(stage: string, fn: () => Promise<T>) => Promise<T>;
