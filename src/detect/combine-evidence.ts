/**
 * Evidence per host-interval from several views' p-values, combined so that one decisive view
 * carries the result and several weaker ones accumulate, instead of being averaged away as rank
 * averaging does (a decisive lateral view among three flat ones lost its hosts to them).
 *
 * The default is 'brown-min-p': Brown's scaled χ² of Fisher's statistic with the views' null
 * moments estimated from the population (brown-combination.ts, brown-moments.ts), guarded by the
 * Bonferroni-corrected smallest p. The views are dependent (self-baseline, peer deviation and the
 * density all read the upload volume; on generated data with no campaign the correlation of their
 * −2 ln p reaches 0.85), and Fisher's χ²_2k then counts one piece of evidence several times: it
 * raised 1.6–2.7× the false alerts its threshold promised (docs/detection.md). Brown's method keeps
 * Fisher's accumulation with the dependence priced in, and is valid without re-calibration, so
 * it can alert more points than the budget when there are more anomalies (an in-sample
 * re-calibration cannot: its body is ranks).
 *
 * Methods (src/stats): 'cauchy' (Liu & Xie 2020; p ≈ min pᵢ·k for one tiny p, inputs capped at
 * `truncateAbove` so that a view at p = 1 cannot veto the others), 'fisher' (−2 Σ ln pᵢ ~ χ²_2k;
 * strongest accumulation, but one tiny p is diluted by k − 1 flat ones, and anti-conservative on
 * dependent views), 'fisher-min-p' (2·min(p_Fisher, k·min pᵢ)), 'brown' and 'brown-min-p'
 * (2·min(p_Brown, k·min pᵢ)). Missing views (NaN) are left out point by point.
 *
 * `recalibrate` re-calibrates the combined −ln p against its own population over all
 * host-intervals with calibrateTail (empirical body, fitted tail): exact in-sample, but its body
 * is ranks, so no more than about budget·n points can alert whatever the number of anomalies.
 */
import { calibrateTail, type TailCalibrationOptions, type TailDiagnostics } from '../stats/calibrate-tail.js';
import { cauchyCombination } from '../stats/cauchy-combination.js';
import { fisherCombination } from '../stats/fisher-combination.js';
import { brownCombination, type BrownCombined } from '../stats/brown-combination.js';
import { brownMoments, type BrownMoments } from '../stats/brown-moments.js';
import type { CombinedPValues } from '../stats/combined-p-values.js';
import { UsageError } from '../errors.js';

/** One view: its name and its calibrated p-value at every point (NaN: the view has nothing there). */
export interface EvidenceView {
  name: string;
  p: ArrayLike<number>;
}

/** The combination methods. */
export type CombinationMethod = 'cauchy' | 'fisher' | 'fisher-min-p' | 'brown' | 'brown-min-p';

/** Every combination method, the default first. */
export const COMBINATION_METHODS: readonly CombinationMethod[] = [
  'brown-min-p',
  'brown',
  'fisher-min-p',
  'fisher',
  'cauchy',
];

/** Options of {@link combineEvidence}. */
export interface CombineEvidenceOptions {
  /** Default 'brown-min-p'. */
  method?: CombinationMethod;
  /** Brown only: how the views' correlations are estimated (brown-moments.ts). Default 'rank'. */
  correlation?: 'rank' | 'pearson';
  /** Re-calibrate the combined −ln p against its own population. Default true. */
  recalibrate?: boolean;
  /** Options of the re-calibration's tail model. */
  tail?: TailCalibrationOptions;
  /** Cauchy only: p-values above this count as this value. Default 0.5 (only evidence for an anomaly counts). */
  truncateAbove?: number;
  /** Cauchy only: view weights (normalised over the views present). Default equal. */
  weights?: number[];
  /** A view "drives" a point when its own p is at most this (the smallest-p view always does). Default 0.01. */
  driverP?: number;
}

export const COMBINE_EVIDENCE_DEFAULTS = {
  method: 'brown-min-p' as CombinationMethod,
  correlation: 'rank' as 'rank' | 'pearson',
  recalibrate: true,
  truncateAbove: 0.5,
  driverP: 0.01,
};

