/**
 * Mann-Whitney U test (H. B. Mann & D. R. Whitney, 1947) with the semantics of
 * `scipy.stats.mannwhitneyu` (SciPy ≥ 1.10): U is the statistic of the first sample, ranks are
 * averaged over ties, the asymptotic p-value uses the tie-corrected normal approximation with an
 * optional continuity correction, and the exact p-value the exact null distribution of U
 * (the Gaussian-binomial generating function, as in Andrews & Harding / SciPy's `_mwu_state`).
 */
import { normalSf } from './normal-sf.js';

/** Which difference the test looks for; `less` means x tends to be smaller than y. */
export type Alternative = 'two-sided' | 'less' | 'greater';

/** Options of {@link mannWhitneyU}. */
export interface MannWhitneyOptions {
  /** Alternative hypothesis. Default 'two-sided'. */
  alternative?: Alternative;
  /** 'auto' (exact when either sample has ≤ 8 values and there are no ties, as SciPy), 'asymptotic' or 'exact'. Default 'auto'. */
  method?: 'auto' | 'asymptotic' | 'exact';
  /** Continuity correction (−0.5 on U − mean) in the asymptotic method. Default true. */
  continuity?: boolean;
}

export const MANN_WHITNEY_DEFAULTS = {
  alternative: 'two-sided' as Alternative,
  method: 'auto' as const,
  continuity: true,
};

/** The test's result, with its diagnostics. */
export interface MannWhitneyResult {
  /** U of the first sample: pairs (x, y) with x > y, ties counting ½. */
  u: number;
  /** U of the second sample, n1·n2 − u. */
  u2: number;
  p: number;
  /** The standardised statistic (asymptotic method only). */
  z: number | null;
  method: 'asymptotic' | 'exact';
  alternative: Alternative;
  continuity: boolean;
  n1: number;
  n2: number;
  meanRankX: number;
  meanRankY: number;
  /** Σ (t³ − t) over groups of tied values. */
  tieCorrection: number;
  /** u / (n1·n2): the probability that a value of x exceeds one of y (ties ½). */
  commonLanguageEffect: number;
  /** 2·u/(n1·n2) − 1, in [−1, 1]; positive when x tends to be larger. */
  rankBiserial: number;
}

/** Mann-Whitney U test of x against y; NaN in either sample gives NaN (SciPy's default policy). */
export function mannWhitneyU(
  x: ArrayLike<number>,
  y: ArrayLike<number>,
  options: MannWhitneyOptions = {},
): MannWhitneyResult {
  const alternative = options.alternative ?? MANN_WHITNEY_DEFAULTS.alternative;
  const continuity = options.continuity ?? MANN_WHITNEY_DEFAULTS.continuity;
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`mannWhitneyU needs two non-empty samples, got sizes ${n1} and ${n2}`);
  const n = n1 + n2;
  const values = new Float64Array(n);
  for (let i = 0; i < n1; i++) values[i] = x[i]!;
  for (let i = 0; i < n2; i++) values[n1 + i] = y[i]!;
  const hasNaN = values.some((v) => Number.isNaN(v));
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a]! - values[b]! || 0);

  let rankSumX = 0;
  let tieCorrection = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && values[order[j]!] === values[order[i]!]) j++;
    const t = j - i;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) if (order[k]! < n1) rankSumX += rank;
    if (t > 1) tieCorrection += t * t * t - t;
    i = j;
  }
  const u = rankSumX - (n1 * (n1 + 1)) / 2;
  const u2 = n1 * n2 - u;
  const method =
    options.method === 'exact' || options.method === 'asymptotic'
      ? options.method
      : n1 > 8 && n2 > 8
        ? 'asymptotic'
        : tieCorrection > 0
          ? 'asymptotic'
          : 'exact';
  const [stat, factor] = alternative === 'greater' ? [u, 1] : alternative === 'less' ? [u2, 1] : [Math.max(u, u2), 2];

  let p: number;
  let z: number | null = null;
  if (method === 'exact') {
    // SciPy truncates a tied, half-integer U to an integer here.
    p = exactSf(Math.trunc(stat), Math.min(n1, n2), Math.max(n1, n2));
  } else {
    const sd = Math.sqrt(((n1 * n2) / 12) * (n + 1 - tieCorrection / (n * (n - 1))));
    z = (stat - (n1 * n2) / 2 - (continuity ? 0.5 : 0)) / sd;
    p = normalSf(z);
  }
  p = Math.min(1, Math.max(0, p * factor));
  const meanRankX = rankSumX / n1;
  const meanRankY = ((n * (n + 1)) / 2 - rankSumX) / n2;
  const cles = u / (n1 * n2);
  const result: MannWhitneyResult = {
    u,
    u2,
    p,
    z,
    method,
    alternative,
    continuity,
    n1,
    n2,
    meanRankX,
    meanRankY,
    tieCorrection,
    commonLanguageEffect: cles,
    rankBiserial: 2 * cles - 1,
  };
  return hasNaN
    ? {
        ...result,
        u: NaN,
        u2: NaN,
        p: NaN,
        z: NaN,
        meanRankX: NaN,
        meanRankY: NaN,
        commonLanguageEffect: NaN,
        rankBiserial: NaN,
      }
    : result;
}

/**
 * P(U ≥ k) under the null for samples of sizes m ≤ n: the number of arrangements giving each U is
 * a coefficient of the Gaussian binomial [m+n choose m]_q = Π_{i=1..m} (1 − q^{n+i}) / (1 − q^i).
 */
function exactSf(k: number, m: number, n: number): number {
  const max = m * n;
  if (k <= 0) return 1;
  if (k > max) return 0;
  let c = new Float64Array(max + 1);
  c[0] = 1;
  let degree = 0;
  for (let i = 1; i <= m; i++) {
    const next = new Float64Array(max + 1);
    const shift = n + i;
    // Multiply by (1 − q^{n+i}), then divide by (1 − q^i): a running sum with stride i.
    for (let d = 0; d <= degree; d++) {
      next[d]! += c[d]!;
      if (d + shift <= max) next[d + shift]! -= c[d]!;
    }
    degree = Math.min(max, degree + n);
    for (let d = i; d <= degree; d++) next[d]! += next[d - i]!;
    c = next;
  }
  let total = 0;
  let tail = 0;
  for (let d = 0; d <= max; d++) {
    total += c[d]!;
    if (d >= k) tail += c[d]!;
  }
  return tail / total;
}
