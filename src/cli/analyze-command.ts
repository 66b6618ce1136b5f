import { Command } from 'commander';
import { analyze, ANALYZE_DEFAULTS, DETECT_DEFAULTS } from '../pipeline/index.js';
import { COMBINATION_METHODS, type CombinationMethod } from '../detect/index.js';
import { UsageError } from '../errors.js';
import { fraction, positiveInteger } from './parse-number.js';
import { progressBar } from './progress-bar.js';
import { afterStages } from './after-stages.js';
import { analyzeSummaryText } from './analyze-summary-text.js';
import { clickhouseFlags, type ClickHouseFlags } from './clickhouse-flags.js';
import { sourceFlags, type SourceFlags } from './source-flags.js';

/** The options of `peerscope analyze`, as commander parses them. */
export interface AnalyzeCommandOptions extends ClickHouseFlags, SourceFlags {
  out: string;
  auth?: string;
  flows?: string;
  redteam?: string;
  store?: string;
  interval: number;
  /** Comma-separated. */
  humanLogonTypes: string;
  threads: number;
  groupBudget: number;
  /** False with --no-report. */
  report: boolean;
  /** False with --no-detect. */
  detect: boolean;
  png?: boolean;
  svg?: boolean;
  quiet?: boolean;
  alertBudget: number;
  combination: CombinationMethod;
  recalibrate?: boolean;
  peerChange: boolean;
  maxGraphEdges: number;
  maxRejectRatio: number;
  allowEmpty?: boolean;
  humanUserPattern?: string;
  jsonl?: boolean;
}

