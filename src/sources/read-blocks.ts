import { closeSync, createReadStream, openSync, readSync, statSync } from 'node:fs';
import { createGunzip } from 'node:zlib';
import { InputError } from '../errors.js';
import { bomLength } from './bom-length.js';
import { streamChunks } from './stream-chunks.js';

/** A run of whole lines, in a buffer of its own (so it can be transferred to a worker). */
export interface Block {
  buf: Buffer;
  /** The file's own bytes (compressed, for .gz) read so far. */
  bytesRead: number;
}

/** Options for {@link readBlocks}. */
export interface ReadBlocksOptions {
  /** Name used in error messages. Default: the path. */
  label?: string;
  /** Whether to gunzip. Default: the path ends in ".gz". */
  gzip?: boolean;
  /** Read size in bytes. Default 1 MiB. */
  chunkSize?: number;
  /** Smallest block handed out (bytes), except the last. Default 1 MiB. */
  blockSize?: number;
  /**
   * The line the caller has reached, for error messages: the 1-based line of the first byte of
   * the next block. The lines read ahead of it are added.
   */
  currentLine?: () => number | undefined;
  /** Longest record (bytes) read before the file is refused as not a text log. Default 64 MiB. */
  maxRecordBytes?: number;
  /** What ends a record: blocks are cut right after its last occurrence. Default a line feed; `</Event>` for Windows Event XML. */
  terminator?: string;
  /**
   * Where a block's bytes go: a buffer of at least `bytes` bytes whose ArrayBuffer nothing else
   * uses (e.g. one a worker handed back, so the scan does not touch fresh memory per block).
   * Default a fresh allocation.
   */
  allocate?: (bytes: number) => Buffer;
}

const LF = 10;

export const READ_BLOCKS_DEFAULTS = { chunkSize: 1 << 20, blockSize: 1 << 20, maxRecordBytes: 64 << 20 } as const;

/**
 * Streams a text file (plain or gzip) as line-aligned blocks: each block ends in LF (or the
 * `terminator` given), except a last line without one. A UTF-8 byte-order mark at the start is dropped. Decompression runs on libuv's thread
 * pool, so the caller's thread is free to parse while the next chunk inflates. A read or gzip failure becomes an InputError
 * naming the file and, when `currentLine` is given, the line.
 */
