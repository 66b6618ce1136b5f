/**
 * Quantiles of an ascending array by linear interpolation between order statistics (Hyndman & Fan
 * type 7, numpy's and R's default), so hand computations and SciPy agree with it; the median is the
 * 0.5 quantile (the mean of the two middle values for an even count).
 */

/** The q-quantile (0 ≤ q ≤ 1) of `sorted[from, to)`, which must be ascending; NaN when the range is empty. */
export function quantileSorted(sorted: ArrayLike<number>, q: number, from = 0, to = sorted.length): number {
  const n = to - from;
  if (n <= 0 || !(q >= 0 && q <= 1)) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const a = sorted[from + lo]!;
  if (lo + 1 >= n) return a;
  const b = sorted[from + lo + 1]!;
  return a + (h - lo) * (b - a);
}
