import { quantileSorted } from './quantile-sorted.js';

/**
 * Robust scale of a sample from its absolute deviations about the median: 1.4826·MAD (Hampel 1974;
 * consistent for the normal σ), and where the MAD is 0 because more than half the sample sits on one
 * value, 1.253314·mean absolute deviation instead (the fallback of Iglewicz & Hoaglin's modified
 * z-score, also consistent for σ). Without it a cell where most members moved 0 bytes gets the
 * scale floor, and any member that moved a little has a z of 20–50: at hourly intervals that is
 * most cells, and the z's null tail is a wall of such points.
 */

/**
 * The scale of the sample whose absolute deviations about its median are `sortedDeviations[from, to)`,
 * ascending; NaN for an empty range.
 */
export function robustScale(sortedDeviations: ArrayLike<number>, from = 0, to = sortedDeviations.length): number {
  const n = to - from;
  if (n <= 0) return NaN;
  const mad = quantileSorted(sortedDeviations, 0.5, from, to);
  if (mad > 0) return 1.4826 * mad;
  let sum = 0;
  for (let i = from; i < to; i++) sum += sortedDeviations[i]!;
  return (1.253314 * sum) / n;
}
