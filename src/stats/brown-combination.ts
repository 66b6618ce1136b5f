/**
 * Brown's method for combining dependent p-values (M. B. Brown, Biometrics 31, 1975; the scaled
 * χ² of Kost & McDermott, Stat. Probab. Lett. 60, 2002, with the covariances estimated from the
 * data as in Poole et al., Bioinformatics 32, 2016): Fisher's statistic X = −2 Σ ln pᵥ, whose
 * χ²_2k null needs independent views, is matched instead to c·χ²_f with the mean E and variance
 * Var of X under the views' actual null: E = Σ E[Yᵥ], Var = Σᵤ Σᵥ Cov(Yᵤ, Yᵥ) (Yᵥ = −2 ln pᵥ, moments
 * from brown-moments.ts), c = Var/(2E), f = 2E²/Var, p = P(χ²_f > X/c). Positively dependent views
 * (peer deviation, density and own baseline all read the upload) give c > 1 and f < 2k: their
 * agreement counts once, not three times, which is what makes Fisher anti-conservative on them.
 * A point with only some views present uses the moments of those.
 *
 * The optional min-p guard is as in fisher-combination.ts: p = 2·min(p_Brown, k·min pᵥ), so a
 * single decisive view, which the scaled χ² still dilutes (a p of 10⁻¹⁰ among six flat views gives
 * p_Brown ≈ 10⁻⁵), carries the point; both terms are valid under any dependence of the views and
 * the factor 2 is the Bonferroni price of taking the better of two tests.
 */
import { brownMoments, type BrownMoments, type BrownMomentsOptions } from './brown-moments.js';
import { chiSquareLogSf } from './chi-square-log-sf.js';
import type { CombinedPValues } from './combined-p-values.js';

/** Options of {@link brownCombination}. */
export interface BrownCombinationOptions extends BrownMomentsOptions {
  /** Guard with the Bonferroni-corrected smallest p: p = min(1, 2·min(p_Brown, k·min pᵥ)) for k ≥ 2. Default false. */
  minPGuard?: boolean;
  /** The null moments; default: estimated from the columns themselves (brownMoments). */
  moments?: BrownMoments;
}

export const BROWN_COMBINATION_DEFAULTS = { minPGuard: false };

/** Brown's p-values with the null they were computed against. */
export interface BrownCombined extends CombinedPValues {
  moments: BrownMoments;
  /** Scale c and degrees of freedom f where every view is present (NaN if the moments are degenerate). */
  scale: number;
  dof: number;
}

/** c and f for the views in `mask`; Fisher's (1, 2k) when the moments are degenerate (no variance). */
function scaleAndDof(m: BrownMoments, mask: number, k: number): { c: number; f: number } {
  let e = 0;
  let variance = 0;
  let count = 0;
  for (let u = 0; u < k; u++) {
    if (!((mask >>> u) & 1)) continue;
    count++;
    e += m.mean[u]!;
    for (let v = 0; v < k; v++) if ((mask >>> v) & 1) variance += m.covariance[u * k + v]!;
  }
  if (!(variance > 0) || !(e > 0)) return { c: 1, f: 2 * count };
  return { c: variance / (2 * e), f: (2 * e * e) / variance };
}

/** Combines, per point i, the p-values columns[v][i] of the views v (NaN = missing view). */
export function brownCombination(columns: ArrayLike<number>[], options: BrownCombinationOptions = {}): BrownCombined {
  const guard = options.minPGuard ?? BROWN_COMBINATION_DEFAULTS.minPGuard;
  const k = columns.length;
  if (k > 30) throw new RangeError(`brownCombination takes at most 30 views (a bit mask each), got ${k}`);
  const n = k > 0 ? columns[0]!.length : 0;
  for (const c of columns)
    if (c.length !== n) throw new RangeError(`view columns differ in length: ${c.length} vs ${n}`);
  const moments = options.moments ?? brownMoments(columns, options);
  if (moments.mean.length !== k) throw new RangeError(`moments are for ${moments.mean.length} views, got ${k} columns`);
  const cache = new Map<number, { c: number; f: number }>();
  const p = new Float64Array(n);
  const logP = new Float64Array(n);
  const statistic = new Float64Array(n);
  const views = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    let x = 0;
    let count = 0;
    let mask = 0;
    let minP = Infinity;
    for (let v = 0; v < k; v++) {
      const pv = columns[v]![i]!;
      if (Number.isNaN(pv)) continue;
      count++;
      mask |= 1 << v;
      const q = Math.min(1, Math.max(0, pv));
      x -= 2 * Math.log(q);
      if (q < minP) minP = q;
    }
    views[i] = count;
    if (count === 0) {
      p[i] = logP[i] = statistic[i] = NaN;
      continue;
    }
    let cf = cache.get(mask);
    if (!cf) cache.set(mask, (cf = scaleAndDof(moments, mask, k)));
    statistic[i] = x;
    let lp = chiSquareLogSf(x / cf.c, cf.f);
    if (guard && count >= 2) lp = Math.min(0, Math.LN2 + Math.min(lp, Math.log(count) + Math.log(minP)));
    logP[i] = lp;
    p[i] = Math.exp(lp);
  }
  const all = scaleAndDof(moments, 2 ** k - 1, k);
  return { p, logP, statistic, views, moments, scale: all.c, dof: all.f };
}
