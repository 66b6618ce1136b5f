import { Command } from 'commander';
import { UsageError } from '../errors.js';
import { openDuckDb } from '../engine/index.js';
import { readNumericColumn } from './read-numeric-column.js';
import { gaussianKde } from '../stats/index.js';

function parseBandwidth(value: string): 'scott' | 'silverman' | number {
  if (value === 'scott' || value === 'silverman') return value;
  const x = Number(value);
  if (!(x > 0) || !Number.isFinite(x))
    throw new UsageError(`--bw must be scott, silverman or a positive number, got "${value}"`);
  return x;
}

function parseAt(value: string): number[] {
  const xs = value.split(',').map((s) => Number(s.trim()));
  if (xs.length === 0 || xs.some((x) => !Number.isFinite(x)))
    throw new UsageError(`--at must be comma-separated numbers, got "${value}"`);
  return xs;
}

/** Most points --grid may ask for: a density per point is held in memory and printed. */
const MAX_GRID_POINTS = 1_000_000;

function parseGrid(value: string): { min: number; max: number; n: number } {
  const [min = NaN, max = NaN, n = NaN] = value.split(':').map(Number);
  if (!Number.isFinite(min) || !Number.isFinite(max) || !(max > min) || !Number.isInteger(n) || n < 2) {
    throw new UsageError(`--grid must be MIN:MAX:N with MIN < MAX and N ≥ 2, got "${value}"`);
  }
  if (n > MAX_GRID_POINTS) {
    throw new UsageError(`--grid asks for ${n} points; at most ${MAX_GRID_POINTS} are allowed, got "${value}"`);
  }
  return { min, max, n };
}

/** The options of `peerscope kde`, as commander parses them. */
export interface KdeCommandOptions {
  column: string;
  log2?: boolean;
  bw: 'scott' | 'silverman' | number;
  at?: number[];
  grid?: { min: number; max: number; n: number };
  json?: boolean;
}

/** `peerscope kde FILE --column NAME`: Gaussian KDE of one column, as scipy.stats.gaussian_kde. */
export function kdeCommand(): Command {
  return new Command('kde')
    .description(
      'Gaussian kernel density of one numeric column (CSV with header, .csv.gz or Parquet), as scipy.stats.gaussian_kde',
    )
    .argument('<FILE>', 'input file')
    .requiredOption('--column <NAME>', 'the column')
    .option('--log2', 'estimate the density of log2 of the values (zeros and negatives are left out)')
    .option(
      '--bw <BW>',
      'bandwidth: scott, silverman, or a number (the factor, as scipy)',
      parseBandwidth,
      'scott' as const,
    )
    .option('--at <LIST>', 'evaluate at these comma-separated points', parseAt)
    .option(
      '--grid <MIN:MAX:N>',
      'evaluate at N evenly spaced points (default: the data range ± 3 bandwidths, 100 points)',
      parseGrid,
    )
    .option('--json', 'print JSON instead of CSV')
    .action(async (file: string, opts: KdeCommandOptions) => {
      if (opts.at && opts.grid) throw new UsageError('give --at or --grid, not both');
      const engine = await openDuckDb();
      let column;
      try {
        column = await readNumericColumn(engine, file, opts.column, { log2: opts.log2 });
      } finally {
        await engine.close();
      }
      const finite = column.values.filter((v) => Number.isFinite(v));
      const dropped = column.values.length - finite.length;
      if (finite.length < 2) {
        throw new UsageError(
          `column "${opts.column}" of ${file} has ${finite.length} numeric value${finite.length === 1 ? '' : 's'}; kde needs at least 2`,
        );
      }
      if (finite.every((v) => v === finite[0])) {
        throw new UsageError(
          `column "${opts.column}" of ${file} is constant (every value is ${finite[0]}); kde needs values that differ`,
        );
      }
      const kde = gaussianKde(finite, { bandwidth: opts.bw });
      let points = opts.at;
      if (!points) {
        let lo = Infinity;
        let hi = -Infinity;
        for (const v of finite) {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
        const grid = opts.grid ?? { min: lo - 3 * kde.bandwidth, max: hi + 3 * kde.bandwidth, n: 100 };
        points = Array.from({ length: grid.n }, (_, i) => grid.min + ((grid.max - grid.min) * i) / (grid.n - 1));
      }
      const density = kde.evaluate(points);
      const left = Object.values(column.invalid).reduce((a, b) => a + b, 0) + dropped;
      if (opts.json) {
        process.stdout.write(
          JSON.stringify(
            {
              column: opts.column,
              log2: Boolean(opts.log2),
              n: kde.n,
              left_out: left,
              factor: kde.factor,
              bandwidth: kde.bandwidth,
              points,
              density: [...density],
            },
            null,
            2,
          ) + '\n',
        );
        return;
      }
      const lines = [
        `# n = ${kde.n}, left out = ${left}, factor = ${kde.factor}, kernel sd = ${kde.bandwidth}`,
        'x,density',
      ];
      points.forEach((x, i) => lines.push(`${x},${density[i]}`));
      process.stdout.write(lines.join('\n') + '\n');
    });
}
