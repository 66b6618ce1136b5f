import { rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join, resolve } from 'node:path';
import { InputError, UsageError } from '../errors.js';
import { CLICKHOUSE_DEFAULTS, openDuckDb, type ClickHouseOptions, type Engine } from '../engine/index.js';
import { assertOutsideInputs, buildOutputDir } from '../output-dir.js';
import { HUMAN_RULE_DEFAULTS, humanRuleClauses, type HumanRule } from '../sources/human-rule.js';
import { HostMap } from '../sources/host-map.js';
import type { SourceOptions } from '../sources/source-options.js';
import { LOCAL_NETS_DEFAULTS, LocalNets } from '../sources/local-nets.js';
import { inputPaths, resolveInputs, type InputSpec } from '../sources/resolve-inputs.js';
import { SCAN_LOG_DEFAULTS } from '../sources/scan-log.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { PEERSCOPE_VERSION } from '../version.js';
import type { AnalysisInput, StageClock } from './analysis-input.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { assertAccountsFit, INPUT_FIT_DEFAULTS, inputLabel, noHumanHostsError } from './assert-inputs-fit.js';
import { unseenLogonTypesError } from './unseen-logon-types-error.js';
import { OUTPUT_FILES } from './output-files.js';
import { planSources } from '../sources/plan-sources.js';
import { scanInputs } from './scan-inputs.js';
import { storeInput } from './store-input.js';
import { clusterInput } from './cluster-input.js';
import { uploadTest } from './upload-test.js';
import { writeOutputs } from './write-outputs.js';

/** Options for {@link analyze}. */
export interface AnalyzeOptions extends InputSpec, SourceOptions {
  /** Output folder; built in a temporary sibling and renamed into place at the end. */
  out: string;
  /** Interval length in seconds. Default 86400 (a day). */
  interval?: number;
  /**
   * Logon types that mark a human-operated source computer, ASCII case-insensitive; a type no auth
   * row has is an input error listing the types seen (raw files only). Default ["Interactive"].
   */
  humanLogonTypes?: readonly string[];
  /**
   * A regular expression (RE2 syntax, found anywhere in the user) a source user must match to mark
   * its computer human, instead of the original's "contains DOM and no $". Default none.
   */
  humanUserPattern?: string;
  /** Rejected lines kept per file. Default 10,000. */
  maxRejectedLines?: number;
  /** Progress callback, e.g. for a bar on a terminal. */
  onProgress?: (event: ProgressEvent) => void;
  /** Extra stages run on the finished tables before the rename (detection, report). */
  after?: AfterStage[];
  /** Parser threads for auth and flows; 1 parses on the main thread. Default: the number of cores, at most 4; capped at the cores. */
  threads?: number;
  /** Bytes per parse block (a worker's unit of work). Default 1 MiB. */
  blockSize?: number;
  /**
   * Build tables/auth_edges.parquet and tables/flow_services.parquet, the graph tables detection
   * reads. Default true; without detection they are extra work the seed analysis does not need.
   */
  graphTables?: boolean;
  /**
   * Groups of the flow-services and auth-edge tables a parser thread holds before it writes them
   * to a spill file and starts afresh; DuckDB sums the files at the end (spilling to disk itself
   * beyond its memory limit), so memory for these tables is bounded by threads × budget whatever
   * the input size. Outputs are identical for any budget. Default 1,048,576 (≈ 50 MB per thread
   * and table); Infinity never spills.
   */
  groupBudget?: number;
  /** Read a store written by `ingest` instead of raw files (the SQL path); input paths are then ignored. */
  store?: string;
  /** Read a ClickHouse cluster store filled by `ingestCluster` (the heavy aggregations run there); input paths are then ignored. */
  clickhouse?: ClickHouseOptions;
  /** Largest share of rejected rows an input may have before the run is an input error. Default 0.5. */
  maxRejectRatio?: number;
  /** Complete the run when auth or flows has no valid row or no host is human (empty results). Default false. */
  allowEmpty?: boolean;
}

/** A stage run after the core tables exist (detection, report); it may add to the summary. */
export interface AfterStage {
  /** Name of its entry in summary.timings. */
  name: string;
  /** `detectionFlows`: the engine holds the DETECTION_FLOW_TABLES (AnalysisInput.detectionFlows). */
  run(context: { engine: Engine; dir: string; summary: AnalyzeSummary; detectionFlows: boolean }): Promise<void>;
}

