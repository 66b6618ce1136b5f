/**
 * The mean and variance of ln(s²) where s = 1.4826 · MAD of n independent standard normal values
 * (the normal-consistent median absolute deviation from the median): what a robust scale of n
 * values looks like on the log scale when the truth is σ = 1. A MAD of a few values is biased low
 * on that scale (n = 3: mean ≈ −1.7, i.e. s ≈ 0.42 σ geometrically) and very noisy (variance ≈ 5.6,
 * against 0.2 for n = 40), which is what an empirical-Bayes moderation of such scales must know.
 *
 * No closed form exists for the MAD's small-sample distribution, so n ≤ 32 come from a table
 * simulated once (simulateMadLogMoments, 200,000 samples each: standard error of the variance
 * ≈ 0.4 %; test/stats/mad-log-moments.test.ts checks it against a fresh simulation); beyond, the asymptotic
 * Var(MAD)/σ² ≈ 1.36/n (Hampel et al., "Robust Statistics", 1986) gives var ≈ 5.44/n, and the
 * simulated bias beyond 32 is ≈ −3.1/n.
 */
import { createRandom } from './create-random.js';

const SIMULATED_UP_TO = 32;

/** {mean, variance} of ln((1.4826 · MAD)²) for n ≥ 2 standard normal values. */
export function madLogMoments(n: number): { mean: number; variance: number } {
  if (!Number.isInteger(n) || n < 2) throw new RangeError(`madLogMoments needs an integer n ≥ 2, got ${n}`);
  if (n > SIMULATED_UP_TO) return { mean: -3.1 / n, variance: 5.44 / n };
  return { mean: TABLE[2 * (n - 2)]!, variance: TABLE[2 * (n - 2) + 1]! };
}

/**
 * The same moments by simulation: `samples` sets of n seeded standard normals (Box–Muller over
 * createRandom). TABLE below is this with 200,000 samples and seed 20261203, n = 2 … 32.
 */
export function simulateMadLogMoments(n: number, samples: number, seed: number): { mean: number; variance: number } {
  const random = createRandom(seed, n);
  const normal = (): number => {
    // 1 − u keeps the logarithm finite.
    const u = 1 - random();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
  };
  const x = new Float64Array(n);
  let sum = 0;
  let sumSq = 0;
  for (let r = 0; r < samples; r++) {
    for (let i = 0; i < n; i++) x[i] = normal();
    x.sort();
    const med = median(x);
    for (let i = 0; i < n; i++) x[i] = Math.abs(x[i]! - med);
    x.sort();
    const s = 1.4826 * median(x);
    const v = Math.log(Math.max(s * s, Number.MIN_VALUE));
    sum += v;
    sumSq += v * v;
  }
  const mean = sum / samples;
  return { mean, variance: (sumSq - samples * mean * mean) / (samples - 1) };
}

function median(sorted: Float64Array): number {
  const h = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[h]! : (sorted[h - 1]! + sorted[h]!) / 2;
}

/** mean, variance for n = 2, 3, …, 32 (simulateMadLogMoments(n, 200000, 20261203)). */
const TABLE = new Float64Array([
  -1.17271,
  4.95388, // n = 2
  -1.72923,
  5.53101, // n = 3
  -1.00607,
  1.92681, // n = 4
  -0.79655,
  1.98018, // n = 5
  -0.59796,
  1.15958, // n = 6
  -0.51492,
  1.17691, // n = 7
  -0.42769,
  0.82275, // n = 8
  -0.38139,
  0.8326, // n = 9
  -0.33124,
  0.63835, // n = 10
  -0.3043,
  0.63888, // n = 11
  -0.26851,
  0.51739, // n = 12
  -0.24862,
  0.51872, // n = 13
  -0.22829,
  0.43632, // n = 14
  -0.21231,
  0.43601, // n = 15
  -0.19644,
  0.37531, // n = 16
  -0.18671,
  0.37779, // n = 17
  -0.17481,
  0.33117, // n = 18
  -0.16313,
  0.32995, // n = 19
  -0.15459,
  0.29454, // n = 20
  -0.14744,
  0.29614, // n = 21
  -0.1401,
  0.26623, // n = 22
  -0.13514,
  0.26659, // n = 23
  -0.12797,
  0.24266, // n = 24
  -0.12191,
  0.23951, // n = 25
  -0.11748,
  0.22236, // n = 26
  -0.11369,
  0.22293, // n = 27
  -0.10927,
  0.20586, // n = 28
  -0.10669,
  0.20618, // n = 29
  -0.10078,
  0.19181, // n = 30
  -0.0957,
  0.19144, // n = 31
  -0.09417,
  0.17915, // n = 32
]);
