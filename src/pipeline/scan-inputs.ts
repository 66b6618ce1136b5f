import { InputError, UsageError } from '../errors.js';
import type { HumanRule } from '../sources/human-rule.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import type { InputFile, ResolvedInputs } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import { emptyAccount, scanLog } from '../sources/scan-log.js';
import { tallyAuthValues } from '../sources/tally-auth-values.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import type { AnalysisInput, StageClock } from './analysis-input.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { AuthAggregator, type AuthAggregatorState } from './auth-aggregator.js';
import { ByteInterner } from '../sources/byte-interner.js';
import { FlowAggregator, type FlowAggregatorState } from './flow-aggregator.js';
import { loadScanTables, type RedteamEvent } from './load-scan-tables.js';
import { parallelScan, type ScanJob } from './parallel-scan.js';
import type { SpillOptions } from './spill-table.js';

/** Options of {@link scanInputs}. */
export interface ScanInputsOptions {
  /** Interval length in seconds. */
  interval: number;
  humanRule: HumanRule;
  /** Sample rows kept per sample table. */
  sampleSize: number;
  /** Aggregate the auth edges and flow services detection reads. */
  graphTables: boolean;
  /** Parser threads; 1 parses on this thread. */
  threads: number;
  /** Rejected lines kept per file. */
  maxRejectedLines: number;
  /** Bytes per block. Default 1 MiB. */
  blockSize?: number;
  /** Where the flow services and auth edges spill, and beyond how many groups per thread (default: never). */
  spill?: SpillOptions;
  onProgress?: (event: ProgressEvent) => void;
}

/**
 * The byte-scanner path: auth, redteam and flows read once and aggregated in JS (in worker
 * threads when threads > 1), rejected lines written under `dir`. Flows are scanned once the
 * human hosts are known, so only their flows are kept.
 */
export async function scanInputs(
  inputs: ResolvedInputs,
  dir: string,
  options: ScanInputsOptions,
  clock: StageClock,
): Promise<AnalysisInput> {
  const { interval, humanRule, sampleSize, graphTables, threads, maxRejectedLines, spill } = options;
  if (!Number.isSafeInteger(threads) || threads < 1) {
    throw new UsageError((name) => `${name('threads')} must be a positive integer, got ${threads}`);
  }
  const files: AnalyzeSummary['files'] = {};
  const report = (file: InputFile, bytesRead: number, lines: number, done: boolean) =>
    options.onProgress?.({ file: file.label, bytesRead, bytesTotal: file.bytes, lines, done });
  const scan = async (kind: LogKind, onRow: RowHandler, rowInterval?: number) => {
    const account = emptyAccount();
    for (const file of inputs[kind]) {
      await scanLog(file, LOG_FORMATS[kind], onRow, account, {
        outDir: dir,
        maxRejectedLines,
        blockSize: options.blockSize,
        interval: rowInterval,
        onProgress: (p) => report(file, p.bytesRead, p.lines, p.done),
      });
    }
    files[kind] = account;
  };
  const scanInParallel = async <S extends AuthAggregatorState | FlowAggregatorState>(job: ScanJob): Promise<S[]> => {
    const account = emptyAccount();
    const states = await parallelScan<S>(job, inputs[job.kind], account, {
      threads,
      maxRejectedLines,
      blockSize: options.blockSize,
      outDir: dir,
      onProgress: report,
    });
    files[job.kind] = account;
    return states;
  };

  const hosts = new ByteInterner();
  const users = new ByteInterner();
  const auth = new AuthAggregator(hosts, users, { humanRule, sampleSize, edges: graphTables, spill });
  await clock('scan_auth', () =>
    threads > 1
      ? scanInParallel<AuthAggregatorState>({
          kind: 'auth',
          humanRule,
          sampleSize,
          maxRejectedLines,
          graphTables,
          spill,
        }).then((states) => states.forEach((s) => auth.absorb(s)))
      : scan('auth', auth.onRow),
  );

  const redteam: RedteamEvent[] = [];
  await clock('scan_redteam', () =>
    scan('redteam', (buf, starts, ints) => {
      const field = (i: number) => buf.toString('utf8', starts[i], starts[i + 1]! - 1);
      redteam.push({ time: ints[0]!, user: field(1), srcHost: field(2), dstHost: field(3) });
    }),
  );

  const humanIds = auth.humanHostIds();
  const isHuman = new Uint8Array(hosts.size);
  for (const id of humanIds) isHuman[id] = 1;
  const flows = new FlowAggregator(hosts, isHuman, { interval, sampleSize, services: graphTables, spill });
  await clock('scan_flows', () =>
    threads > 1
      ? scanInParallel<FlowAggregatorState>({
          kind: 'flows',
          humans: Array.from(humanIds, (id) => hosts.name(id)),
          interval,
          sampleSize,
          maxRejectedLines,
          graphTables,
          spill,
        }).then((states) => states.forEach((s) => flows.absorb(s)))
      : scan('flows', (buf, starts, ints, line) => flows.onRow(buf, starts, ints, line), interval),
  );
  if (flows.maxSum() > Number.MAX_SAFE_INTEGER) {
    throw new InputError(
      (name) =>
        `a per-interval byte or packet sum exceeds 2^53 and cannot be kept exact; use a shorter ${name('interval')}`,
    );
  }
  const first = Math.min(auth.firstTime, flows.firstTime);
  const last = Math.max(auth.lastTime, flows.lastTime);
  return {
    inputs: describeInputs(inputs),
    files,
    timeSpan: { first: Number.isFinite(first) ? first : null, last: Number.isFinite(last) ? last : null },
    hasRedteam: inputs.redteam.length > 0,
    loadTables: (engine) => loadScanTables(engine, { hosts, users, auth, flows, redteam, interval, graphTables }),
    authValues: () => tallyAuthValues(inputs.auth.map((f) => f.path)),
  };
}

function describeInputs(inputs: ResolvedInputs): AnalyzeSummary['inputs'] {
  const out: AnalyzeSummary['inputs'] = {};
  for (const [kind, files] of Object.entries(inputs) as [LogKind, InputFile[]][]) {
    if (files.length > 0) out[kind] = files.map((f) => ({ path: f.path, bytes: f.bytes }));
  }
  return out;
}
