import { Command } from 'commander';
import { ingest, INGEST_DEFAULTS } from '../store/index.js';
import { positiveInteger } from './parse-number.js';
import { progressBar } from './progress-bar.js';

/** The options of `peerscope ingest`, as commander parses them. */
export interface IngestCommandOptions {
  out: string;
  auth?: string;
  flows?: string;
  redteam?: string;
  threads: number;
  quiet?: boolean;
}

/** `peerscope ingest DATA --out STORE`. */
export function ingestCommand(): Command {
  return new Command('ingest')
    .description(
      'convert raw LANL-format logs once into a Parquet store partitioned by day (resumable); analyze it with --store',
    )
    .argument('[DATA]', 'folder holding auth, flows and optionally redteam files (as for analyze)')
    .requiredOption('-o, --out <STORE>', 'store folder; rerunning with the same inputs resumes an interrupted ingest')
    .option('--auth <FILE>', 'auth file or folder of splits (overrides DATA)')
    .option('--flows <FILE>', 'flows file or folder of splits (overrides DATA)')
    .option('--redteam <FILE>', 'redteam file (overrides DATA)')
    .option(
      '--threads <N>',
      'parser threads for auth and flows (1 parses on the main thread); the store is the same for any N',
      positiveInteger('--threads'),
      INGEST_DEFAULTS.threads,
    )
    .option('-q, --quiet', 'no progress output')
    .action(async (data: string | undefined, opts: IngestCommandOptions) => {
      // Only for tests that kill an ingest mid-way: a pause after each partition.
      const delay = Number(process.env.PEERSCOPE_INGEST_PARTITION_DELAY_MS ?? 0);
      const manifest = await ingest({
        data,
        auth: opts.auth,
        flows: opts.flows,
        redteam: opts.redteam,
        out: opts.out,
        threads: opts.threads,
        onProgress: opts.quiet ? undefined : progressBar(),
        partitionDelayMs: Number.isFinite(delay) && delay > 0 ? delay : 0,
      });
      if (!opts.quiet) {
        const rows = Object.entries(manifest.files)
          .map(([k, f]) => `${k} ${f.rows} rows, ${f.rejected} rejected`)
          .join('; ');
        const resumed =
          manifest.resumed_partitions > 0 ? ` (${manifest.resumed_partitions} kept from an earlier run)` : '';
        process.stdout.write(
          `${rows}\n${manifest.partitions.auth.length + manifest.partitions.flows.length} day partitions${resumed} in ${opts.out}\n`,
        );
      }
    });
}
