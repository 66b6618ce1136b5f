import { basename } from 'node:path';
import { Command, Option } from 'commander';
import { UsageError } from '../errors.js';
import { openDuckDb } from '../engine/index.js';
import { readNumericColumn, type NumericColumn } from './read-numeric-column.js';
import { mannWhitneyU, type Alternative } from '../stats/index.js';

function median(values: Float64Array): number {
  if (values.length === 0) return NaN;
  const s = Float64Array.from(values).sort();
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

function invalidText(c: NumericColumn): string {
  const parts = Object.entries(c.invalid)
    .filter(([, n]) => n > 0)
    .map(([k, n]) => `${n} ${k.replace('_', ' ')}`);
  return parts.length === 0 ? '0' : parts.join(', ');
}

/** The options of `peerscope compare`, as commander parses them. */
export interface CompareCommandOptions {
  column: string;
  log2?: boolean;
  alternative: Alternative;
  method: 'auto' | 'asymptotic' | 'exact';
  /** False with --no-continuity. */
  continuity: boolean;
  alpha: number;
  json?: boolean;
}

/** `peerscope compare X Y --column NAME`: Mann-Whitney U of one column of two files. */
export function compareCommand(): Command {
  return new Command('compare')
    .description('Mann-Whitney U test of one numeric column of two files (CSV with header, .csv.gz or Parquet)')
    .argument('<X>', 'first sample (U is its statistic)')
    .argument('<Y>', 'second sample')
    .requiredOption('--column <NAME>', 'the column to compare, in both files')
    .option('--log2', 'compare log2 of the values (0 becomes -Infinity, as numpy)')
    .addOption(
      new Option('--alternative <H1>', 'alternative hypothesis; less = X tends to be smaller')
        .choices(['two-sided', 'less', 'greater'])
        .default('two-sided'),
    )
    .addOption(
      new Option('--method <METHOD>', 'p-value method').choices(['auto', 'asymptotic', 'exact']).default('auto'),
    )
    .option('--no-continuity', 'no continuity correction in the asymptotic method')
    .option('--alpha <A>', 'significance level of the verdict', parseAlpha, 0.01)
    .option('--json', 'print the full result as JSON')
    .action(async (xFile: string, yFile: string, opts: CompareCommandOptions) => {
      const engine = await openDuckDb();
      let x: NumericColumn, y: NumericColumn;
      try {
        x = await readNumericColumn(engine, xFile, opts.column, { log2: opts.log2 });
        y = await readNumericColumn(engine, yFile, opts.column, { log2: opts.log2 });
      } finally {
        await engine.close();
      }
      if (x.values.length === 0 || y.values.length === 0)
        throw new UsageError(
          `no numeric values in column "${opts.column}" of ${x.values.length === 0 ? xFile : yFile}`,
        );
      const alternative = opts.alternative;
      const r = mannWhitneyU(x.values, y.values, { alternative, method: opts.method, continuity: opts.continuity });
      const twoSided =
        alternative === 'two-sided'
          ? r
          : mannWhitneyU(x.values, y.values, {
              alternative: 'two-sided',
              method: opts.method,
              continuity: opts.continuity,
            });
      const reject = r.p < opts.alpha;
      const direction =
        alternative === 'less'
          ? 'X tends to be smaller than Y'
          : alternative === 'greater'
            ? 'X tends to be larger than Y'
            : 'X and Y differ in location';
      if (opts.json) {
        const { examples: xe, ...xa } = x;
        const { examples: ye, ...ya } = y;
        const json = {
          column: opts.column,
          log2: Boolean(opts.log2),
          ...r,
          p_two_sided: twoSided.p,
          median_x: median(x.values),
          median_y: median(y.values),
          alpha: opts.alpha,
          reject,
          x: { file: xFile, rows: xa.rows, invalid: xa.invalid, examples: xe },
          y: { file: yFile, rows: ya.rows, invalid: ya.invalid, examples: ye },
        };
        process.stdout.write(
          JSON.stringify(json, (_, v) => (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v), 2) + '\n',
        );
        return;
      }
      const label = `${opts.column}${opts.log2 ? ' (log2)' : ''}`;
      const lines = [
        `Mann-Whitney U on ${label}: X = ${basename(xFile)}, Y = ${basename(yFile)}`,
        `n = ${r.n1} | ${r.n2}    median = ${median(x.values)} | ${median(y.values)}`,
        `cells left out = ${invalidText(x)} | ${invalidText(y)}`,
        `U = ${r.u}`,
        `p = ${r.p}    (alternative ${alternative}, ${r.method}${r.method === 'asymptotic' ? `, ${r.continuity ? 'with' : 'without'} continuity correction, z = ${r.z!.toFixed(4)}` : ''})`,
        ...(alternative === 'two-sided' ? [] : [`p two-sided = ${twoSided.p}`]),
        `effect: P(X > Y) = ${r.commonLanguageEffect.toFixed(4)}, rank-biserial = ${r.rankBiserial.toFixed(4)}`,
        `verdict at alpha ${opts.alpha}: ${reject ? `reject H0, ${direction}` : 'no evidence against H0'}`,
      ];
      for (const e of [...x.examples, ...y.examples]) lines.push(`  left out: ${e}`);
      process.stdout.write(lines.join('\n') + '\n');
    });
}

function parseAlpha(value: string): number {
  const a = Number(value);
  if (!(a > 0 && a < 1)) throw new UsageError(`--alpha must be between 0 and 1, got "${value}"`);
  return a;
}
