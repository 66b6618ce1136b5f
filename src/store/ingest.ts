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
import { createHash } from 'node:crypto';
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
import { DayColumns } from './day-columns.js';
import type { ColumnBlock } from './column-block.js';
import { ColumnBlockBuilder } from './column-block-builder.js';
import type { ParquetDayWriter } from './parquet-day-writer.js';
import {
  dayOf,
  PARTITIONED_KINDS,
  readStore,
  STORE_FILES,
  STORE_FORMAT,
  storeColumns,
  type PartitionedKind,
  type StoreManifest,
} from './store-format.js';
import { fileProgress } from '../sources/file-progress.js';
import { HostMap } from '../sources/host-map.js';
import { LocalNets } from '../sources/local-nets.js';
import { planSources, type KindPlan, type SourceKind } from '../sources/plan-sources.js';
import { addTotals, emptyTotals, scanSource } from '../sources/scan-source.js';
import type { SourceConfig } from '../sources/source-adapter.js';
import type { SourceOptions } from '../sources/source-options.js';
import { inputFingerprints } from './input-fingerprints.js';
import { DayBuckets } from './day-buckets.js';
import type { SourceSpoolBlock } from './source-spool-block.js';
import { SPOOL_ROW_SLACK, spoolRowWriter } from './spool-row-writer.js';
import type { SourceOptionsFingerprint, StoredSources } from './store-format.js';
import { makeFolder } from '../make-folder.js';

/** Options for {@link ingest}. */
export interface IngestOptions extends InputSpec, SourceOptions {
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
  /**
   * Parse Zeek and Windows files in `threads` worker threads too (the store is the same either
   * way). Default false: on a loaded 2-core machine it measured slower than the main thread
   * (docs/performance.md, bench/ingest-sources.mjs), the day conversions being most of the work.
   */
  parallelSources?: boolean;
}

export const INGEST_DEFAULTS = { threads: Math.min(4, availableParallelism()) } as const;

/** What {@link ingest} returns: the store's manifest, and how many partitions an earlier run had written. */
export type IngestResult = StoreManifest & { resumed_partitions: number };

