import { Command, Option } from 'commander';
import { CAMPAIGN_NAMES, generate, GENERATE_DEFAULTS } from '../generate/index.js';
import { UsageError } from '../errors.js';
import { positiveInteger } from './parse-number.js';

/** The options of `peerscope generate`, as commander parses them. */
export interface GenerateCommandOptions {
  seed: number;
  scale: number;
  days: number;
  gz: boolean;
  campaign?: string[];
  redteam?: 'replay' | 'synthetic' | 'none';
  quiet?: boolean;
}

/** `peerscope generate OUT`. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('write a synthetic LANL-format data set with planted red-team campaigns and their ground truth')
    .argument('<OUT>', 'output folder (auth.txt, flows.txt, redteam.txt, truth.json, truth/)')
    .option('--seed <N>', 'random seed', nonNegativeInteger, GENERATE_DEFAULTS.seed)
    .option(
      '--scale <X>',
      'daily volume relative to the real set (1 = 15.7 M auth + 8.4 M flow rows a day)',
      positiveNumber,
      GENERATE_DEFAULTS.scale,
    )
    .option('--days <N>', 'number of days', positiveInteger('--days'), GENERATE_DEFAULTS.days)
    .option('--gz', 'gzip the files (.txt.gz)', GENERATE_DEFAULTS.gz)
    .option(
      '--campaign <NAME>',
      `red-team campaign to plant, repeatable, each on its own victims: ${CAMPAIGN_NAMES.join(', ')}, all, or none (default: ${GENERATE_DEFAULTS.campaigns.join(', ')})`,
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .addOption(
      new Option('--redteam <MODE>', 'deprecated: use --campaign (replay, synthetic or none)').choices([
        'replay',
        'synthetic',
        'none',
      ]),
    )
    .option('-q, --quiet', 'print nothing')
    .action(async (out: string, opts: GenerateCommandOptions) => {
      if (opts.campaign !== undefined && opts.redteam !== undefined)
        throw new UsageError('give --campaign or the deprecated --redteam, not both');
      const result = await generate({
        out,
        seed: opts.seed,
        scale: opts.scale,
        days: opts.days,
        gz: opts.gz,
        campaigns: opts.campaign ?? (opts.redteam !== undefined ? [opts.redteam] : undefined),
      });
      if (opts.quiet) return;
      if (opts.redteam !== undefined) process.stderr.write(`--redteam is deprecated: use --campaign ${opts.redteam}\n`);
      for (const f of result.files)
        process.stdout.write(`${f.path}: ${f.rows} rows, ${(f.bytes / 1e6).toFixed(1)} MB\n`);
      const campaigns =
        result.campaigns.map((c) => `${c.name} (${c.victims} victims, ${c.events} logons)`).join(', ') || 'no campaign';
      process.stdout.write(
        `${result.hosts} hosts, ${result.humans} workstations in ${result.departments} departments; ${campaigns}; ` +
          `${result.attackEvents} red-team events on ${result.compromisedHosts} hosts (${result.compromisedHumans} workstations); ` +
          `truth in ${out}/truth.json; ${result.seconds} s\n`,
      );
    });
}

function nonNegativeInteger(value: string): number {
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(Number(value)))
    throw new UsageError(`--seed must be a non-negative integer, got "${value}"`);
  return Number(value);
}

function positiveNumber(value: string): number {
  const x = Number(value);
  if (value.trim() === '' || !Number.isFinite(x) || x <= 0)
    throw new UsageError(`--scale must be a positive number, got "${value}"`);
  return x;
}
