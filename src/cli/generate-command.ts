import { Command, Option } from 'commander';
import { generate, GENERATE_DEFAULTS, type RedteamMode } from '../generate/index.js';
import { UsageError } from '../errors.js';
import { positiveInteger } from './parse-number.js';

/** The options of `peerscope generate`, as commander parses them. */
export interface GenerateCommandOptions {
  seed: number;
  scale: number;
  days: number;
  gz: boolean;
  redteam: RedteamMode;
  quiet?: boolean;
}

/** `peerscope generate OUT`. */
export function generateCommand(): Command {
  return new Command('generate')
    .description('write a synthetic LANL-format data set with a planted red-team campaign and its ground truth')
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
    .addOption(
      new Option('--redteam <MODE>', 'campaign: replay the real timeline, synthetic, or none')
        .choices(['replay', 'synthetic', 'none'])
        .default(GENERATE_DEFAULTS.redteam),
    )
    .option('-q, --quiet', 'print nothing')
    .action(async (out: string, opts: GenerateCommandOptions) => {
      const result = await generate({
        out,
        seed: opts.seed,
        scale: opts.scale,
        days: opts.days,
        gz: opts.gz,
        redteam: opts.redteam,
      });
      if (opts.quiet) return;
      for (const f of result.files)
        process.stdout.write(`${f.path}: ${f.rows} rows, ${(f.bytes / 1e6).toFixed(1)} MB\n`);
      process.stdout.write(
        `${result.hosts} hosts, ${result.humans} workstations in ${result.departments} departments; ` +
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
