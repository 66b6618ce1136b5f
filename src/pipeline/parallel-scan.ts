import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { readBlocks } from '../sources/read-blocks.js';
import type { InputFile } from '../sources/resolve-inputs.js';
import type { HumanRule } from '../sources/human-rule.js';
import type { BlockResult } from '../sources/scan-block.js';
import { FileTally, type FileAccount } from '../sources/scan-log.js';
import type { AuthAggregatorState } from './auth-aggregator.js';
import type { FlowAggregatorState } from './flow-aggregator.js';

/** What a worker aggregates: auth rows, or flows touching the given human hosts. */
export type ScanJob =
  | { kind: 'auth'; humanRule: HumanRule; sampleSize: number; maxRejectedLines: number; graphTables: boolean }
  | {
      kind: 'flows';
      humans: string[];
      interval: number;
      sampleSize: number;
      maxRejectedLines: number;
      graphTables: boolean;
    };

/** Main thread → worker. */
export type WorkerRequest = { type: 'block'; index: number; buf: Uint8Array } | { type: 'end' };

/** Worker → main thread. */
export type WorkerReply =
  | { type: 'block'; index: number; result: BlockResult }
  | { type: 'error'; index: number; reason: string; line: number | undefined }
  | { type: 'state'; state: AuthAggregatorState | FlowAggregatorState };

/** Options for {@link parallelScan}. */
export interface ParallelScanOptions {
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
}

/**
 * Scans a kind's files with `threads` worker threads. This thread reads and inflates (zlib runs
 * on libuv's pool) and cuts line-aligned blocks; each block goes, without a copy, to the least
 * busy worker, which validates and aggregates it into its own tables. Block results are folded
 * into the file accounts in file order, so line numbers, examples and rejected lines are those
 * of a serial scan; each worker's aggregator state (S: that of the job's kind) is returned
 * for the caller to absorb.
 */
export async function parallelScan<S extends AuthAggregatorState | FlowAggregatorState>(
  job: ScanJob,
  files: readonly InputFile[],
  account: FileAccount,
  options: ParallelScanOptions,
): Promise<S[]> {
  const n = Math.max(1, Math.floor(options.threads));
  const depth = options.depth ?? 2;
  // Each worker with the blocks it has queued, and its aggregator state once it ended.
  const slots = Array.from({ length: n }, (_, id) => ({
    id,
    worker: startWorker(job),
    busy: 0,
    state: undefined as S | undefined,
  }));
  // Blocks sent and not yet folded in, by index: the tally of their file, and their result once back.
  const inFlight = new Map<number, { tally: FileTally; result?: BlockResult }>();
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
    slot.worker.on('message', (reply: WorkerReply) => {
      if (reply.type === 'block') {
        slot.busy--;
        const sent = inFlight.get(reply.index);
        if (sent) sent.result = reply.result;
        for (;;) {
          const block = inFlight.get(next);
          if (block?.result === undefined) break;
          inFlight.delete(next++);
          // Workers number each block's lines from 1: shift them by the lines of the blocks before.
          block.tally.add(block.result, block.tally.lines);
        }
      } else if (reply.type === 'error') {
        slot.busy--;
        if (failure === undefined || reply.index < failure.index) failure = reply;
      } else {
        slot.state = reply.state as S;
      }
      signal();
    });
    slot.worker.on('error', (error) => {
      crash = error;
      signal();
    });
    slot.worker.on('exit', (code) => {
      if (slot.state === undefined && crash === undefined)
        crash = new Error(`parser thread ${slot.id} stopped (exit code ${code}) before finishing`);
      signal();
    });
  }

  try {
    let index = 0;
    for (const file of files) {
      const tally = new FileTally(file, account, options.maxRejectedLines);
      let readError: InputError | undefined;
      try {
        for await (const block of readBlocks(file.path, {
          label: file.label,
          gzip: file.gzip,
          blockSize: options.blockSize,
          // A placeholder: the line is known once the blocks in flight are counted (below); an
          // error without one (at end of file) stays without.
          currentLine: () => 0,
        })) {
          await until(() => failure !== undefined || slots.some((s) => s.busy <= depth));
          if (failure !== undefined) break;
          const slot = slots.reduce((least, s) => (s.busy < least.busy ? s : least));
          slot.busy++;
          inFlight.set(index, { tally });
          const request: WorkerRequest = { type: 'block', index: index++, buf: block.buf };
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
        const line = readError.line === undefined ? undefined : tally.lines + 1;
        throw new InputError(readError.reason, { file: file.label, line, cause: readError.cause });
      }
      tally.finish(options.outDir);
      options.onProgress?.(file, file.bytes, tally.lines, true);
    }
    for (const slot of slots) slot.worker.postMessage({ type: 'end' } satisfies WorkerRequest);
    await until(() => slots.every((s) => s.state !== undefined));
    return slots.flatMap((s) => (s.state === undefined ? [] : [s.state]));
  } finally {
    await Promise.all(slots.map((s) => s.worker.terminate()));
  }
}

/**
 * Built, this module and its worker are .js. Under tsx (the tests) both are .ts, and Node 20
 * workers do not inherit tsx's loader, so a one-line bootstrap registers it first.
 */
function startWorker(job: ScanJob): Worker {
  const ext = extname(fileURLToPath(import.meta.url));
  const url = new URL(`./scan-worker${ext}`, import.meta.url);
  if (ext !== '.ts') return new Worker(url, { workerData: job });
  const bootstrap = `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`;
  return new Worker(bootstrap, { eval: true, workerData: job });
}
