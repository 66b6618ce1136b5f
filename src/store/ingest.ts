import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { UsageError } from '../errors.js';
import { openDuckDb, type Engine } from '../engine/index.js';
import { environmentErrorOf } from '../environment-error-of.js';
import { assertOutsideInputs, writeFileAtomic } from '../output-dir.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { inputPaths, resolveInputs, type InputSpec, type ResolvedInputs } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import { emptyAccount, scanLog, SCAN_LOG_DEFAULTS, type FileAccount } from '../sources/scan-log.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { PEERSCOPE_VERSION } from '../version.js';
import { parallelBlocks } from '../sources/parallel-blocks.js';
import { DaySpool } from './day-spool.js';
import type { SpoolBlock } from './spool-block.js';
import {
  dayOf,
  PARTITIONED_KINDS,
  readStore,
  STORE_FILES,
  STORE_FORMAT,
  storeColumns,
  type StoreManifest,
} from './store-format.js';
import { fileProgress } from '../sources/file-progress.js';
import { inputFingerprints } from './input-fingerprints.js';

/** Options for {@link ingest}. */
export interface IngestOptions extends InputSpec {
  /** Store folder; an unfinished ingest of the same inputs there is resumed. */
  out: string;
  /** Rejected lines kept per file. Default 10,000. */
  maxRejectedLines?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Pause after writing each partition (ms), so a test can kill a run mid-way. Default 0. */
  partitionDelayMs?: number;
  /** Parser threads for auth and flows; 1 parses on the main thread. The store is identical for any number. Default: the number of cores, at most 4. */
  threads?: number;
  /** Bytes per parse block. Default 1 MiB. */
  blockSize?: number;
}

export const INGEST_DEFAULTS = { threads: Math.min(4, availableParallelism()) } as const;

/** What {@link ingest} returns: the store's manifest, and how many partitions an earlier run had written. */
export type IngestResult = StoreManifest & { resumed_partitions: number };

/**
 * Converts raw LANL-format logs once into a store of Parquet files, one per kind and day
 * (typed columns; DuckDB dictionary-encodes the names), keeping the accounting of rejected
 * lines. The byte scanner validates each line and spools it to a day file; when the input moves
 * on to the next day, DuckDB turns that spool into `kind/day=NNNNN.parquet` in its own threads
 * while the scan goes on, and the file is renamed into place only when complete. Rerun after a
 * crash or kill, it skips the days already written and gives the same bytes.
 *
 * Needs each kind's files sorted by time (LANL's are); a row from a day already passed is an
 * InputError naming the line.
 */
export async function ingest(options: IngestOptions): Promise<IngestResult> {
  const store = resolve(options.out);
  try {
    return await ingestInto(store, options);
  } catch (error) {
    throw environmentErrorOf(error, 'the store', store) ?? error;
  }
}

