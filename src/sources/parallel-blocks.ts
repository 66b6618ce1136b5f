import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { READ_BLOCKS_DEFAULTS, readBlocks } from './read-blocks.js';
import type { InputFile } from './resolve-inputs.js';
import type { BlockResult } from './scan-block.js';
import { FileTally, type FileAccount } from './scan-log.js';

/** Main thread → worker. */
export type BlockRequest =
  | {
      type: 'block';
      index: number;
      buf: Uint8Array;
      /** The index of the block's file in the scan's files, and whether the block starts it. */
      fileIndex: number;
      first: boolean;
      /** Send `buf` back with the result, to be reused for a later block. */
      recycle: boolean;
    }
  | { type: 'end' };

/** Worker → main thread: a block's result (and what the worker made of it), a parse error, or its final state. */
export type BlockReply =
  | { type: 'block'; index: number; result: BlockResult; payload?: unknown; buf?: Uint8Array }
  | { type: 'error'; index: number; reason: string; line: number | undefined }
  | { type: 'state'; state: unknown };

/** Where a block sits, for {@link ParallelBlocksOptions.onBlock}. */
export interface BlockPlace {
  /** Its index among all blocks of the scan (every file), from 0. */
  index: number;
  /** The index of its file in `files`. */
  fileIndex: number;
  file: InputFile;
  /** Lines of its file before it: its line i is line lineOffset + i of the file. */
  lineOffset: number;
}

/** Options for {@link parallelBlocks}. */
export interface ParallelBlocksOptions {
  /** Parser threads. */
  threads: number;
  /** Rejected lines written per file. */
  maxRejectedLines: number;
  /** Folder where rejected/<file>.txt goes. */
  outDir?: string;
  /** Bytes per block. Default 1 MiB. */
  blockSize?: number;
  /** Blocks queued per worker beyond the one it parses; bounds memory to threads × (depth + 1) blocks. */
  depth?: number;
  onProgress?: (file: InputFile, bytesRead: number, lines: number, done: boolean) => void;
  /** Called with each block's payload in file order (a throw ends the scan with that error). */
  onBlock?: (payload: unknown, place: BlockPlace) => void;
  /** Awaited before each block is sent (e.g. to wait for a consumer of the payloads). */
  beforeBlock?: () => Promise<void>;
  /** What ends a record of file `fileIndex`, where blocks are cut (XML events: `</Event>`). Default a line break. */
  terminator?: (fileIndex: number) => string;
  /**
   * Workers send each block's buffer back once done with it, and later blocks are cut into
   * those buffers: no fresh memory (page faults, a GC of external memory) per block. Only for
   * tasks that keep no view of a block past its rows and put none in a payload. Default false.
   */
  recycleBlocks?: boolean;
}

/**
 * Scans files with `threads` worker threads running the module at `worker` (which answers the
 * {@link BlockRequest} protocol, e.g. with serveBlocks). This thread reads and inflates (zlib
 * runs on libuv's pool) and cuts line-aligned blocks; each block goes, without a copy, to the
 * least busy worker, which validates it and does its work. Block results are folded into the file
 * accounts in file order, so line numbers, examples and rejected lines are those of a serial
 * scan, and payloads reach `onBlock` in that order too; each worker's final state is returned.
 */