/**
 * Converts raw logs once into a store of Parquet files, one per kind and day (typed columns;
 * DuckDB dictionary-encodes the names), keeping the accounting of rejected lines. Rerun after a
 * crash or kill, it skips the days already written and gives the same bytes.
 *
 * Plain LANL CSV: the byte scanner validates each line and spools it to a day file; when the
 * input moves on to the next day, DuckDB turns that spool into `kind/day=NNNNN.parquet` in its own
 * threads while the scan goes on, and the file is renamed into place only when complete. It needs
 * each kind's files sorted by time (LANL's are); a row from a day already passed is an InputError
 * naming the line.
 *
 * Other formats (Zeek conn logs, Windows logon events, LANL with a header line; a kind is read
 * this way when any of its files is, as analyze does): read through their source adapters, in any
 * time order. Rows are spooled per day as they come (see DayBuckets) and the days converted,
 * sorted by time, once the kind has been read; their partitions hold the row extras too
 * (ADAPTED_COLUMNS) and the manifest the adapters' counts (`sources`), so that analyze on the
 * store writes what it writes on the raw files.
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
  // Flows alone (no DATA, no auth): Zeek logs whose local hosts are the monitored ones, as for analyze.
  const resolved = resolveInputs(options, options.data === undefined && options.auth === undefined ? ['auth'] : []);
  assertOutsideInputs(store, inputPaths(options, resolved));
  const hosts = typeof options.hosts === 'string' ? HostMap.load(options.hosts) : options.hosts;
  const localNets = options.localNets === undefined ? undefined : LocalNets.parse(options.localNets, 'localNets');
  const plan = await planSources(resolved, {
    formats: options.formats,
    hosts,
    localNets,
    zeekBytes: options.zeekBytes,
    windowsHostNames: options.windowsHostNames,
    onSource: options.onSource,
  });
  const adapted = (kind: SourceKind) => plan[kind].configs.some((c) => c !== undefined);
  // Rotated Zeek logs are read in time order: that order is the files' order everywhere after.
  const inputs: ResolvedInputs = { ...resolved, auth: plan.auth.files, flows: plan.flows.files };
  const fingerprint = inputFingerprints(inputs);
  const sourceOptions: SourceOptionsFingerprint | undefined = PARTITIONED_KINDS.some(adapted)
    ? {
        formats: { ...options.formats },
        hosts:
          hosts === undefined || hosts.size === 0
            ? null
            : createHash('sha256').update(JSON.stringify(hosts.entries())).digest('hex'),
        local_nets: localNets === undefined ? null : [...localNets.cidrs],
        zeek_bytes: options.zeekBytes ?? 'payload',
        windows_host_names: options.windowsHostNames ?? 'short',
      }
    : undefined;
  const previous = prepareStore(store, fingerprint, sourceOptions);
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
  // The LANL spools: on a failure their conversions are waited for before DuckDB closes, since
  // closing it under a running COPY crashes or hangs the process. A kind's last day is written
  // while the next kind is scanned; the writer takes one day at a time.
  const spools: DayColumns[] = [];
  let writer: Promise<ParquetDayWriter> | undefined;
  try {
    const files: StoreManifest['files'] = {};
    const partitions = {} as StoreManifest['partitions'];
    let first = Infinity;
    let last = -Infinity;
    let resumed = 0;
    const sources: Partial<Record<PartitionedKind, StoredSources>> = {};
    for (const kind of PARTITIONED_KINDS) {
      if (adapted(kind)) {
        const account = emptyAccount();
        const kindSources = await ingestAdapted(engine, store, kind, plan[kind], account, options, threads, (time) => {
          if (time < first) first = time;
          if (time > last) last = time;
        });
        files[kind] = account;
        partitions[kind] = kindSources.partitions;
        resumed += kindSources.skipped;
        // Keys in the order analyze's summary.sources has them.
        const { formats, ...totals } = kindSources.sources;
        sources[kind] =
          kind === 'flows' && inputs.auth.length === 0
            ? { ...totals, formats, monitored: 'local' }
            : { formats, ...totals };
        continue;
      }
      const format = LOG_FORMATS[kind];
      const account = emptyAccount();
      const texts = format.fields.length - format.integers.length;
      const spool = new DayColumns(store, kind, texts, async (day) => {
        const tmp = `${day.final}.tmp`;
        // Loaded with the first day written (it holds DuckDB's node API, which other commands need not load).
        writer ??= import('./parquet-day-writer.js').then(({ ParquetDayWriter }) =>
          ParquetDayWriter.open(join(store, STORE_FILES.spool, 'duckdb')),
        );
        await (await writer).write(kind, day, tmp);
        renameSync(tmp, day.final);
        rmSync(day.spoolPath);
        if (options.partitionDelayMs) await sleep(options.partitionDelayMs);
      });
      spools.push(spool);
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
            onBlock: (payload, place) =>
              spool.addBlock(payload as ColumnBlock, place.fileIndex, place.lineOffset, place.file.label),
          },
        );
        for (const state of states) {
          first = Math.min(first, state.firstTime);
          last = Math.max(last, state.lastTime);
        }
      } else {
        const builder = new ColumnBlockBuilder(format, 0);
        for (const [index, file] of inputs[kind].entries()) {
          const onRow: RowHandler = (b, starts, ints, line) => {
            const time = ints[0]!;
            if (time < first) first = time;
            if (time > last) last = time;
            builder.add(b, starts, ints, line);
          };
          await scanLog(file, format, onRow, account, {
            outDir: store,
            maxRejectedLines: maxLines,
            onProgress: fileProgress(file, options.onProgress),
            afterBlock: () => {
              // Lines are the file's own here: no offset.
              spool.addBlock(builder.take().block, index, 0, file.label);
              // Bounds the spool on disk: the scan waits while DuckDB is behind by more than a day.
              return spool.settle(1);
            },
            // Partitions are days: a row whose day cannot be indexed is rejected, as analyze does.
            interval: kind === 'flows' ? SECONDS_PER_DAY : undefined,
          });
        }
      }
      // Closes the last day; its conversion is awaited after the scans.
      spool.finish().catch(() => undefined);
      // Flows alone: no auth account, as analyze on the raw files has none.
      if (inputs[kind].length > 0) files[kind] = account;
      partitions[kind] = spool.partitions;
      resumed += spool.skipped;
    }
    files.redteam = await ingestRedteam(engine, store, inputs, maxLines);
    for (const spool of spools) await spool.finish();

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
      ...(Object.keys(sources).length > 0 ? { sources } : {}),
      ...(sourceOptions === undefined ? {} : { source_options: sourceOptions }),
    };
    await engine.close();
    if (writer) (await writer).close();
    writeFileAtomic(join(store, STORE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    rmSync(join(store, STORE_FILES.progress), { force: true });
    rmSync(join(store, STORE_FILES.spool), { recursive: true, force: true });
    return { ...manifest, resumed_partitions: resumed };
  } catch (error) {
    for (const spool of spools) await spool.abandon();
    await engine.close().catch(() => undefined);
    if (writer) (await writer.catch(() => undefined))?.close();
    throw error;
  }
}

/**
 * The complete store's manifest when it already holds these inputs; otherwise checks that the
 * folder is an unfinished ingest of the same inputs, or new, and prepares a (re)start.
 */
