import { InputError, UsageError } from '../errors.js';
import type { HumanRule } from '../sources/human-rule.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import type { InputFile, ResolvedInputs } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import { emptyAccount, scanLog } from '../sources/scan-log.js';
import { ROW_EXTRAS } from '../sources/row-extras.js';
import { emptyTotals, scanSource, type SourceTotals } from '../sources/scan-source.js';
import type { SourceConfig } from '../sources/source-adapter.js';
import type { KindPlan, SourceKind } from '../sources/plan-sources.js';
import { TALLY_AUTH_VALUES_DEFAULTS, tallyAuthValues, type AuthValueTally } from '../sources/tally-auth-values.js';
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
  /**
   * With graphTables, the folder where the scan writes the flows human hosts start, for detection
   * (FlowAggregatorOptions.detectionFlows; LANL flow files only: flows read through adapters are
   * left to detection's own read of the files). Default: not collected.
   */
  detectionFlows?: string;
  onProgress?: (event: ProgressEvent) => void;
  /**
   * How auth and flows files are read (from {@link planSources}); without it, or for a kind whose
   * files are all plain LANL CSV, the original scanner (in parallel). Other formats are read on
   * this thread through their adapters.
   */
  plan?: Record<SourceKind, KindPlan>;
}

/** summary.sources: per kind read through adapters, the formats, skips and rows handed on. */
export type SourcesSummary = Partial<
  Record<SourceKind, SourceTotals & { formats: Record<string, number>; monitored?: 'local' }>
>;

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
  const plan = options.plan;
  const adapted = (kind: SourceKind) => plan?.[kind].configs.some((c) => c !== undefined) ?? false;
  const sources: SourcesSummary = {};
  const scanAdapted = async (kind: SourceKind, onRow: RowHandler, record = true) => {
    const account = emptyAccount();
    const totals = emptyTotals();
    const formats: Record<string, number> = {};
    const { files: kindFiles, configs } = plan![kind];
    for (const [i, file] of kindFiles.entries()) {
      const config: SourceConfig = configs[i] ?? { format: 'lanl', kind, headerLine: false, terminator: '\n' };
      formats[config.format] = (formats[config.format] ?? 0) + 1;
      await scanSource(file, config, onRow, account, totals, {
        outDir: record ? dir : undefined,
        maxRejectedLines,
        blockSize: options.blockSize,
        onProgress: record ? (p) => report(file, p.bytesRead, p.lines, p.done) : undefined,
      });
    }
    if (record) {
      files[kind] = account;
      sources[kind] = { ...sources[kind], formats, ...totals };
    }
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
  const withAuth = inputs.auth.length > 0;
  await clock('scan_auth', async () => {
    if (!withAuth) return;
    if (adapted('auth')) return scanAdapted('auth', auth.onRow);
    return threads > 1
      ? scanInParallel<AuthAggregatorState>({
          kind: 'auth',
          humanRule,
          sampleSize,
          maxRejectedLines,
          graphTables,
          spill,
        }).then((states) => states.forEach((s) => auth.absorb(s)))
      : scan('auth', auth.onRow);
  });

  const redteam: RedteamEvent[] = [];
  await clock('scan_redteam', () =>
    scan('redteam', (buf, starts, ints) => {
      const field = (i: number) => buf.toString('utf8', starts[i], starts[i + 1]! - 1);
      redteam.push({ time: ints[0]!, user: field(1), srcHost: field(2), dstHost: field(3) });
    }),
  );

  // Flows without auth: the monitored hosts are the local ones (as the Zeek adapter marks them).
  const monitored = withAuth
    ? undefined
    : await clock('scan_local', () => localHosts(hosts, (onRow) => scanAdapted('flows', onRow, false)));
  if (monitored !== undefined) sources.flows = { ...emptyTotals(), formats: {}, monitored: 'local' };
  const humanIds = monitored ?? auth.humanHostIds();
  const isHuman = new Uint8Array(hosts.size);
  for (const id of humanIds) isHuman[id] = 1;
  const detectionFlows = graphTables && !adapted('flows') ? options.detectionFlows : undefined;
  const flows = new FlowAggregator(hosts, isHuman, {
    interval,
    sampleSize,
    services: graphTables,
    spill,
    detectionFlows,
  });
  await clock('scan_flows', () =>
    adapted('flows')
      ? scanAdapted('flows', (buf, starts, ints, line) => flows.onRow(buf, starts, ints, line))
      : threads > 1
        ? scanInParallel<FlowAggregatorState>({
            kind: 'flows',
            humans: Array.from(humanIds, (id) => hosts.name(id)),
            interval,
            sampleSize,
            maxRejectedLines,
            graphTables,
            spill,
            detectionFlows,
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
    inputs: describeInputs(plan === undefined ? inputs : { ...inputs, auth: plan.auth.files, flows: plan.flows.files }),
    files,
    timeSpan: { first: Number.isFinite(first) ? first : null, last: Number.isFinite(last) ? last : null },
    hasRedteam: inputs.redteam.length > 0,
    detectionFlows: detectionFlows !== undefined,
    ...(Object.keys(sources).length > 0 ? { sources } : {}),
    ...(withAuth ? { logonTypeRows: auth.logonTypeRows() } : {}),
    loadTables: (engine) =>
      loadScanTables(engine, { hosts, users, auth, flows, redteam, interval, graphTables, monitored }),
    authValues: async () => {
      if (!adapted('auth')) return tallyAuthValues(inputs.auth.map((f) => f.path));
      const tally = emptyTally();
      await scanAdapted('auth', tallyRow(tally), false);
      return tally;
    },
  };
}

/** The hosts a scan of flows marks local, as source or destination, interned into `hosts`. */
async function localHosts(hosts: ByteInterner, scan: (onRow: RowHandler) => Promise<void>): Promise<number[]> {
  const ids = new Set<number>();
  const { srcLocal, dstLocal } = ROW_EXTRAS.flows;
  await scan((buf, starts, ints) => {
    if (ints[srcLocal] === 1) ids.add(hosts.intern(buf, starts[2]!, starts[3]! - 1));
    if (ints[dstLocal] === 1) ids.add(hosts.intern(buf, starts[4]!, starts[5]! - 1));
  });
  return [...ids];
}

function describeInputs(inputs: ResolvedInputs): AnalyzeSummary['inputs'] {
  const out: AnalyzeSummary['inputs'] = {};
  for (const [kind, files] of Object.entries(inputs) as [LogKind, InputFile[]][]) {
    if (files.length > 0) out[kind] = files.map((f) => ({ path: f.path, bytes: f.bytes }));
  }
  return out;
}

function emptyTally(): AuthValueTally {
  return { rows: 0, complete: true, logonTypes: new Map(), domains: new Map(), other: { logonTypes: 0, domains: 0 } };
}

/** {@link tallyAuthValues} over the rows an adapter hands on (Windows events), every row. */
function tallyRow(tally: AuthValueTally): RowHandler {
  const add = (map: Map<string, number>, value: string, field: 'logonTypes' | 'domains') => {
    const n = map.get(value);
    if (n !== undefined) map.set(value, n + 1);
    else if (map.size < TALLY_AUTH_VALUES_DEFAULTS.maxDistinct) map.set(value, 1);
    else tally.other[field]++;
  };
  return (buf, starts) => {
    tally.rows++;
    add(tally.logonTypes, buf.toString('utf8', starts[6], starts[7]! - 1), 'logonTypes');
    const user = buf.toString('utf8', starts[1], starts[2]! - 1);
    const at = user.indexOf('@');
    add(tally.domains, at >= 0 ? user.slice(at + 1) : '', 'domains');
  };
}
