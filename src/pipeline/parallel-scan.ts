import type { FileAccount, InputFile } from '../sources/index.js';
import { parallelBlocks, type ParallelBlocksOptions } from '../sources/parallel-blocks.js';
import type { HumanRule } from '../sources/human-rule.js';
import type { AuthAggregatorState } from './auth-aggregator.js';
import type { FlowAggregatorState } from './flow-aggregator.js';
import type { SpillOptions } from './spill-table.js';

/** What a worker aggregates: auth rows, or flows touching the given human hosts. */
export type ScanJob =
  | {
      kind: 'auth';
      humanRule: HumanRule;
      sampleSize: number;
      maxRejectedLines: number;
      graphTables: boolean;
      spill?: SpillOptions;
    }
  | {
      kind: 'flows';
      humans: string[];
      interval: number;
      sampleSize: number;
      maxRejectedLines: number;
      graphTables: boolean;
      spill?: SpillOptions;
      /** FlowAggregatorOptions.detectionFlows. */
      detectionFlows?: string;
    };

/** Options for {@link parallelScan}. */
export type ParallelScanOptions = Omit<ParallelBlocksOptions, 'onBlock' | 'beforeBlock'>;

/**
 * Scans a kind's files with parallelBlocks, each worker (scan-worker.ts) aggregating its blocks
 * into its own tables; returns each worker's aggregator state (S: that of the job's kind) for the
 * caller to absorb.
 */
export async function parallelScan<S extends AuthAggregatorState | FlowAggregatorState>(
  job: ScanJob,
  files: readonly InputFile[],
  account: FileAccount,
  options: ParallelScanOptions,
): Promise<S[]> {
  const ext = import.meta.url.endsWith('.ts') ? '.ts' : '.js';
  // The aggregators copy what they keep of a row (interned bytes, strings), so blocks can be reused.
  return parallelBlocks<S>(new URL(`./scan-worker${ext}`, import.meta.url), job, files, account, {
    ...options,
    recycleBlocks: true,
  });
}