async function ingestInto(store: string, options: IngestOptions): Promise<IngestResult> {
  const inputs = resolveInputs(options);
  assertOutsideInputs(store, inputPaths(options, inputs));
  const fingerprint = inputFingerprints(inputs);
  const previous = prepareStore(store, fingerprint);
  if (previous) return { ...previous, resumed_partitions: 0 };
  rmSync(join(store, STORE_FILES.spool), { recursive: true, force: true });
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  const threads = options.threads ?? INGEST_DEFAULTS.threads;
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new UsageError((name) => `${name('threads')} must be a positive integer, got ${threads}`);
  }
  rmSync(join(store, STORE_FILES.rejected), { recursive: true, force: true });

  const engine = await openDuckDb({ tempDirectory: join(store, STORE_FILES.spool, 'duckdb') });
  // The spool being written: on a failure its conversions are waited for before the engine
  // closes, since closing DuckDB under a running COPY crashes or hangs the process.
  let active: DaySpool | undefined;
  try {
    const files: StoreManifest['files'] = {};
    const partitions = {} as StoreManifest['partitions'];
    let first = Infinity;
    let last = -Infinity;
    let resumed = 0;
    for (const kind of PARTITIONED_KINDS) {
      const format = LOG_FORMATS[kind];
      const n = format.fields.length;
      const account = emptyAccount();
      // Parallel spools hold `block,line` (line within the block): each day's blocks, by index from
      // `first`, with their split and the lines of that split before them.
      const dayBlocks = new Map<number, { first: number; files: number[]; offsets: number[] }>();
      const spool = (active = new DaySpool(store, kind, async (spoolPath, final, day) => {
        const tmp = `${final}.tmp`;
        const blocks = dayBlocks.get(day);
        dayBlocks.delete(day);
        if (blocks === undefined) {
          await engine.toParquet(`SELECT * FROM ${engine.readLines(spoolPath, storeColumns(kind))}`, tmp);
        } else {
          const [file, line, ...fields] = storeColumns(kind);
          const at = `(block - $first + 1)`;
          const q = (name: string) => engine.ident(name);
          await engine.toParquet(
            `SELECT list_extract(CAST($files AS INTEGER[]), ${at})::INTEGER AS ${q(file!.name)},
              (list_extract(CAST($offsets AS BIGINT[]), ${at}) + local)::BIGINT AS ${q(line!.name)},
              ${fields.map((f) => q(f.name)).join(', ')}
            FROM ${engine.readLines(spoolPath, [
              { name: 'block', type: 'BIGINT' },
              { name: 'local', type: 'BIGINT' },
              ...fields,
            ])}`,
            tmp,
            { first: blocks.first, files: `[${blocks.files.join(',')}]`, offsets: `[${blocks.offsets.join(',')}]` },
          );
        }
        renameSync(tmp, final);
        rmSync(spoolPath);
        if (options.partitionDelayMs) await sleep(options.partitionDelayMs);
      }));
      if (threads > 1 && inputs[kind].length > 0) {
        const states = await parallelBlocks<{ firstTime: number; lastTime: number }>(
          new URL(`./spool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
          { kind, maxRejectedLines: maxLines },
          inputs[kind],
          account,
          {
            threads,
            maxRejectedLines: maxLines,
            outDir: store,
            blockSize: options.blockSize,
            onProgress: (file, bytesRead, lines, done) =>
              options.onProgress?.({ file: file.label, bytesRead, bytesTotal: file.bytes, lines, done }),
            // Bounds the spool on disk: the scan waits while DuckDB is behind by more than a day.
            beforeBlock: () => spool.settle(1),
            onBlock: (payload, place) => {
              const block = payload as SpoolBlock;
              for (let i = 0; i < block.days.length; i++) {
                const day = block.days[i]!;
                let entry = dayBlocks.get(day);
                if (entry === undefined) dayBlocks.set(day, (entry = { first: place.index, files: [], offsets: [] }));
                // Blocks of a day with no row of it (only rejected lines) fill the gap; never read.
                while (entry.first + entry.files.length <= place.index) {
                  entry.files.push(place.fileIndex);
                  entry.offsets.push(place.lineOffset);
                }
                const end = i + 1 < block.days.length ? block.starts[i + 1]! : block.bytes.length;
                spool.addRun(
                  day,
                  block.bytes,
                  block.starts[i]!,
                  end,
                  place.lineOffset + block.lines[i]!,
                  place.file.label,
                );
              }
            },
          },
        );
        for (const state of states) {
          first = Math.min(first, state.firstTime);
          last = Math.max(last, state.lastTime);
        }
      } else {
        for (const [index, file] of inputs[kind].entries()) {
          const onRow: RowHandler = (b, starts, ints, line) => {
            const time = ints[0]!;
            if (time < first) first = time;
            if (time > last) last = time;
            spool.add(dayOf(time), b, starts[0]!, starts[n]! - 1, index, line, file.label);
          };
          await scanLog(file, format, onRow, account, {
            outDir: store,
            maxRejectedLines: maxLines,
            onProgress: fileProgress(file, options.onProgress),
            // Bounds the spool on disk: the scan waits while DuckDB is behind by more than a day.
            afterBlock: () => spool.settle(1),
            // Partitions are days: a row whose day cannot be indexed is rejected, as analyze does.
            interval: kind === 'flows' ? SECONDS_PER_DAY : undefined,
          });
        }
      }
      await spool.finish();
      active = undefined;
      files[kind] = account;
      partitions[kind] = spool.partitions;
      resumed += spool.skipped;
    }
    files.redteam = await ingestRedteam(engine, store, inputs, maxLines);

    const manifest: StoreManifest = {
      peerscope: PEERSCOPE_VERSION,
      store_format: STORE_FORMAT,
      inputs: fingerprint,
      labels: {
        auth: inputs.auth.map((f) => f.label),
        flows: inputs.flows.map((f) => f.label),
        redteam: inputs.redteam.map((f) => f.label),
      },
      files,
      partitions,
      time_span: { first: Number.isFinite(first) ? first : null, last: Number.isFinite(last) ? last : null },
    };
    await engine.close();
    writeFileAtomic(join(store, STORE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    rmSync(join(store, STORE_FILES.progress), { force: true });
    rmSync(join(store, STORE_FILES.spool), { recursive: true, force: true });
    return { ...manifest, resumed_partitions: resumed };
  } catch (error) {
    await active?.abandon();
    await engine.close().catch(() => undefined);
    throw error;
  }
}

/**
 * The complete store's manifest when it already holds these inputs; otherwise checks that the
 * folder is an unfinished ingest of the same inputs, or new, and prepares a (re)start.
 */
function prepareStore(store: string, fingerprint: StoreManifest['inputs']): StoreManifest | undefined {
  const same = (inputs: StoreManifest['inputs']) => JSON.stringify(inputs) === JSON.stringify(fingerprint);
  const state = readStoreOrRestart(store);
  if (state.status === 'complete') {
    if (same(state.manifest.inputs)) return state.manifest;
    throw new UsageError(
      (name) =>
        `${name('out')} ${store} holds a store of other inputs (or they changed since); remove it or choose another folder`,
    );
  }
  if (state.status === 'unfinished') {
    if (same(state.inputs)) return undefined;
    throw new UsageError(
      (name) =>
        `${name('out')} ${store} holds an unfinished ingest of other inputs; remove it or choose another folder`,
    );
  }
  if (existsSync(store)) {
    if (!statSync(store).isDirectory())
      throw new UsageError((name) => `${name('out')} ${store} exists and is not a folder`);
    if (readdirSync(store).length > 0) {
      throw new UsageError(
        (name) => `${name('out')} ${store} exists and is not a peerscope store; refusing to write into it`,
      );
    }
  }
  mkdirSync(store, { recursive: true });
  writeFileAtomic(join(store, STORE_FILES.progress), JSON.stringify({ inputs: fingerprint }, null, 2) + '\n');
  return undefined;
}

/** The names an ingest writes in its store (the progress and manifest files also as their `.tmp`). */
const STORE_NAMES = new Set([
  ...Object.values(STORE_FILES),
  `${STORE_FILES.progress}.tmp`,
  `${STORE_FILES.manifest}.tmp`,
  `${STORE_FILES.redteam}.tmp`,
  ...PARTITIONED_KINDS,
]);

/**
 * readStore, except that a store cut short at its very start (a progress file empty or cut by a
 * kill, or only its `.tmp`) is emptied, to start again: nothing in it can be trusted to belong to
 * these inputs, and every name in it is the store's own.
 */
function readStoreOrRestart(store: string): ReturnType<typeof readStore> {
  const names = existsSync(store) && statSync(store).isDirectory() ? readdirSync(store) : [];
  // Every name the store's own, and the partition folders holding partitions only: never a user's data.
  const ours =
    names.length > 0 &&
    names.every((n) => STORE_NAMES.has(n)) &&
    PARTITIONED_KINDS.every(
      (kind) =>
        !names.includes(kind) || readdirSync(join(store, kind)).every((n) => /^day=-?\d+\.parquet(\.tmp)?$/.test(n)),
    );
  const restart = () => {
    for (const name of names) rmSync(join(store, name), { recursive: true, force: true });
    return { status: 'none' } as const;
  };
  if (ours && names.every((n) => n === `${STORE_FILES.progress}.tmp`)) return restart();
  try {
    return readStore(store, 'out');
  } catch (error) {
    if (ours && names.includes(STORE_FILES.progress) && !names.includes(STORE_FILES.manifest)) return restart();
    throw error;
  }
}

const NEWLINE = Buffer.from('\n');

async function ingestRedteam(
  engine: Engine,
  store: string,
  inputs: ResolvedInputs,
  maxLines: number,
): Promise<FileAccount | undefined> {
  const spoolPath = join(store, STORE_FILES.spool, 'redteam.txt');
  const fd = openSync(spoolPath, 'w');
  const account = emptyAccount();
  const n = LOG_FORMATS.redteam.fields.length;
  try {
    for (const [index, file] of inputs.redteam.entries()) {
      const prefix = (line: number) => Buffer.from(`${index},${line},`);
      const onRow: RowHandler = (b, starts, _ints, line) => {
        const start = starts[0]!;
        writeSync(fd, prefix(line));
        writeSync(fd, b, start, starts[n]! - 1 - start);
        writeSync(fd, NEWLINE);
      };
      await scanLog(file, LOG_FORMATS.redteam, onRow, account, { outDir: store, maxRejectedLines: maxLines });
    }
  } finally {
    closeSync(fd);
  }
  const final = join(store, STORE_FILES.redteam);
  await engine.toParquet(`SELECT * FROM ${engine.readLines(spoolPath, storeColumns('redteam'))}`, `${final}.tmp`);
  renameSync(`${final}.tmp`, final);
  return inputs.redteam.length > 0 ? account : undefined;
}
