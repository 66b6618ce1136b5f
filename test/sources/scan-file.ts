// A plain line reader over readBlocks + forEachLine, kept for the tests as the simplest reader of
// the block machinery (scanLog, the real one, also validates and accounts for every line).
import { forEachLine, type LineHandler } from '../../src/sources/for-each-line.js';
import { readBlocks } from '../../src/sources/read-blocks.js';
import type { ScanProgress } from '../../src/sources/scan-progress.js';

/** What a finished scan saw. */
export interface ScanStats {
  /** Physical lines, blank ones included. */
  lines: number;
  /** Blank lines, skipped. */
  blank: number;
  /** Bytes after decompression. */
  bytes: number;
}

/** Options for {@link scanFile}. */
export interface ScanOptions {
  /** Name used in error messages. Default: the path. */
  label?: string;
  /** Whether to gunzip. Default: the path ends in ".gz". */
  gzip?: boolean;
  /** Called after each block. */
  onProgress?: (progress: ScanProgress) => void;
  /** Read size in bytes. Default 1 MiB. */
  chunkSize?: number;
  /** Block size in bytes. Default 1 MiB. */
  blockSize?: number;
}

/**
 * Streams a text file (plain or gzip) and hands each line to `onLine` as a byte range, so no
 * string or object is made per line. A read or gzip failure becomes an InputError naming the
 * file and the first line not fully read.
 */
export async function scanFile(path: string, onLine: LineHandler, options: ScanOptions = {}): Promise<ScanStats> {
  let lines = 0;
  let blank = 0;
  let bytes = 0;
  const blocks = readBlocks(path, { ...options, currentLine: () => lines + 1 });
  for await (const { buf, bytesRead } of blocks) {
    bytes += buf.length;
    const r = forEachLine(buf, lines, onLine);
    lines += r.lines;
    blank += r.blank;
    options.onProgress?.({ bytesRead, lines, done: false });
  }
  options.onProgress?.({ bytesRead: bytes, lines, done: true });
  return { lines, blank, bytes };
}