export async function parallelBlocks<S>(
  worker: URL,
  workerData: unknown,
  files: readonly InputFile[],
  account: FileAccount,
  options: ParallelBlocksOptions,
): Promise<S[]> {
  const n = Math.max(1, Math.floor(options.threads));
  const depth = options.depth ?? 2;
  const recycle = options.recycleBlocks ?? false;
  // Buffers handed back by the workers; at most the blocks that can be in flight at once.
  const free: ArrayBuffer[] = [];
  const capacity = (options.blockSize ?? READ_BLOCKS_DEFAULTS.blockSize) + READ_BLOCKS_DEFAULTS.chunkSize;
  const allocate = (bytes: number): Buffer => {
    const i = free.findIndex((b) => b.byteLength >= bytes);
    if (i >= 0) return Buffer.from(free.splice(i, 1)[0]!);
    return Buffer.allocUnsafeSlow(Math.max(bytes, capacity));
  };
  // Each worker with the blocks it has queued, and its state once it ended.
  const slots = Array.from({ length: n }, (_, id) => ({
    id,
    worker: startWorker(worker, workerData),
    busy: 0,
    state: undefined as S | undefined,
    ended: false,
  }));
  // Blocks sent and not yet folded in, by index: their file, and their result once back.
  const inFlight = new Map<
    number,
    { tally: FileTally; file: InputFile; fileIndex: number; result?: BlockResult; payload?: unknown }
  >();
  let next = 0;
  let failure: { index: number; reason: string; line: number | undefined } | undefined;
  let crash: unknown;
  let wake: (() => void) | undefined;
  const signal = () => {
    const w = wake;
    wake = undefined;
    w?.();
  };
  const until = async (ready: () => boolean) => {
    while (!ready()) {
      if (crash !== undefined) throw crash;
      await new Promise<void>((resolve) => (wake = resolve));
    }
    if (crash !== undefined) throw crash;
  };

  for (const slot of slots) {
    slot.worker.on('message', (reply: BlockReply) => {
      if (reply.type === 'block') {
        slot.busy--;
        if (reply.buf !== undefined && free.length < n * (depth + 1)) free.push(reply.buf.buffer as ArrayBuffer);
        const sent = inFlight.get(reply.index);
        if (sent) {
          sent.result = reply.result;
          sent.payload = reply.payload;
        }
        try {
          for (;;) {
            const block = inFlight.get(next);
            if (block?.result === undefined) break;
            inFlight.delete(next);
            const place = {
              index: next++,
              fileIndex: block.fileIndex,
              file: block.file,
              lineOffset: block.tally.lines,
            };
            if (options.onBlock && crash === undefined) options.onBlock(block.payload, place);
            // Workers number each block's lines from 1: shift them by the lines of the blocks before.
            block.tally.add(block.result, block.tally.lines);
          }
        } catch (error) {
          crash ??= error;
        }
      } else if (reply.type === 'error') {
        slot.busy--;
        if (failure === undefined || reply.index < failure.index) failure = reply;
      } else {
        slot.state = reply.state as S;
        slot.ended = true;
      }
      signal();
    });
    slot.worker.on('error', (error) => {
      crash = error;
      signal();
    });
    slot.worker.on('exit', (code) => {
      if (!slot.ended && crash === undefined)
        crash = new Error(`parser thread ${slot.id} stopped (exit code ${code}) before finishing`);
      signal();
    });
  }

  try {
    let index = 0;
    for (const [fileIndex, file] of files.entries()) {
      const tally = new FileTally(file, account, options.maxRejectedLines);
      const firstIndex = index;
      let readError: InputError | undefined;
      try {
        for await (const block of readBlocks(file.path, {
          label: file.label,
          gzip: file.gzip,
          blockSize: options.blockSize,
          // Line 1 after the blocks handed out: they are counted (below) before the line is known;
          // an error without a line (at end of file) stays without.
          currentLine: () => 1,
          terminator: options.terminator?.(fileIndex),
          allocate: recycle ? allocate : undefined,
        })) {
          await options.beforeBlock?.();
          await until(() => failure !== undefined || slots.some((s) => s.busy <= depth));
          if (failure !== undefined) break;
          const slot = slots.reduce((least, s) => (s.busy < least.busy ? s : least));
          slot.busy++;
          inFlight.set(index, { tally, file, fileIndex });
          const request: BlockRequest = {
            type: 'block',
            index: index++,
            buf: block.buf,
            fileIndex,
            first: index - 1 === firstIndex,
            recycle,
          };
          slot.worker.postMessage(request, [block.buf.buffer as ArrayBuffer]);
          options.onProgress?.(file, block.bytesRead, tally.lines, false);
        }
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        readError = error;
      }
      // Line numbers need every earlier block counted.
      await until(() => slots.every((s) => s.busy === 0));
      if (failure !== undefined) {
        throw new InputError(failure.reason, {
          file: file.label,
          line: failure.line === undefined ? undefined : tally.lines + failure.line,
        });
      }
      if (readError) {
        const line = readError.line === undefined ? undefined : tally.lines + readError.line;
        throw new InputError(readError.reason, { file: file.label, line, cause: readError.cause });
      }
      tally.finish(options.outDir);
      options.onProgress?.(file, file.bytes, tally.lines, true);
    }
    for (const slot of slots) slot.worker.postMessage({ type: 'end' } satisfies BlockRequest);
    await until(() => slots.every((s) => s.ended));
    return slots.map((s) => s.state as S);
  } finally {
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Built, the modules are .js. Under tsx (the tests) they are .ts, and Node 20 workers do not
 * inherit tsx's loader, so a one-line bootstrap registers it first.
 */
function startWorker(url: URL, workerData: unknown): Worker {
  const ext = extname(fileURLToPath(url));
  if (ext !== '.ts') return new Worker(url, { workerData });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData });
}
