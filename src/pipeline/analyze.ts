import { cpSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { openDuckDb, type Engine } from '../engine/index.js';
import { ByteInterner } from './byte-interner.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import { resolveInputs, type InputSpec, type ResolvedInputs } from '../sources/resolve-inputs.js';
import { emptyAccount, scanLog, SCAN_LOG_DEFAULTS, type FileAccount } from '../sources/scan-log.js';
import type { InputFile } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import { AuthAggregator, type AuthAggregatorState } from './auth-aggregator.js';
import { FlowAggregator, type FlowAggregatorState } from './flow-aggregator.js';
import { parallelScan, type ScanJob } from './parallel-scan.js';
import { loadScanTables, type ScanResult } from './load-scan-tables.js';
import { loadStoreTables } from '../store/load-store-tables.js';
import { writeOutputs } from './write-outputs.js';
import { assertOutsideInputs } from '../output-dir.js';
import { uploadTest } from './upload-test.js';

/** Options for {@link analyze}. */
export interface AnalyzeOptions extends InputSpec {
  /** Output folder; built in a temporary sibling and renamed into place at the end. */
  out: string;
  /** Interval length in seconds. Default 86400 (a day). */
  interval?: number;
  /** Logon types that mark a human-operated source computer. Default ["Interactive"]. */
  humanLogonTypes?: readonly string[];
  /** Rejected lines kept per file. Default 10,000. */
  maxRejectedLines?: number;
  /** Progress callback, e.g. for a bar on a terminal. */
  onProgress?: (event: ProgressEvent) => void;
  /** Extra stages run on the finished tables before the rename (detection, report). */
  after?: AfterStage[];
  /** Parser threads for auth and flows; 1 parses on the main thread. Default: the number of cores, at most 4. */
  threads?: number;
  /** Bytes per parse block (a worker's unit of work). Default 1 MiB. */
  blockSize?: number;
  /**
   * Build tables/auth_edges.parquet and tables/flow_services.parquet, the graph tables detection
   * reads. Default true; without detection they are extra work the seed analysis does not need.
   */
  graphTables?: boolean;
  /** Read a store written by `ingest` instead of raw files (the SQL path); input paths are then ignored. */
  store?: string;
}

/** A stage run after the core tables exist (detection, report); it may add to the summary. */
export interface AfterStage {
  /** Name of its entry in summary.timings. */
  name: string;
  run(context: { engine: Engine; dir: string; summary: AnalyzeSummary }): Promise<void>;
}

export const ANALYZE_DEFAULTS = {
  interval: 86400,
  humanLogonTypes: ['Interactive'],
  threads: Math.min(4, availableParallelism()),
  sampleSize: 100,
} as const;

/** summary.json. */
export interface AnalyzeSummary {
  peerscope: string;
  interval: number;
  human_logon_types: string[];
  inputs: Partial<Record<LogKind, { path: string; bytes: number }[]>>;
  files: Partial<Record<LogKind, FileAccount>>;
  humans: number;
  compromised: number;
  compromised_humans: number;
  series_rows: number;
  time_span: { first: number | null; last: number | null };
  timings: Record<string, number>;
  [key: string]: unknown;
}

/**
 * The seed pipeline end to end: human hosts from auth, compromised hosts from redteam, each
 * human host's upload/download series from flows, and the accounting of every input line.
 * Raw files are read once by the byte-level scanner; the aggregates go to the engine, which
 * joins, sorts and writes the outputs. Nothing appears in `out` unless the whole run succeeds.
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const interval = options.interval ?? ANALYZE_DEFAULTS.interval;
  if (!Number.isSafeInteger(interval) || interval <= 0)
    throw new UsageError(`--interval must be a positive integer number of seconds, got ${interval}`);
  const humanLogonTypes = [...(options.humanLogonTypes ?? ANALYZE_DEFAULTS.humanLogonTypes)];
  const graphTables = options.graphTables ?? true;
  const out = resolve(options.out);
  const store = options.store === undefined ? undefined : resolve(options.store);
  const inputs = store === undefined ? resolveInputs(options) : undefined;
  assertOutsideInputs(out, store !== undefined ? [store] : inputPaths(options, inputs!));
  checkOut(out);

  const timings: Record<string, number> = {};
  const clock = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = Math.round(performance.now() - t0) / 1000;
    }
  };

  const tmp = join(dirname(out), `.${basename(out)}.tmp-${process.pid}-${Date.now()}`);
  mkdirSync(tmp, { recursive: true });
  let engine: Engine | undefined;
  try {
    let files: AnalyzeSummary['files'];
    let span: { first: number; last: number };
    let described: AnalyzeSummary['inputs'];
    let hasRedteam: boolean;
    if (store !== undefined) {
      engine = await openDuckDb({ tempDirectory: join(tmp, '.spill') });
      const manifest = await clock('tables', () =>
        loadStoreTables(engine!, store, {
          interval,
          humanLogonTypes,
          sampleSize: ANALYZE_DEFAULTS.sampleSize,
          graphTables,
        }),
      );
      files = manifest.files;
      span = { first: manifest.time_span.first ?? Infinity, last: manifest.time_span.last ?? -Infinity };
      described = Object.fromEntries(
        Object.entries(manifest.inputs)
          .filter(([, list]) => list.length > 0)
          .map(([kind, list]) => [kind, list.map(({ path, bytes }) => ({ path, bytes }))]),
      );
      hasRedteam = manifest.inputs.redteam.length > 0;
      if (existsSync(join(store, 'rejected')))
        cpSync(join(store, 'rejected'), join(tmp, 'rejected'), { recursive: true });
    } else {
      const scanned = await scanInputs(
        inputs!,
        tmp,
        {
          interval,
          humanLogonTypes,
          graphTables,
          threads: options.threads,
          blockSize: options.blockSize,
          maxRejectedLines: options.maxRejectedLines,
          onProgress: options.onProgress,
        },
        clock,
      );
      files = scanned.files;
      span = scanned.span;
      described = describeInputs(inputs!);
      hasRedteam = inputs!.redteam.length > 0;
      engine = await openDuckDb({ tempDirectory: join(tmp, '.spill') });
      await clock('tables', () => loadScanTables(engine!, scanned.scan));
    }
    const counts = await clock('write', () => writeOutputs(engine!, tmp, { graphTables }));
    const { first, last } = span;
    const summary: AnalyzeSummary = {
      peerscope: '0.1.0',
      interval,
      human_logon_types: humanLogonTypes,
      inputs: described,
      files,
      ...counts,
      time_span: { first: Number.isFinite(first) ? first : null, last: Number.isFinite(last) ? last : null },
      ...(store === undefined ? {} : { store }),
      timings,
    };
    Object.assign(summary, await clock('upload_test', () => uploadTest(engine!, tmp, hasRedteam)));
    for (const stage of options.after ?? [])
      await clock(stage.name, () => stage.run({ engine: engine!, dir: tmp, summary }));
    rmSync(join(tmp, '.spill'), { recursive: true, force: true });
    await engine.close();
    engine = undefined;
    writeFileSync(join(tmp, 'summary.json'), JSON.stringify(summary, null, 2) + '\n');
    swapInto(tmp, out);
    return summary;
  } catch (error) {
    if (engine) await engine.close().catch(() => undefined);
    rmSync(tmp, { recursive: true, force: true });
    throw error;
  }
}

/** Refuses to replace a folder that is not a previous peerscope output. */
function checkOut(out: string): void {
  if (!existsSync(out)) return;
  let names: string[];
  try {
    names = readdirSync(out);
  } catch {
    throw new UsageError(`--out ${out} exists and is not a folder`);
  }
  if (names.length > 0 && !names.includes('summary.json')) {
    throw new UsageError(
      `--out ${out} exists and is not a peerscope output folder (no summary.json); refusing to replace it`,
    );
  }
}

function swapInto(tmp: string, out: string): void {
  if (!existsSync(out)) {
    renameSync(tmp, out);
    return;
  }
  const old = `${tmp}.old`;
  renameSync(out, old);
  renameSync(tmp, out);
  rmSync(old, { recursive: true, force: true });
}

/** Every path the inputs came from: the folders named and each file found. */
function inputPaths(spec: InputSpec, inputs: ResolvedInputs): string[] {
  const named = [spec.data, spec.auth, spec.flows, spec.redteam, spec.proc, spec.dns].filter(
    (p): p is string => p !== undefined,
  );
  return [...named, ...Object.values(inputs).flatMap((files) => files.map((f) => f.path))];
}

function describeInputs(inputs: ResolvedInputs): AnalyzeSummary['inputs'] {
  const out: AnalyzeSummary['inputs'] = {};
  for (const [kind, files] of Object.entries(inputs) as [LogKind, ResolvedInputs[LogKind]][]) {
    if (files.length > 0) out[kind] = files.map((f) => ({ path: f.path, bytes: f.bytes }));
  }
  return out;
}

type Clock = <T>(stage: string, fn: () => Promise<T>) => Promise<T>;

/** The byte-scanner path: auth, redteam and flows read once, aggregated in JS (in worker threads when threads > 1). */
async function scanInputs(
  inputs: ResolvedInputs,
  tmp: string,
  options: {
    interval: number;
    humanLogonTypes: string[];
    graphTables: boolean;
    threads?: number;
    blockSize?: number;
    maxRejectedLines?: number;
    onProgress?: (event: ProgressEvent) => void;
  },
  clock: Clock,
): Promise<{ files: AnalyzeSummary['files']; scan: ScanResult; span: { first: number; last: number } }> {
  const { interval, humanLogonTypes, graphTables } = options;
  const files: AnalyzeSummary['files'] = {};
  const maxRejectedLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  const report = (file: InputFile, bytesRead: number, lines: number, done: boolean) =>
    options.onProgress?.({ file: file.label, bytesRead, bytesTotal: file.bytes, lines, done });
  const scan = async (kind: LogKind, onRow: RowHandler) => {
    const account = emptyAccount();
    for (const file of inputs[kind]) {
      await scanLog(file, LOG_FORMATS[kind], onRow, account, {
        outDir: tmp,
        maxRejectedLines,
        blockSize: options.blockSize,
        onProgress: (p) => report(file, p.bytesRead, p.lines, p.done),
      });
    }
    files[kind] = account;
  };
  const threads = options.threads ?? ANALYZE_DEFAULTS.threads;
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new UsageError(`--threads must be a positive integer, got ${threads}`);
  const scanInParallel = async <S extends AuthAggregatorState | FlowAggregatorState>(job: ScanJob): Promise<S[]> => {
    const account = emptyAccount();
    const states = await parallelScan<S>(job, inputs[job.kind], account, {
      threads,
      maxRejectedLines,
      blockSize: options.blockSize,
      outDir: tmp,
      onProgress: report,
    });
    files[job.kind] = account;
    return states;
  };

  const hosts = new ByteInterner();
  const users = new ByteInterner();
  const sampleSize = ANALYZE_DEFAULTS.sampleSize;
  const auth = new AuthAggregator(hosts, users, { humanLogonTypes, sampleSize, edges: graphTables });
  await clock('scan_auth', () =>
    threads > 1
      ? scanInParallel<AuthAggregatorState>({
          kind: 'auth',
          humanLogonTypes,
          sampleSize,
          maxRejectedLines,
          graphTables,
        }).then((states) => states.forEach((s) => auth.absorb(s)))
      : scan('auth', auth.onRow),
  );

  const redteam: string[][] = [];
  await clock('scan_redteam', () =>
    scan('redteam', (buf, starts) => {
      const row: string[] = [];
      for (let i = 0; i < 4; i++) row.push(buf.toString('utf8', starts[i], starts[i + 1] - 1));
      redteam.push(row);
    }),
  );

  const isHuman = new Uint8Array(hosts.size);
  for (let s = 0; s < auth.humanPairs.size; s++) isHuman[auth.humanPairs.key(s, 0)] = 1;
  const flows = new FlowAggregator(hosts, isHuman, { interval, sampleSize, services: graphTables });
  const humans = [
    ...new Set(Array.from({ length: auth.humanPairs.size }, (_, s) => hosts.name(auth.humanPairs.key(s, 0)))),
  ];
  await clock('scan_flows', () =>
    threads > 1
      ? scanInParallel<FlowAggregatorState>({
          kind: 'flows',
          humans,
          interval,
          sampleSize,
          maxRejectedLines,
          graphTables,
        }).then((states) => states.forEach((s) => flows.absorb(s)))
      : scan('flows', (buf, starts, ints, line) => flows.onRow(buf, starts, ints, line)),
  );
  if (flows.maxSum() > Number.MAX_SAFE_INTEGER) {
    throw new InputError(
      'a per-interval byte or packet sum exceeds 2^53 and cannot be kept exact; use a shorter --interval',
    );
  }
  return {
    files,
    scan: { hosts, users, auth, flows, redteam, interval, graphTables },
    span: { first: Math.min(auth.firstTime, flows.firstTime), last: Math.max(auth.lastTime, flows.lastTime) },
  };
}
