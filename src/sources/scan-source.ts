import { InputError } from '../errors.js';
import { readBlocks } from './read-blocks.js';
import type { InputFile } from './resolve-inputs.js';
import type { RowHandler } from './scan-block.js';
import { FileTally, SCAN_LOG_DEFAULTS, type FileAccount, type ScanLogOptions } from './scan-log.js';
import { scannerFor } from './source-adapters.js';
import type { SourceBlockResult, SourceConfig } from './source-adapter.js';

/** What a source scan counts beyond a {@link FileAccount}. */
export interface SourceTotals {
  /** Records deliberately not turned into rows (headers, other Windows events), by reason. */
  skipped: number;
  skipped_reasons: Record<string, number>;
  /** Rows handed on (for Zeek up to two per connection; `rows` in the account counts connections). */
  emitted: number;
}

/** Zero totals, to sum files into. */
export function emptyTotals(): SourceTotals {
  return { skipped: 0, skipped_reasons: {}, emitted: 0 };
}

/**
 * {@link scanLog} for any source format: reads a file prepared as `config` in record-aligned
 * blocks (cut after `config.terminator`), turns its records into rows of the config's kind for
 * `onRow` on this thread, and counts rejections into `account` (rejected lines written to
 * OUT/rejected/) and skips into `totals`. The serial path, and the model for a parallel one.
 */
export async function scanSource(
  file: InputFile,
  config: SourceConfig,
  onRow: RowHandler,
  account: FileAccount,
  totals: SourceTotals,
  options: ScanLogOptions = {},
): Promise<void> {
  const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  const tally = new FileTally(file, account, maxLines);
  const scanner = scannerFor(config);
  let first = true;
  const blocks = readBlocks(file.path, {
    label: file.label,
    gzip: file.gzip,
    blockSize: options.blockSize,
    currentLine: () => tally.lines + 1,
    terminator: config.terminator,
  });
  for await (const { buf, bytesRead } of blocks) {
    let result: SourceBlockResult;
    try {
      result = scanner.scan(buf, onRow, tally.lines, maxLines, first);
    } catch (error) {
      if (error instanceof InputError && error.file === undefined)
        throw new InputError(error.reason, { file: file.label, line: error.line, cause: error });
      throw error;
    }
    first = false;
    tally.add(result);
    addTotals(totals, result);
    options.onProgress?.({ bytesRead, lines: tally.lines, done: false });
    await options.afterBlock?.();
  }
  tally.finish(options.outDir);
  options.onProgress?.({ bytesRead: file.bytes, lines: tally.lines, done: true });
}

/** Adds a block's skips and emitted rows to `totals`. */
export function addTotals(
  totals: SourceTotals,
  result: Pick<SourceBlockResult, 'skipped' | 'skippedReasons' | 'emitted'>,
): void {
  totals.skipped += result.skipped;
  totals.emitted += result.emitted;
  for (const [reason, n] of Object.entries(result.skippedReasons))
    totals.skipped_reasons[reason] = (totals.skipped_reasons[reason] ?? 0) + n;
}
