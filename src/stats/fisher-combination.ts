/**
 * Fisher's combination of p-values (R. A. Fisher, Statistical Methods for Research Workers, 1932):
 * X = −2 Σ ln pᵢ is χ² with 2k degrees of freedom when the k p-values are independent and uniform,
 * so p = P(χ²_2k > X) in closed form (chi-square-log-sf.ts). It accumulates several moderate
 * p-values strongly, and a p of 1 adds nothing (no veto); but one tiny p among k views is diluted
 * by k − 1 unremarkable ones. The optional min-p guard takes p = 2·min(p_Fisher, k·min pᵢ): the
 * Bonferroni bound on the smallest p (L. H. C. Tippett's statistic, valid under any dependence)
 * rescues a single decisive view, and the factor 2 is the Bonferroni price of using two tests,
 * so the result stays a valid p-value when the views are independent.
 */
import { chiSquareLogSfEven } from './chi-square-log-sf.js';
import type { CombinedPValues } from './combined-p-values.js';

/** Options of {@link fisherCombination}. */
export interface FisherCombinationOptions {
  /** Guard with the Bonferroni-corrected smallest p: p = min(1, 2·min(p_Fisher, k·min pᵢ)) for k ≥ 2. Default false. */
  minPGuard?: boolean;
}

export const FISHER_COMBINATION_DEFAULTS = { minPGuard: false };

/** Combines, per point i, the p-values columns[v][i] of the views v (NaN = missing view). */
export function fisherCombination(
  columns: ArrayLike<number>[],
  options: FisherCombinationOptions = {},
): CombinedPValues {
  const guard = options.minPGuard ?? FISHER_COMBINATION_DEFAULTS.minPGuard;
  const m = columns.length;
  const n = m > 0 ? columns[0]!.length : 0;
  for (const c of columns)
    if (c.length !== n) throw new RangeError(`view columns differ in length: ${c.length} vs ${n}`);
  const p = new Float64Array(n);
  const logP = new Float64Array(n);
  const statistic = new Float64Array(n);
  const views = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    let k = 0;
    let minP = Infinity;
    for (let v = 0; v < m; v++) {
      const pv = columns[v]![i]!;
      if (Number.isNaN(pv)) continue;
      k++;
      const q = Math.min(1, Math.max(0, pv));
      x -= 2 * Math.log(q);
      if (q < minP) minP = q;
    }
    views[i] = k;
    if (k === 0) {
      p[i] = logP[i] = statistic[i] = NaN;
      continue;
    }
    statistic[i] = x;
    let lp = chiSquareLogSfEven(x, 2 * k);
    if (guard && k >= 2) lp = Math.min(0, Math.LN2 + Math.min(lp, Math.log(k) + Math.log(minP)));
    logP[i] = lp;
    p[i] = Math.exp(lp);
  }
  return { p, logP, statistic, views };
}
