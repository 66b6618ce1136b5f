import { createReadStream } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';

const LF = 10;
const CR = 13;

/** Called once per non-blank line; the line is buf[start, end) without its CR/LF. */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNumber: number) => void;

/** Where a scan stands; `bytesRead` counts the file's own (compressed, for .gz) bytes. */
export interface ScanProgress {
  bytesRead: number;
  lines: number;
}

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
  /** Called after each chunk. */
  onProgress?: (progress: ScanProgress) => void;
  /** Read size in bytes. Default 1 MiB. */
  chunkSize?: number;
}

/**
 * Streams a text file (plain or gzip) and hands each line to `onLine` as a byte range, so no
 * string or object is made per line. Lines end in LF or CRLF; blank lines are skipped but counted.
 * A read or gzip failure becomes an InputError naming the file and the last complete line.
 */
export async function scanFile(path: string, onLine: LineHandler, options: ScanOptions = {}): Promise<ScanStats> {
  const label = options.label ?? path;
  const gzip = options.gzip ?? path.endsWith('.gz');
  const source = createReadStream(path, { highWaterMark: options.chunkSize ?? 1 << 20 });
  const gunzip = gzip ? createGunzip({ chunkSize: 1 << 20 }) : null;
  const stream = gunzip ? source.pipe(gunzip) : source;
  source.on('error', (error) => gunzip?.destroy(error));

  let carry: Buffer | null = null;
  let lineNumber = 0;
  let blank = 0;
  let bytes = 0;

  const emit = (buf: Buffer, start: number, end: number) => {
    lineNumber++;
    if (end > start && buf[end - 1] === CR) end--;
    if (end === start) {
      blank++;
      return;
    }
    onLine(buf, start, end, lineNumber);
  };

  try {
    for await (const chunk of stream as AsyncIterable<Buffer>) {
      bytes += chunk.length;
      const buf = chunk;
      let pos = 0;
      if (carry) {
        const nl = chunk.indexOf(LF);
        if (nl < 0) {
          carry = Buffer.concat([carry, chunk]);
          continue;
        }
        const joined = Buffer.concat([carry, chunk.subarray(0, nl)]);
        carry = null;
        emit(joined, 0, joined.length);
        pos = nl + 1;
      }
      for (;;) {
        const nl = buf.indexOf(LF, pos);
        if (nl < 0) break;
        emit(buf, pos, nl);
        pos = nl + 1;
      }
      if (pos < buf.length) carry = Buffer.from(buf.subarray(pos));
      options.onProgress?.({ bytesRead: source.bytesRead, lines: lineNumber });
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    throw new InputError(describe(error, gzip), { file: label, line: lineNumber > 0 ? lineNumber + 1 : undefined, cause: error });
  }
  if (carry) emit(carry, 0, carry.length);
  options.onProgress?.({ bytesRead: source.bytesRead, lines: lineNumber });
  return { lines: lineNumber, blank, bytes };
}

function describe(error: unknown, gzip: boolean): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'file not found';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a folder, not a file';
  if (gzip && (e.code === 'Z_BUF_ERROR' || e.code === 'Z_DATA_ERROR' || /unexpected end|incorrect header|invalid/i.test(e.message ?? ''))) {
    return `corrupt or truncated gzip (${e.message})`;
  }
  return e.message ?? String(error);
}
