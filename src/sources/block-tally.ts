import type { SourceBlockResult } from './source-adapter.js';

/** Counts one block's records, rejections and skips into a {@link SourceBlockResult}. */
export class BlockTally {
  readonly result: SourceBlockResult;

  constructor(
    bytes: number,
    private readonly maxRejections: number,
  ) {
    this.result = {
      lines: 0,
      blank: 0,
      rows: 0,
      bytes,
      rejected: 0,
      reasons: {},
      rejections: [],
      skipped: 0,
      skippedReasons: {},
      emitted: 0,
    };
  }

  /** A bad record: counted by reason, and its text kept while under the cap. */
  reject(line: number, reason: string, detail: string, text: () => string): void {
    const r = this.result;
    r.rejected++;
    r.reasons[reason] = (r.reasons[reason] ?? 0) + 1;
    if (r.rejections.length < this.maxRejections) r.rejections.push({ line, reason, detail, text: text() });
  }

  /** A record read and deliberately left out. */
  skip(reason: string): void {
    const r = this.result;
    r.skipped++;
    r.skippedReasons[reason] = (r.skippedReasons[reason] ?? 0) + 1;
  }
}