export async function* readBlocks(path: string, options: ReadBlocksOptions = {}): AsyncGenerator<Block> {
  const label = options.label ?? path;
  const gzip = options.gzip ?? path.endsWith('.gz');
  const blockSize = options.blockSize ?? READ_BLOCKS_DEFAULTS.blockSize;
  const terminator = Buffer.from(options.terminator ?? '\n');
  const source = createReadStream(path, { highWaterMark: options.chunkSize ?? READ_BLOCKS_DEFAULTS.chunkSize });
  // Room for a few blocks of output lets zlib inflate ahead while the caller parses a block.
  // (Node's zlib takes stream options, though its ZlibOptions type does not list them.)
  const zlibOptions = { chunkSize: 1 << 20, highWaterMark: 4 * blockSize };
  const gunzip = gzip ? createGunzip(zlibOptions) : null;
  const stream = gunzip ? source.pipe(gunzip) : source;
  source.on('error', (error) => gunzip?.destroy(error));

  let pending: Buffer[] = [];
  let pendingBytes = 0;
  // A fresh allocation per block: pooled buffers must not be transferred to another thread.
  const take = (upTo: number): Buffer => {
    const block = options.allocate ? options.allocate(upTo).subarray(0, upTo) : Buffer.allocUnsafeSlow(upTo);
    let o = 0;
    const rest: Buffer[] = [];
    for (const part of pending) {
      const n = Math.min(part.length, upTo - o);
      if (n > 0) part.copy(block, o, 0, n);
      o += n;
      if (n < part.length) rest.push(part.subarray(n));
    }
    pending = rest;
    pendingBytes -= upTo;
    return block;
  };

  // Windows tools often start a text file with a UTF-8 byte-order mark: it is never data, and
  // left in, the first line's first field would not parse. Dropped here, for every reader.
  let bomChecked = false;
  const dropByteOrderMark = () => {
    if (pending[0]!.length < 3) pending = [Buffer.concat(pending)];
    if (bomLength(pending[0]!) === 0) return;
    pending[0] = pending[0]!.subarray(3);
    pendingBytes -= 3;
  };

  // The line an error is at: the caller's, plus the whole lines read ahead and not yet handed out.
  const lineAhead = (): number | undefined => {
    const line = options.currentLine?.();
    if (line === undefined) return undefined;
    let n = 0;
    for (const part of pending) for (let i = part.indexOf(terminator); i >= 0; i = part.indexOf(terminator, i + 1)) n++;
    return line + n;
  };

  // Bytes since the last terminator: a file without line breaks (a binary file, a log cut into
  // one line) would otherwise be held whole in memory before its one line is rejected.
  const maxRecord = options.maxRecordBytes ?? READ_BLOCKS_DEFAULTS.maxRecordBytes;
  let openRecord = 0;
  let lastByte = -1;
  try {
    for await (const chunk of streamChunks(stream, { highWaterBytes: 4 * blockSize })) {
      if (chunk.length > 0) lastByte = chunk[chunk.length - 1]!;
      pending.push(chunk);
      pendingBytes += chunk.length;
      if (!bomChecked && pendingBytes >= 3) {
        bomChecked = true;
        dropByteOrderMark();
      }
      // A terminator split across two chunks is found in a later chunk: the block just grows.
      const at = chunk.lastIndexOf(terminator);
      openRecord = at < 0 ? openRecord + chunk.length : chunk.length - at - terminator.length;
      if (openRecord > maxRecord) {
        throw new InputError(
          `a line longer than ${maxRecord >= 1 << 20 ? `${maxRecord / (1 << 20)} MiB` : `${maxRecord} bytes`} ` +
            `(no line break in it): not a text log`,
          { file: label, line: lineAhead() },
        );
      }
      if (pendingBytes < blockSize || at < 0) continue;
      yield { buf: take(pendingBytes - (chunk.length - at - terminator.length)), bytesRead: source.bytesRead };
    }
  } catch (error) {
    if (error instanceof InputError) throw error;
    // A fault of the gzip trailer (a wrong CRC or length, or the trailer cut short after text
    // that ends its last line) is found once the whole file was read: it is at the file's end,
    // not at the line the text had reached. Data cut inside a line is reported at that line.
    const message = (error as Error | undefined)?.message ?? '';
    const trailer =
      /incorrect (data|length) check/i.test(message) || (/unexpected end of file/i.test(message) && lastByte === LF);
    if (gzip && trailer && wholeFileRead(path, source.bytesRead)) {
      throw new InputError(`${describe(error, gzip)} at end of file`, { file: label, cause: error });
    }
    throw new InputError(describe(error, gzip), { file: label, line: lineAhead(), cause: error });
  }
  if (pendingBytes > 0) yield { buf: take(pendingBytes), bytesRead: source.bytesRead };
  // zlib takes a zero byte after a member for padding and stops there: whatever follows the
  // zeros (another member) would be dropped without a word.
  if (gunzip) {
    const at = firstDataAfterPadding(path, gunzip.bytesWritten);
    if (at !== undefined) {
      throw new InputError(
        `gzip data at byte ${at}, after zero padding, would be ignored by gunzip; the file is not one gzip stream`,
        { file: label, line: options.currentLine?.() },
      );
    }
  }
}

/** The offset of the first non-zero byte at or after `from` (where zlib stopped), or undefined. */
function firstDataAfterPadding(path: string, from: number): number | undefined {
  const fd = openSync(path, 'r');
  try {
    const buf = Buffer.allocUnsafe(1 << 20);
    for (let offset = from; ;) {
      const n = readSync(fd, buf, 0, buf.length, offset);
      if (n === 0) return undefined;
      for (let i = 0; i < n; i++) if (buf[i] !== 0) return offset + i;
      offset += n;
    }
  } finally {
    closeSync(fd);
  }
}

function wholeFileRead(path: string, bytesRead: number): boolean {
  try {
    return bytesRead >= statSync(path).size;
  } catch {
    return false;
  }
}

function describe(error: unknown, gzip: boolean): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'file not found';
  if (e.code === 'EACCES') return 'permission denied';
  if (e.code === 'EISDIR') return 'is a folder, not a file';
  if (
    gzip &&
    (e.code === 'Z_BUF_ERROR' ||
      e.code === 'Z_DATA_ERROR' ||
      /unexpected end|incorrect header|invalid/i.test(e.message ?? ''))
  ) {
    return `corrupt or truncated gzip (${e.message})`;
  }
  return e.message ?? String(error);
}
