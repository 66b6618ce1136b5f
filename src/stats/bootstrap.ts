/**
 * Bootstrap distribution of a statistic (B. Efron, 1979) with a percentile confidence interval.
 * Draws with replacement (the classical bootstrap) or without (the original analysis drew 1,000
 * means of 30 values without replacement: a subsampling distribution).
 */
import { createRandom } from './create-random.js';

/** Options of {@link bootstrap}. */
export interface BootstrapOptions {
  /** Number of draws. Default 1000. */
  draws?: number;
  /** Values per draw. Default: all of them (n). */
  sampleSize?: number;
  /** Draw with replacement. Default true. */
  replace?: boolean;
  /** Seed of the random stream. Default 1. */
  seed?: number;
  /** The statistic of one draw. Default: the mean. */
  statistic?: (sample: Float64Array) => number;
  /** Coverage of the percentile interval. Default 0.95. */
  confidence?: number;
}

export const BOOTSTRAP_DEFAULTS = { draws: 1000, replace: true, seed: 1, confidence: 0.95 };

/** The resampled distribution and its summary. */
export interface BootstrapResult {
  /** The statistic of each draw, in draw order. */
  estimates: Float64Array;
  /** The statistic on all the data. */
  observed: number;
  /** Mean and standard deviation of the estimates. */
  mean: number;
  sd: number;
  /** Percentile interval (linear interpolation between order statistics, as numpy's default). */
  low: number;
  high: number;
  confidence: number;
  draws: number;
  sampleSize: number;
  replace: boolean;
}

const mean = (xs: Float64Array): number => {
  let s = 0;
  for (const v of xs) s += v;
  return s / xs.length;
};

/** The q-quantile of sorted values with linear interpolation. */
function quantile(sorted: Float64Array, q: number): number {
  const pos = q * (sorted.length - 1);
  const i = Math.floor(pos);
  return i + 1 < sorted.length ? sorted[i]! + (sorted[i + 1]! - sorted[i]!) * (pos - i) : sorted[i]!;
}

/** Resamples `data` and returns the distribution of `statistic`. */
export function bootstrap(data: ArrayLike<number>, options: BootstrapOptions = {}): BootstrapResult {
  const n = data.length;
  const draws = options.draws ?? BOOTSTRAP_DEFAULTS.draws;
  const size = options.sampleSize ?? n;
  const replace = options.replace ?? BOOTSTRAP_DEFAULTS.replace;
  const confidence = options.confidence ?? BOOTSTRAP_DEFAULTS.confidence;
  const statistic = options.statistic ?? mean;
  if (n === 0) throw new RangeError('bootstrap needs at least one value');
  if (!Number.isInteger(size) || size < 1 || (!replace && size > n)) {
    throw new RangeError(`sampleSize must be an integer from 1 to ${replace ? 'any' : n}, got ${size}`);
  }
  if (!Number.isInteger(draws) || draws < 1) throw new RangeError(`draws must be a positive integer, got ${draws}`);
  const random = createRandom(options.seed ?? BOOTSTRAP_DEFAULTS.seed);
  const values = Float64Array.from(data);
  const pool = Uint32Array.from({ length: n }, (_, i) => i);
  const sample = new Float64Array(size);
  const estimates = new Float64Array(draws);
  for (let d = 0; d < draws; d++) {
    if (replace) {
      for (let i = 0; i < size; i++) sample[i] = values[Math.floor(random() * n)]!;
    } else {
      // A partial Fisher–Yates shuffle: the first `size` slots become a uniform sample.
      for (let i = 0; i < size; i++) {
        const j = i + Math.floor(random() * (n - i));
        const t = pool[i]!;
        pool[i] = pool[j]!;
        pool[j] = t;
        sample[i] = values[pool[i]!]!;
      }
    }
    estimates[d] = statistic(sample);
  }
  const sorted = Float64Array.from(estimates).sort();
  const m = mean(estimates);
  let ss = 0;
  for (const e of estimates) ss += (e - m) ** 2;
  const alpha = (1 - confidence) / 2;
  return {
    estimates,
    observed: statistic(values),
    mean: m,
    sd: draws > 1 ? Math.sqrt(ss / (draws - 1)) : 0,
    low: quantile(sorted, alpha),
    high: quantile(sorted, 1 - alpha),
    confidence,
    draws,
    sampleSize: size,
    replace,
  };
}