export const ANALYZE_DEFAULTS = {
  interval: SECONDS_PER_DAY,
  humanLogonTypes: HUMAN_RULE_DEFAULTS.logonTypes,
  threads: Math.min(4, availableParallelism()),
  /** Rows in each of samples/auth.csv, flows.csv and enriched.csv. */
  sampleSize: 100,
  graphTables: true,
  groupBudget: 1 << 20,
  ...INPUT_FIT_DEFAULTS,
} as const;

/**
 * The seed pipeline end to end: human hosts from auth, compromised hosts from redteam, each
 * human host's upload/download series from flows, and the accounting of every input line.
 * Raw files are read once by the byte-level scanner (or a store by SQL); the aggregates go to
 * the engine, which joins, sorts and writes the outputs. Nothing appears in `out` unless the
 * whole run succeeds.
 */
export async function analyze(options: AnalyzeOptions): Promise<AnalyzeSummary> {
  const interval = options.interval ?? ANALYZE_DEFAULTS.interval;
  if (!Number.isSafeInteger(interval) || interval <= 0) {
    throw new UsageError((name) => `${name('interval')} must be a positive integer number of seconds, got ${interval}`);
  }
  const humanLogonTypes = [...(options.humanLogonTypes ?? ANALYZE_DEFAULTS.humanLogonTypes)];
  const humanRule: HumanRule = {
    ...HUMAN_RULE_DEFAULTS,
    logonTypes: humanLogonTypes,
    ...(options.humanUserPattern === undefined ? {} : { userPattern: options.humanUserPattern }),
  };
  humanRuleClauses(humanRule);
  const graphTables = options.graphTables ?? ANALYZE_DEFAULTS.graphTables;
  const sampleSize = ANALYZE_DEFAULTS.sampleSize;
  const groupBudget = options.groupBudget ?? ANALYZE_DEFAULTS.groupBudget;
  if (!(groupBudget === Infinity || (Number.isSafeInteger(groupBudget) && groupBudget > 0))) {
    throw new UsageError(
      (name) => `${name('groupBudget')} must be a positive integer number of groups, got ${groupBudget}`,
    );
  }
  // More parser threads than cores only adds workers (and their memory) to wait on each other.
  const threads = Math.min(options.threads ?? ANALYZE_DEFAULTS.threads, availableParallelism());
  const out = resolve(options.out);
  if (options.store !== undefined && options.clickhouse !== undefined)
    throw new UsageError('analyze reads a Parquet store or a ClickHouse cluster, not both');
  const source =
    options.store !== undefined
      ? { store: resolve(options.store), inputs: undefined }
      : options.clickhouse !== undefined
        ? { store: undefined, inputs: undefined }
        : {
            store: undefined,
            // Flows alone (no DATA, no auth): the local hosts are monitored instead of auth's humans.
            inputs: resolveInputs(options, options.data === undefined && options.auth === undefined ? ['auth'] : []),
          };
  if (source.store !== undefined) assertOutsideInputs(out, [source.store]);
  else if (source.inputs !== undefined) assertOutsideInputs(out, inputPaths(options, source.inputs));

  const hosts = typeof options.hosts === 'string' ? HostMap.load(options.hosts) : options.hosts;
  const localNets = options.localNets === undefined ? undefined : LocalNets.parse(options.localNets, 'localNets');
  const plan =
    source.inputs === undefined
      ? undefined
      : await planSources(source.inputs, {
          formats: options.formats,
          hosts,
          localNets,
          zeekBytes: options.zeekBytes,
          windowsHostNames: options.windowsHostNames,
          onSource: options.onSource,
        });

  const timings: Record<string, number> = {};
  const clock: StageClock = async (stage, fn) => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      timings[stage] = Math.round(performance.now() - t0) / 1000;
    }
  };

  return buildOutputDir(
    out,
    async (dir) => {
      const groups = join(dir, '.spill-groups');
      const detectionFlows = join(dir, '.spill-flows');
      const input: AnalysisInput =
        source.store !== undefined
          ? storeInput(source.store, dir, { interval, humanRule, sampleSize, graphTables })
          : source.inputs === undefined
            ? await clusterInput(options.clickhouse!, dir, { interval, humanRule, sampleSize, graphTables })
            : await scanInputs(
                source.inputs,
                dir,
                {
                  interval,
                  humanRule,
                  sampleSize,
                  graphTables,
                  threads,
                  maxRejectedLines: options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines,
                  blockSize: options.blockSize,
                  spill: groupBudget === Infinity ? undefined : { dir: groups, budget: groupBudget },
                  detectionFlows,
                  onProgress: options.onProgress,
                  plan,
                },
                clock,
              );
      const fit = { maxRejectRatio: options.maxRejectRatio, allowEmpty: options.allowEmpty };
      assertAccountsFit(input.inputs, input.files, fit);
      const spill = join(dir, '.spill');
      const engine = await openDuckDb({ tempDirectory: spill });
      let summary: AnalyzeSummary;
      try {
        await clock('tables', () => input.loadTables(engine));
        rmSync(groups, { recursive: true, force: true });
        const unseen = humanLogonTypes.filter((_, i) => input.logonTypeRows?.[i] === 0);
        if (
          unseen.length > 0 &&
          (input.files.auth?.rows ?? 0) > 0 &&
          !(options.allowEmpty ?? INPUT_FIT_DEFAULTS.allowEmpty)
        )
          throw unseenLogonTypesError(input.inputs, unseen, await input.authValues(engine));
        if (!(options.allowEmpty ?? INPUT_FIT_DEFAULTS.allowEmpty)) {
          const [found] = await engine.all<{ n: number }>('SELECT count(*) AS n FROM humans');
          if (Number(found?.n ?? 0) === 0 && input.inputs.auth === undefined)
            throw new InputError(
              (name) =>
                `0 local hosts: with flows and no auth the monitored hosts are the local ones, and no flow marks its source or destination local (Zeek's local_orig/local_resp) or has an address in ${name('localNets')} (${(localNets?.cidrs ?? LOCAL_NETS_DEFAULTS).join(',')}). Give ${name('localNets')}, or pass ${name('allowEmpty')}`,
              { file: inputLabel(input.inputs, 'flows') },
            );
          if (Number(found?.n ?? 0) === 0)
            throw noHumanHostsError(input.inputs, humanRule, await input.authValues(engine));
        }
        const counts = await clock('write', () => writeOutputs(engine, dir, { graphTables }));
        summary = {
          peerscope: PEERSCOPE_VERSION,
          interval,
          human_logon_types: humanLogonTypes,
          inputs: input.inputs,
          files: input.files,
          ...counts,
          ...(input.hasRedteam ? {} : { compromised: null, compromised_humans: null }),
          time_span: input.timeSpan,
          ...(source.store === undefined
            ? options.clickhouse === undefined
              ? { threads }
              : {}
            : { store: source.store }),
          ...(options.clickhouse === undefined ? {} : { clickhouse: clickhouseSummary(options.clickhouse) }),
          ...(input.sources === undefined ? {} : { sources: input.sources }),
          timings,
        };
        Object.assign(summary, await clock('upload_test', () => uploadTest(engine, dir, input.hasRedteam)));
        const context = { engine, dir, summary, detectionFlows: input.detectionFlows ?? false };
        for (const stage of options.after ?? []) await clock(stage.name, () => stage.run(context));
      } catch (error) {
        await engine.close().catch(() => undefined);
        throw error;
      }
      rmSync(spill, { recursive: true, force: true });
      await engine.close();
      rmSync(detectionFlows, { recursive: true, force: true });
      writeFileSync(join(dir, OUTPUT_FILES.summary), JSON.stringify(summary, null, 2) + '\n');
      return summary;
    },
    {
      marker: OUTPUT_FILES.summary,
      notOurs: (name) =>
        `${name('out')} ${out} exists and is not a peerscope output folder (no ${OUTPUT_FILES.summary}); refusing to replace it`,
      notAFolder: (name) => `${name('out')} ${out} exists and is not a folder`,
    },
  );
}

/** Where a cluster analysis read from, for summary.json (never the credentials). */
function clickhouseSummary(options: ClickHouseOptions): { url: string; cluster: string; database: string } {
  return {
    url: options.url ?? CLICKHOUSE_DEFAULTS.url,
    cluster: options.cluster,
    database: options.database ?? CLICKHOUSE_DEFAULTS.database,
  };
}