function prepareStore(
  store: string,
  fingerprint: StoreManifest['inputs'],
  sourceOptions: SourceOptionsFingerprint | undefined,
): StoreManifest | undefined {
  const same = (inputs: StoreManifest['inputs'], options: SourceOptionsFingerprint | undefined) =>
    JSON.stringify(inputs) === JSON.stringify(fingerprint) && JSON.stringify(options) === JSON.stringify(sourceOptions);
  const state = readStoreOrRestart(store);
  if (state.status === 'complete') {
    if (same(state.manifest.inputs, state.manifest.source_options)) return state.manifest;
    throw new UsageError(
      (name) =>
        `${name('out')} ${store} holds a store of other inputs (or they changed since, or other source settings); remove it or choose another folder`,
    );
  }
  if (state.status === 'unfinished') {
    if (same(state.inputs, state.source_options)) return undefined;
    throw new UsageError(
      (name) =>
        `${name('out')} ${store} holds an unfinished ingest of other inputs (or other source settings); remove it or choose another folder`,
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
  makeFolder(store);
  const progress = { inputs: fingerprint, ...(sourceOptions === undefined ? {} : { source_options: sourceOptions }) };
  writeFileAtomic(join(store, STORE_FILES.progress), JSON.stringify(progress, null, 2) + '\n');
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

/**
 * One kind read through its source adapters (see {@link ingest}): every row spooled to its day as
 * `file,line,<row>,<extras>` (parallel: `block,line,…`, the block mapped to its file and line
 * offset at conversion), the days converted sorted by time once all files are read. Rows of a day
 * whose partition exists (an earlier run stopped during the conversions) are not spooled again;
 * their times still count in `onTime`. The store is the same for any number of threads (and
 * serial parsing).
 */
async function ingestAdapted(
  engine: Engine,
  store: string,
  kind: PartitionedKind,
  plan: KindPlan,
  account: FileAccount,
  options: IngestOptions,
  threads: number,
  onTime: (time: number) => void,
): Promise<{ partitions: string[]; skipped: number; sources: StoredSources }> {
  const columns = storeColumns(kind, true);
  const [file, line, ...rest] = columns;
  // Unique per row: a Zeek connection's two rows share their line.
  const order = kind === 'flows' ? 'time, file, line, reverse' : 'time, file, line';
  // Parallel: each block's split and the lines of the split before it, by block index.
  const blockFiles: number[] = [];
  const blockOffsets: number[] = [];
  const parallel = threads > 1 && options.parallelSources === true;
  const blockTable = `spool_blocks_${kind}`;
  const buckets = new DayBuckets(store, kind, async (spoolPath, final) => {
    const tmp = `${final}.tmp`;
    if (!parallel) {
      await engine.toParquet(`SELECT * FROM ${engine.readLines(spoolPath, columns)} ORDER BY ${order}`, tmp);
    } else {
      const q = (name: string) => engine.ident(name);
      // A join with the (small) block table, cheaper than a list lookup per row.
      await engine.toParquet(
        `SELECT b.file AS ${q(file!.name)}, (b.line_offset + s.local)::BIGINT AS ${q(line!.name)},
          ${rest.map((f) => `s.${q(f.name)}`).join(', ')}
        FROM ${engine.readLines(spoolPath, [
          { name: 'block', type: 'BIGINT' },
          { name: 'local', type: 'BIGINT' },
          ...rest,
        ])} s JOIN ${blockTable} b USING (block)
        ORDER BY ${order}`,
        tmp,
      );
    }
    renameSync(tmp, final);
    rmSync(spoolPath);
    if (options.partitionDelayMs) await sleep(options.partitionDelayMs);
  });
  const totals = emptyTotals();
  const formats: Record<string, number> = {};
  const configs = plan.files.map(
    (_, i): SourceConfig => plan.configs[i] ?? { format: 'lanl', kind, headerLine: false, terminator: '\n' },
  );
  for (const config of configs) formats[config.format] = (formats[config.format] ?? 0) + 1;
  const maxRejectedLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  if (parallel && plan.files.length > 0) {
    const states = await parallelBlocks<{ firstTime: number; lastTime: number }>(
      new URL(`./source-spool-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
      { kind, configs, maxRejectedLines },
      plan.files,
      account,
      {
        threads,
        maxRejectedLines,
        outDir: store,
        blockSize: options.blockSize,
        terminator: (i) => configs[i]!.terminator,
        onProgress: (f, bytesRead, lines, done) =>
          options.onProgress?.({ file: f.label, bytesRead, bytesTotal: f.bytes, lines, done }),
        onBlock: (payload, place) => {
          const block = payload as SourceSpoolBlock;
          blockFiles[place.index] = place.fileIndex;
          blockOffsets[place.index] = place.lineOffset;
          addTotals(totals, block.totals);
          for (let i = 0; i < block.days.length; i++) {
            const end = i + 1 < block.days.length ? block.starts[i + 1]! : block.bytes.length;
            buckets.add(block.days[i]!, block.bytes, block.starts[i]!, end);
          }
        },
      },
    );
    for (const state of states) {
      if (Number.isFinite(state.firstTime)) onTime(state.firstTime);
      if (Number.isFinite(state.lastTime)) onTime(state.lastTime);
    }
  } else {
    const write = spoolRowWriter(kind);
    const n = LOG_FORMATS[kind].fields.length;
    let scratch = Buffer.allocUnsafe(4096);
    for (const [index, f] of plan.files.entries()) {
      const onRow: RowHandler = (b, starts, ints, lineNumber) => {
        const time = ints[0]!;
        onTime(time);
        const day = dayOf(time);
        if (!buckets.wants(day)) return;
        const room = starts[n]! - starts[0]! + SPOOL_ROW_SLACK;
        if (room > scratch.length) scratch = Buffer.allocUnsafe(Math.max(room, scratch.length * 2));
        buckets.add(day, scratch, 0, write(scratch, 0, index, b, starts, ints, lineNumber));
      };
      await scanSource(f, configs[index]!, onRow, account, totals, {
        outDir: store,
        maxRejectedLines,
        blockSize: options.blockSize,
        onProgress: fileProgress(f, options.onProgress),
      });
    }
  }
  if (parallel) {
    await engine.load(blockTable, [
      { name: 'block', type: 'BIGINT', values: blockFiles.map((_, i) => i) },
      { name: 'file', type: 'INTEGER', values: blockFiles },
      { name: 'line_offset', type: 'BIGINT', values: blockOffsets },
    ]);
  }
  await buckets.finish();
  if (parallel) await engine.run(`DROP TABLE ${blockTable}`);
  return { partitions: buckets.partitions, skipped: buckets.skipped, sources: { formats, ...totals } };
}
