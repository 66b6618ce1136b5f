/**
 * Cauchy combination of p-values (Y. Liu and J. Xie, "Cauchy combination test: a powerful test with
 * analytic p-value calculation under arbitrary dependency structures", JASA 115, 2020):
 * T = Σ wᵢ tan((½ − pᵢ)π) with Σ wᵢ = 1, and p = ½ − arctan(T)/π. Each tan((½ − pᵢ)π) is standard
 * Cauchy under the null; a weighted mean of standard Cauchy variables is again standard Cauchy when
 * they are independent, and its tail stays so under arbitrary dependence, which is why a single very
 * small pᵢ carries the result (T ≈ wᵢ/(πpᵢ), so p ≈ pᵢ/wᵢ: like Bonferroni) and several moderate
 * ones add up.
 *
 * Numerically, tan((½ − p)π) = 1/tan(πp) for p ≤ ½ (and −1/tan(π(1 − p)) above), and for T > 0
 * p = arctan(1/T)/π, which keep full precision for p near 0 where ½ − p and ½ − arctan(T)/π would
 * cancel. A p of exactly 1 maps to −∞ and would veto every other view, so `truncateAbove` caps the
 * inputs (a cap changes the null; recalibrate the result, see combine-evidence.ts). A p of 0 gives 0.
 */
import type { CombinedPValues } from './combined-p-values.js';

/** Options of {@link cauchyCombination}. */
export interface CauchyCombinationOptions {
  /** Weight of each view (column); normalised over the views present at each point. Default: equal. */
  weights?: ArrayLike<number>;
  /** p-values above this count as this value. Default 1 (no cap). */
  truncateAbove?: number;
}

export const CAUCHY_COMBINATION_DEFAULTS = { truncateAbove: 1 };

/** tan((½ − p)π) without cancellation near p = 0 or 1. */
function cauchyTransform(p: number): number {
  return p <= 0.5 ? 1 / Math.tan(Math.PI * p) : -1 / Math.tan(Math.PI * (1 - p));
}

/** Combines, per point i, the p-values columns[v][i] of the views v. */
export function cauchyCombination(
  columns: ArrayLike<number>[],
  options: CauchyCombinationOptions = {},
): CombinedPValues {
  const cap = options.truncateAbove ?? CAUCHY_COMBINATION_DEFAULTS.truncateAbove;
  const m = columns.length;
  const n = m > 0 ? columns[0]!.length : 0;
  for (const c of columns)
    if (c.length !== n) throw new RangeError(`view columns differ in length: ${c.length} vs ${n}`);
  const weights = Float64Array.from({ length: m }, (_, v) => (options.weights ? options.weights[v]! : 1));
  for (const w of weights)
    if (!(w >= 0) || !Number.isFinite(w)) throw new RangeError(`weights must be finite and ≥ 0, got ${w}`);
  const p = new Float64Array(n);
  const logP = new Float64Array(n);
  const statistic = new Float64Array(n);
  const views = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let wSum = 0;
    let t = 0;
    let count = 0;
    let zero = false;
    for (let v = 0; v < m; v++) {
      const pv = columns[v]![i]!;
      if (Number.isNaN(pv)) continue;
      count++;
      const w = weights[v]!;
      if (w === 0) continue;
      wSum += w;
      if (pv <= 0) zero = true;
      else t += w * cauchyTransform(Math.min(cap, pv));
    }
    views[i] = count;
    if (count === 0 || wSum === 0) {
      p[i] = logP[i] = statistic[i] = NaN;
      continue;
    }
    if (zero) {
      statistic[i] = Infinity;
      p[i] = 0;
      logP[i] = -Infinity;
      continue;
    }
    t /= wSum;
    statistic[i] = t;
    if (t > 0) {
      const a = Math.atan(1 / t);
      p[i] = a / Math.PI;
      logP[i] = Math.log(a) - Math.log(Math.PI);
    } else if (t < 0) {
      // 1 − p = arctan(1/|T|)/π, so that ln p = ln(1 − (1 − p)) keeps its precision near p = 1.
      const q = Math.atan(-1 / t) / Math.PI;
      p[i] = 1 - q;
      logP[i] = Math.log1p(-q);
    } else {
      p[i] = 0.5;
      logP[i] = -Math.LN2;
    }
  }
  return { p, logP, statistic, views };
}