/** Per point (aligned with the views' columns). */
export interface CombinedEvidence {
  /** Final p (re-calibrated if asked); NaN where no view had a p-value. */
  p: Float64Array;
  /** ln of the final p, which keeps ranking where p underflows. */
  logP: Float64Array;
  /** The method's output before re-calibration. */
  combined: CombinedPValues;
  /** Index (into the views) of the view with the smallest p; −1 where none. */
  topView: Int16Array;
  /** Bit v set when view v drove the point (its p ≤ driverP, or it is the top view). */
  drivers: Uint32Array;
  diagnostics: {
    method: CombinationMethod;
    recalibrated: boolean;
    views: string[];
    /** Points where each view is missing (NaN). */
    missing: number[];
    points: number;
    /** The re-calibration's null model (null without re-calibration). */
    tail: TailDiagnostics | null;
    /**
     * The dependence of the views over these points, whatever the method: moments of −2 ln pᵥ
     * (brown-moments.ts, rank correlation), and Brown's scale c and degrees of freedom f with
     * every view present (Fisher's χ²_2k is c = 1, f = 2k).
     */
    dependence: { moments: BrownMoments; scale: number; dof: number };
    /** Share of the points with a final p at or below each level: the realised null on clean data. */
    shares: { level: number; share: number }[];
  };
}

/** Combines the views' p-values point by point; see the module comment. */
export function combineEvidence(views: EvidenceView[], options: CombineEvidenceOptions = {}): CombinedEvidence {
  const o = { ...COMBINE_EVIDENCE_DEFAULTS, ...options };
  if (views.length === 0) throw new UsageError('combineEvidence needs at least one view');
  if (views.length > 30) throw new UsageError(`combineEvidence takes at most 30 views, got ${views.length}`);
  const n = views[0]!.p.length;
  for (const v of views)
    if (v.p.length !== n) throw new RangeError(`view ${v.name} has ${v.p.length} p-values, expected ${n}`);
  const columns = views.map((v) => v.p);
  let combined: CombinedPValues;
  let brown: BrownCombined | null = null;
  if (o.method === 'brown' || o.method === 'brown-min-p')
    combined = brown = brownCombination(columns, {
      minPGuard: o.method === 'brown-min-p',
      correlation: o.correlation,
    });
  else if (o.method === 'cauchy')
    combined = cauchyCombination(columns, { truncateAbove: o.truncateAbove, weights: o.weights });
  else if (o.method === 'fisher') combined = fisherCombination(columns);
  else if (o.method === 'fisher-min-p') combined = fisherCombination(columns, { minPGuard: true });
  else throw new UsageError(`option method must be ${COMBINATION_METHODS.join(', ')}; got ${String(o.method)}`);
  if (!brown) {
    // The dependence is reported whatever the method: the moments, and Brown's c and f from a
    // combination over no points.
    const moments = brownMoments(columns, { correlation: o.correlation });
    brown = brownCombination(
      columns.map(() => []),
      { moments },
    );
  }

  const topView = new Int16Array(n).fill(-1);
  const drivers = new Uint32Array(n);
  const missing = views.map(() => 0);
  for (let i = 0; i < n; i++) {
    let best = Infinity;
    let mask = 0;
    for (let v = 0; v < views.length; v++) {
      const pv = columns[v]![i]!;
      if (Number.isNaN(pv)) {
        missing[v]!++;
        continue;
      }
      if (pv < best) {
        best = pv;
        topView[i] = v;
      }
      if (pv <= o.driverP) mask |= 1 << v;
    }
    if (topView[i]! >= 0) mask |= 1 << topView[i]!;
    drivers[i] = mask >>> 0;
  }

  let p = combined.p;
  let logP = combined.logP;
  let tail: TailDiagnostics | null = null;
  if (o.recalibrate) {
    const statistic = new Float64Array(n);
    for (let i = 0; i < n; i++) statistic[i] = -combined.logP[i]!;
    const model = calibrateTail(statistic, o.tail);
    tail = model.diagnostics;
    logP = model.logPValues(statistic, true);
    p = new Float64Array(n);
    for (let i = 0; i < n; i++) p[i] = Math.exp(logP[i]!);
  }
  return {
    p,
    logP,
    combined,
    topView,
    drivers,
    diagnostics: {
      method: o.method,
      recalibrated: o.recalibrate,
      views: views.map((v) => v.name),
      missing,
      points: n,
      tail,
      dependence: { moments: brown.moments, scale: brown.scale, dof: brown.dof },
      shares: [0.1, 0.01, 0.005, 0.001].map((level) => {
        let tested = 0;
        let hits = 0;
        for (let i = 0; i < n; i++)
          if (!Number.isNaN(p[i]!)) {
            tested++;
            if (p[i]! <= level) hits++;
          }
        return { level, share: tested > 0 ? hits / tested : NaN };
      }),
    },
  };
}
