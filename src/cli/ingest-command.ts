import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { CLUSTER_INGEST_DEFAULTS, ingest, ingestCluster, INGEST_DEFAULTS } from '../store/index.js';
import { clickhouseFlags, type ClickHouseFlags } from './clickhouse-flags.js';
import { positiveInteger } from './parse-number.js';
import { progressBar } from './progress-bar.js';
import { sourceFlags, type SourceFlags } from './source-flags.js';

/** The options of `peerscope ingest`, as commander parses them. */
export interface IngestCommandOptions extends ClickHouseFlags, SourceFlags {
  out: string;
  auth?: string;
  flows?: string;
  redteam?: string;
  threads: number;
  insertBlockRows?: number;
  quiet?: boolean;
}

/** `peerscope ingest DATA --out STORE`. */
export function ingestCommand(): Command {
  const base = new Command('ingest')
    .description(
      'convert raw logs (LANL, Zeek conn.log, Windows logon events) once into a Parquet store partitioned by day, or LANL logs into a ClickHouse cluster (resumable); analyze it with --store or --engine clickhouse',
    )
    .argument('[DATA]', 'folder holding auth, flows and optionally redteam files (as for analyze)')
    .requiredOption(
      '-o, --out <STORE>',
      'store folder (with --engine clickhouse: the local folder of the rejected lines and manifest.json); rerunning with the same inputs resumes an interrupted ingest',
    )
    .option('--auth <FILE>', 'auth file or folder of splits (overrides DATA)')
    .option('--flows <FILE>', 'flows file or folder of splits (overrides DATA)')
    .option('--redteam <FILE>', 'redteam file (overrides DATA)');
  const command = sourceFlags
    .add(base)
    .option(
      '--threads <N>',
      'parser threads for auth and flows (1 parses on the main thread); the store is the same for any N',
      positiveInteger('--threads'),
      INGEST_DEFAULTS.threads,
    )
    .option(
      '--insert-block-rows <N>',
      `with --engine clickhouse: rows per block (and part) the servers cut each INSERT into (default: ${CLUSTER_INGEST_DEFAULTS.insertBlockRows})`,
      positiveInteger('--insert-block-rows'),
    )
    .option('-q, --quiet', 'no progress output');
  return clickhouseFlags
    .add(command, 'a Parquet store in --out')
    .action(async (data: string | undefined, opts: IngestCommandOptions) => {
      // Only for tests that kill an ingest mid-way: a pause after each partition (or cluster day).
      const delay = Number(process.env.PEERSCOPE_INGEST_PARTITION_DELAY_MS ?? 0);
      const pause = Number.isFinite(delay) && delay > 0 ? delay : 0;
      const inputs = { data, auth: opts.auth, flows: opts.flows, redteam: opts.redteam, out: opts.out };
      const onProgress = opts.quiet ? undefined : progressBar();
      const clickhouse = clickhouseFlags.read(opts);
      if (clickhouse === undefined && opts.insertBlockRows !== undefined)
        throw new UsageError('--insert-block-rows is for --engine clickhouse');
      if (clickhouse !== undefined) {
        const { authFormat, flowsFormat, hosts, zeekBytes, windowsHostNames, localNets } = opts;
        if ([authFormat, flowsFormat, hosts, zeekBytes, windowsHostNames, localNets].some((v) => v !== undefined))
          throw new UsageError('--engine clickhouse ingests LANL CSV only: drop the Zeek and Windows flags');
        const manifest = await ingestCluster({
          ...inputs,
          clickhouse,
          threads: opts.threads,
          insertBlockRows: opts.insertBlockRows,
          onProgress,
          dayDelayMs: pause,
        });
        if (!opts.quiet) {
          const resumed = manifest.resumed_days > 0 ? ` (${manifest.resumed_days} kept from an earlier run)` : '';
          process.stdout.write(
            `${rowsLine(manifest.files)}\n${manifest.days.auth.length + manifest.days.flows.length} days${resumed} in ClickHouse database ${manifest.cluster.database} (cluster ${manifest.cluster.cluster}, ${manifest.cluster.shards} shards); rejected lines and manifest in ${opts.out}\n`,
          );
        }
        return;
      }
      const manifest = await ingest({
        ...inputs,
        ...sourceFlags.read(opts),
        threads: opts.threads,
        onProgress,
        partitionDelayMs: pause,
      });
      if (!opts.quiet) {
        const resumed =
          manifest.resumed_partitions > 0 ? ` (${manifest.resumed_partitions} kept from an earlier run)` : '';
        process.stdout.write(
          `${rowsLine(manifest.files)}\n${manifest.partitions.auth.length + manifest.partitions.flows.length} day partitions${resumed} in ${opts.out}\n`,
        );
      }
    });
}

function rowsLine(files: Record<string, { rows: number; rejected: number } | undefined>): string {
  return Object.entries(files)
    .flatMap(([k, f]) => (f === undefined ? [] : [`${k} ${f.rows} rows, ${f.rejected} rejected`]))
    .join('; ');
}