/** `peerscope analyze DATA --out OUT`. */
export function analyzeCommand(): Command {
  const base = new Command('analyze')
    .description(
      'find human hosts, their upload/download series, peer groups, ranked scores, alerts and report.html from LANL, Zeek conn.log or Windows logon logs',
    )
    .argument(
      '[DATA]',
      'folder holding auth.txt[.gz], flows.txt[.gz], optionally redteam.txt[.gz] (or auth/, flows/ folders of splits)',
    )
    .requiredOption('-o, --out <OUT>', 'output folder (replaced atomically when the run succeeds)')
    .option('--auth <FILE>', 'auth file or folder of splits (overrides DATA)')
    .option('--flows <FILE>', 'flows file or folder of splits (overrides DATA)')
    .option('--redteam <FILE>', 'redteam file (overrides DATA)')
    .option('--store <STORE>', 'read a store made by peerscope ingest instead of raw files');
  const command = sourceFlags
    .add(base)
    .option(
      '--interval <SECONDS>',
      'interval length for the series',
      positiveInteger('--interval'),
      ANALYZE_DEFAULTS.interval,
    )
    .option(
      '--human-logon-types <LIST>',
      'comma-separated logon types that mark a human source computer (case-insensitive; one no auth row has is an error)',
      ANALYZE_DEFAULTS.humanLogonTypes.join(','),
    )
    .option(
      '--human-user-pattern <REGEX>',
      'regular expression a source user must match to mark its computer human (default: contains DOM and no $)',
    )
    .option(
      '--threads <N>',
      'parser threads for auth and flows (1 parses on the main thread)',
      positiveInteger('--threads'),
      ANALYZE_DEFAULTS.threads,
    )
    .option(
      '--group-budget <KEYS>',
      'flow-service and auth-edge groups a parser thread holds before spilling them to disk for DuckDB to sum',
      positiveInteger('--group-budget'),
      ANALYZE_DEFAULTS.groupBudget,
    )
    .option(
      '--alert-budget <N>',
      'expected false alerts per day per 1,000 hosts (alerts.csv)',
      (v: string) => {
        const x = Number(v);
        if (!(x > 0) || !Number.isFinite(x)) throw new UsageError(`--alert-budget must be a positive number, got ${v}`);
        return x;
      },
      DETECT_DEFAULTS.alertBudget,
    )
    .option(
      '--combination <METHOD>',
      `how the views are combined per host-interval: ${COMBINATION_METHODS.join(', ')}`,
      (v: string) => {
        if (!(COMBINATION_METHODS as readonly string[]).includes(v))
          throw new UsageError(`--combination must be ${COMBINATION_METHODS.join(', ')}; got ${v}`);
        return v as CombinationMethod;
      },
      DETECT_DEFAULTS.combination,
    )
    .option('--recalibrate', 're-calibrate the combined p against all host-intervals (see README, Detection)')
    .option('--no-recalibrate', "use the combination method's p as it is")
    .option(
      '--no-peer-change',
      'peer views count a host unlike its peers even where it always was (default: only unlike its peers and its own past position)',
    )
    .option(
      '--max-graph-edges <N>',
      "edges of the peer-group graph; beyond, each node keeps its strongest (summary.json's peer_groups.pruning)",
      positiveInteger('--max-graph-edges'),
      DETECT_DEFAULTS.maxGraphEdges,
    )
    .option(
      '--max-reject-ratio <R>',
      'an input with a larger share of rejected rows is an input error (exit 3)',
      fraction('--max-reject-ratio'),
      ANALYZE_DEFAULTS.maxRejectRatio,
    )
    .option('--allow-empty', 'complete the run when auth or flows has no valid row or no host is human')
    .option('--no-report', 'skip report.html')
    .option('--no-detect', 'skip peer groups, scores and evaluation')
    .option('--jsonl', 'also write hosts.jsonl and edges.jsonl with ECS names (alerts.jsonl is always written)')
    .option('--png', 'also write each report chart as OUT/figures/ID.png')
    .option('--svg', 'also write each report chart as OUT/figures/ID.svg')
    .option('-q, --quiet', 'no progress output');
  return clickhouseFlags
    .add(command, 'raw files or --store')
    .action(async (data: string | undefined, opts: AnalyzeCommandOptions) => {
      const clickhouse = clickhouseFlags.read(opts);
      const raw =
        data !== undefined || opts.auth !== undefined || opts.flows !== undefined || opts.redteam !== undefined;
      if (clickhouse !== undefined && (raw || opts.store !== undefined))
        throw new UsageError(
          '--engine clickhouse reads the cluster: give no DATA, --auth, --flows, --redteam or --store',
        );
      if (
        opts.store !== undefined &&
        (data !== undefined || opts.auth !== undefined || opts.flows !== undefined || opts.redteam !== undefined)
      ) {
        throw new UsageError('give either --store or raw inputs (DATA, --auth, --flows, --redteam), not both');
      }
      if (clickhouse === undefined && opts.store === undefined && data === undefined && opts.flows === undefined) {
        throw new UsageError('give a DATA folder, --flows (with or without --auth), --store or --engine clickhouse');
      }
      if (opts.jsonl && !opts.detect) throw new UsageError('--jsonl writes the detection outputs: drop --no-detect');
      const types = opts.humanLogonTypes
        .split(',')
        .map((t) => t.trim())
        .filter((t) => t.length > 0);
      if (types.length === 0) throw new UsageError('--human-logon-types needs at least one logon type');
      const summary = await analyze({
        data,
        auth: opts.auth,
        flows: opts.flows,
        redteam: opts.redteam,
        out: opts.out,
        interval: opts.interval,
        humanLogonTypes: types,
        humanUserPattern: opts.humanUserPattern,
        threads: opts.threads,
        groupBudget: opts.groupBudget,
        store: opts.store,
        clickhouse,
        ...sourceFlags.read(opts),
        graphTables: opts.detect,
        maxRejectRatio: opts.maxRejectRatio,
        allowEmpty: opts.allowEmpty,
        onProgress: opts.quiet ? undefined : progressBar(),
        after: afterStages({
          detect: opts.detect,
          report: opts.report,
          png: opts.png,
          svg: opts.svg,
          detectOptions: {
            alertBudget: opts.alertBudget,
            combination: opts.combination,
            maxGraphEdges: opts.maxGraphEdges,
            peerChange: opts.peerChange,
            ...(opts.recalibrate === undefined ? {} : { recalibrate: opts.recalibrate }),
          },
          jsonl: opts.jsonl,
        }),
      });
      if (!opts.quiet) process.stdout.write(analyzeSummaryText(summary, opts.out));
    });
}
