import type { SourceBlockResult } from '../sources/source-adapter.js';
import type { SpoolBlock } from './spool-block.js';

/**
 * One block's spool text from a parallel ingest worker of a kind read through source adapters
 * (see source-spool-worker.ts): runs of one day each, as a {@link SpoolBlock}, but a day may
 * come back in any order and `lines` are unused; with the block's skips and emitted rows.
 */
export interface SourceSpoolBlock extends SpoolBlock {
  totals: Pick<SourceBlockResult, 'skipped' | 'skippedReasons' | 'emitted'>;
}
