import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LogFormat } from './log-formats.js';
import type { InputFile } from './resolve-inputs.js';
import { readBlocks } from './read-blocks.js';
import { scanBlock, type BlockResult, type RowHandler } from './scan-block.js';
import type { ScanProgress } from './scan-progress.js';

/** What one file (or all splits of a kind, summed) held. */
export interface FileAccount {
  /** Valid rows handed on. */
  rows: number;
  /** Rows rejected (wrong field count or a non-integer in an integer column). */
  rejected: number;
  /** Blank lines skipped. */
  blank: number;
  /** Bytes after decompression. */
  bytes: number;
  /** Rejections by reason: "field_count" or "<field>_not_integer". */
  reasons: Record<string, number>;
  /** The first few rejections in words, e.g. `flows.txt line 7: bytes "x7" is not an integer`. */
  examples: string[];
  /** Files written under rejected/, relative to OUT. */
  rejected_files: string[];
}

/** Options for {@link scanLog}. */
export interface ScanLogOptions {
  /** Folder where rejected/<file>.txt goes; nothing is written when undefined. */
  outDir?: string;
  /** Rejected lines written per file. Default 10,000. */
  maxRejectedLines?: number;
  onProgress?: (progress: ScanProgress) => void;
  /** Bytes per block. Default 1 MiB. */
  blockSize?: number;
  /** Awaited after each block, e.g. to hold the scan while a consumer catches up. */
  afterBlock?: () => Promise<void>;
  /** Interval (s) the rows' times must be indexable by (see ScanBlockOptions). Default: not checked. */
  interval?: number;
}

/** The folder, in OUT or a store, where each input's rejected lines go (`rejected/auth.txt`). */
export const REJECTED_DIR = 'rejected';

const NEWLINE = Buffer.from('\n');

export const SCAN_LOG_DEFAULTS = { maxRejectedLines: 10_000, examples: 5 } as const;

/** An empty account, to sum files into. */
export function emptyAccount(): FileAccount {
  return { rows: 0, rejected: 0, blank: 0, bytes: 0, reasons: {}, examples: [], rejected_files: [] };
}

/**
 * The rejections and counts of one file, gathered block by block in file order, then written
 * to OUT/rejected/<file>.txt as `line<TAB>original text`.
 */
export class FileTally {
  /** Physical lines so far. */
  lines = 0;
  /** `line<TAB>`, the original bytes and LF of each rejected line kept. */
  private readonly rejectedLines: Buffer[] = [];
  private kept = 0;

  constructor(
    private readonly file: InputFile,
    private readonly account: FileAccount,
    private readonly maxLines: number,
  ) {}

  /** Adds a block's result; its line numbers are shifted by `shift` (the lines before it, for a block numbered from 1). */
  add(result: BlockResult, shift = 0): void {
    const a = this.account;
    a.rows += result.rows;
    a.rejected += result.rejected;
    a.blank += result.blank;
    a.bytes += result.bytes;
    for (const [reason, n] of Object.entries(result.reasons)) a.reasons[reason] = (a.reasons[reason] ?? 0) + n;
    for (const r of result.rejections) {
      const line = r.line + shift;
      if (a.examples.length < SCAN_LOG_DEFAULTS.examples)
        a.examples.push(`${this.file.label} line ${line}: ${r.detail}`);
      if (this.kept < this.maxLines) {
        this.kept++;
        const text = typeof r.text === 'string' ? Buffer.from(r.text, 'utf8') : r.text;
        this.rejectedLines.push(
          Buffer.from(`${line}\t`),
          Buffer.from(text.buffer, text.byteOffset, text.length),
          NEWLINE,
        );
      }
    }
    this.lines += result.lines;
  }

  /** Writes the rejected lines kept, if any, under `outDir`. */
  finish(outDir: string | undefined): void {
    if (this.kept === 0 || outDir === undefined) return;
    const relative = rejectedFileName(this.file.label, this.account.rejected_files);
    const path = join(outDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.concat(this.rejectedLines));
    this.account.rejected_files.push(relative);
  }
}

/**
 * Reads one LANL-format file, validates every line against `format` and hands valid rows to
 * `onRow`, on this thread. Invalid lines are counted into `account` and the first ones written
 * to OUT/rejected/<file>.txt; the scan goes on.
 */
export async function scanLog(
  file: InputFile,
  format: LogFormat,
  onRow: RowHandler,
  account: FileAccount,
  options: ScanLogOptions = {},
): Promise<void> {
  const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  const tally = new FileTally(file, account, maxLines);
  for await (const { buf, bytesRead } of readBlocks(file.path, {
    label: file.label,
    gzip: file.gzip,
    blockSize: options.blockSize,
    currentLine: () => tally.lines + 1,
  })) {
    tally.add(scanBlock(buf, format, onRow, tally.lines, maxLines, { interval: options.interval }));
    options.onProgress?.({ bytesRead, lines: tally.lines, done: false });
    await options.afterBlock?.();
  }
  tally.finish(options.outDir);
  options.onProgress?.({ bytesRead: file.bytes, lines: tally.lines, done: true });
}

/**
 * Where the rejected lines of the input labelled `label` go, relative to OUT, given the names
 * the kind's earlier inputs took: `auth.txt.gz` → `rejected/auth.txt`, split `auth/p1.txt.gz` →
 * `rejected/auth/p1.txt`. Splits `p.txt` and `p.txt.gz` of one folder would share `p.txt`: the
 * second keeps its full name (`rejected/auth/p.txt.gz.txt`), so each input has its own file.
 */
export function rejectedFileName(label: string, taken: readonly string[]): string {
  const plain = label.replace(/\.gz$/, '');
  const name = join(REJECTED_DIR, plain.endsWith('.txt') ? plain : `${plain}.txt`);
  return taken.includes(name) ? join(REJECTED_DIR, `${label}.txt`) : name;
}
