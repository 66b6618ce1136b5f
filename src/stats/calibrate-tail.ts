/**
 * Calibrated upper-tail probabilities p(x) = P(S ≥ x) of a statistic S against a sample of its null
 * (in peerscope: the statistic over every host-interval, or a peer group's when it has enough).
 *
 * Body: the empirical tail. A new observation gets (1 + #{S ≥ x})/(n + 1), the permutation p-value,
 * which is exactly super-uniform when x is exchangeable with the sample; a member of the sample
 * (in-sample scoring) gets the same formula with itself left out, which reduces to #{S ≥ x}/n. Ties
 * share one p and a point mass at the bottom (say 90 % zeros) gets p = 1 there: no evidence.
 *
 * Tail: peaks over threshold. By the Pickands–Balkema–de Haan theorem (A. A. Balkema and L. de Haan,
 * Ann. Probab. 2, 1974; J. Pickands, Ann. Statist. 3, 1975) the excesses S − u over a high threshold
 * u of almost every continuous distribution are close to a generalized Pareto distribution
 * GPD(ξ, σ), so beyond u the sample's tail share is carried on by the fitted GPD:
 * p(x) = p(u⁺)·(1 + ξ(x − u)/σ)^(−1/ξ). A value far beyond anything seen thus gets a p far below
 * 1/n, in proportion to how far beyond it is, instead of tying with the largest sample value.
 *
 * Why the GPD and not the exponential alone: statistics built from bytes and counts keep heavy
 * tails (ξ ≈ 0.2–1) even after a log, and the exponential (ξ = 0) would understate p there by orders
 * of magnitude: false alerts. Why ξ is clamped at 0: a negative ξ̂ puts an upper endpoint on S, past
 * which p = 0 and all larger values tie; it comes from light tails (the normal's excesses converge to
 * ξ = 0 from below) or from noise, and the exponential overstates p there, which is the safe
 * direction for alerting. The fit is Zhang & Stephens' estimator (see fit-generalized-pareto.ts),
 * iteration-free.
 *
 * Contamination: the null is estimated from a population that contains the anomalies being looked
 * for, and a plain fit lets a few of them fatten the tail and so hide themselves and their like. So
 * the tail is fitted twice: first with the largest half of the excesses right-censored (their sizes
 * cannot matter), which finds the excesses that fit deems impossible under the null (survival below
 * 0.1/k: a tenth of a point expected on clean data); then without those, with the largest 1 % of
 * the rest censored. Every point, outliers included, is scored against the second fit. Censoring
 * bounds the influence of the sizes of the largest excesses, not of their number: when anomalies
 * are a large share of the excesses (a third, say: 15 victims among 50 excesses), the first fit
 * already explains them by a heavy tail, and their p stays near rank/n instead of far below it.
 *
 * Serial dependence (option `clusters`): the sample's points come in units observed over time (a
 * host's intervals), and one unit's excesses come in runs: a host whose behaviour shifts for a week
 * puts a dozen points into the tail, and a few such hosts make it look heavy enough to explain
 * themselves (their p stays near rank/n however far they go). Extreme-value practice for dependent
 * series fits the tail on cluster maxima (runs declustering: S. Coles, "An Introduction to
 * Statistical Modeling of Extreme Values", Springer 2001, §5.3): the excesses of one unit less than
 * `runGap` apart are one cluster, each cluster's largest excess enters the fit (and the outlier
 * screen), while the rate p(u⁺) still counts every excess. The fit then sees one event per run, as
 * many as the independent excesses the null really has, and the screen can leave a few shifted
 * hosts out. A cluster's maximum is stochastically larger than one of its excesses, so the fitted
 * tail is, if anything, the heavier one for a single point.
 *
 * Small samples: with fewer than `minGpdExceedances` excesses (or clusters) the shape is too
 * uncertain (its standard error ≈ (1 + ξ)/√k) and the one-parameter exponential is fitted (σ = mean
 * excess, its maximum-likelihood estimate, censored alike), used through its predictive law: with σ̂
 * the mean of m excesses, a new excess over σ̂ is F(2, 2m)-distributed, so P(Y > y) =
 * (1 + y/(m σ̂))^(−m) (a GPD of shape 1/m) rather than the plug-in e^(−y/σ̂), which understates p by
 * orders of magnitude far beyond a sample of a few dozen. Below `minSample` finite values nothing is fitted: p
 * is the empirical one alone and nothing beyond the sample maximum gets below 1/(n + 1).
 */
import { fitGeneralizedPareto } from './fit-generalized-pareto.js';

/** Options of {@link calibrateTail}. */
export interface TailCalibrationOptions {
  /**
   * Share of the sample above the tail threshold u, counted among the values above the sample
   * minimum (so a point mass at the bottom, such as 97 % zeros, does not pull u into it). Default 0.05.
   */
  tailFraction?: number;
  /** Fewest excesses wanted: a small sample lowers u to keep this many, but never below the median (of the values above the minimum). Default 50. */
  minExceedances?: number;
  /** Excesses needed to fit the two-parameter GPD; with fewer (and at least 2) the exponential. Default 50. */
  minGpdExceedances?: number;
  /** Smallest sample (finite values) with a fitted tail. Default 20. */
  minSample?: number;
  /** 'gpd' (shape clamped to ≥ 0), 'exponential', or 'none' (empirical only). Default 'gpd'. */
  tail?: 'gpd' | 'exponential' | 'none';
  /** Smallest share of the largest excesses right-censored in the final fit (at least one when > 0). Default 0.01. */
  censoredFraction?: number;
  /** Share of the largest excesses censored in the robust first fit. Default 0.5. */
  initialCensoredFraction?: number;
  /** Excesses whose first-fit survival is below outlierLevel/k are left out of the final fit. Default 0.1. */
  outlierLevel?: number;
  /** More excesses than this are thinned to evenly spaced order statistics for the fit. Default 10,000. */
  maxFitExcesses?: number;
  /**
   * The sample's serial dependence, aligned with it: a unit (e.g. host id) and a time (e.g.
   * interval index) per value. Excesses of one unit less than `runGap` apart form one cluster, and
   * only each cluster's largest enters the tail fit (runs declustering; see the module comment).
   * Absent: every excess is its own cluster.
   */
  clusters?: { unit: ArrayLike<number>; time: ArrayLike<number> };
  /** Largest time step within one cluster (with clusters). Default 2: a single interval below u does not end a run. */
  runGap?: number;
  /** An exponential tail is used through its predictive law (see the module comment), not the plug-in e^(−y/σ̂). Default true. */
  predictive?: boolean;
}

export const TAIL_CALIBRATION_DEFAULTS = {
  tailFraction: 0.05,
  minExceedances: 50,
  minGpdExceedances: 50,
  minSample: 20,
  censoredFraction: 0.01,
  initialCensoredFraction: 0.5,
  outlierLevel: 0.1,
  maxFitExcesses: 10_000,
  runGap: 2,
  predictive: true,
  tail: 'gpd' as 'gpd' | 'exponential' | 'none',
};

/** How the null was modelled. */
export interface TailDiagnostics {
  /** Finite sample values used. */
  n: number;
  /** NaN and ±Infinity values left out of the sample. */
  dropped: number;
  /** Tail threshold u, or null when no tail was fitted. */
  threshold: number | null;
  /** Sample values strictly above u. */
  exceedances: number;
  /** Clusters those form (option clusters; = exceedances without it): the tail is fitted on their maxima. */
  clusters: number;
  /** Of those, the largest ones the first, robust fit found impossible under the null and the final fit left out. */
  outliers: number;
  /** Of the rest, the largest ones right-censored in the final fit. */
  censored: number;
  /** The model beyond u actually used. */
  tail: 'gpd' | 'exponential' | 'none';
  /** Shape ξ and scale σ used beyond u (NaN without a tail; the exponential's predictive law has ξ = 1/m, m its uncensored excesses, 0 with option predictive false). */
  shape: number;
  scale: number;
  /** The shape the GPD fit gave before clamping at 0 (null when no GPD was fitted). */
  fittedShape: number | null;
  /** Smallest and largest sample values (NaN for an empty sample). */
  min: number;
  max: number;
  /** The most repeated value and its share of the sample (a point mass such as "no bytes"). */
  mode: number;
  modeShare: number;
  /** Why the tail is what it is, for the report. */
  note: string;
}

/** p-values against one null sample. */
export interface TailModel {
  /**
   * P(S ≥ x). `member`: x is itself one of the sample values (in-sample scoring, leave-one-out),
   * else a new observation. NaN gives NaN.
   */
  p(x: number, member?: boolean): number;
  /** ln P(S ≥ x), finite where p itself underflows to 0 far out in the fitted tail. */
  logP(x: number, member?: boolean): number;
  /** {@link TailModel.p} of each value. */
  pValues(xs: ArrayLike<number>, member?: boolean): Float64Array;
  /** {@link TailModel.logP} of each value. */
  logPValues(xs: ArrayLike<number>, member?: boolean): Float64Array;
  diagnostics: TailDiagnostics;
}

/** First index i with sorted[i] ≥ x (sorted.length if none). */
function lowerBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** ln of the GPD survival P(Y > y), shape ≥ 0. */
function gpdLogSf(y: number, shape: number, scale: number): number {
  if (y <= 0) return 0;
  if (shape < 1e-12) return -y / scale;
  return -Math.log1p((shape * y) / scale) / shape;
}

/**
 * The tail model beyond u from the excesses y (ascending) with the top `censored` right-censored;
 * more than `maxFit` excesses are thinned to `maxFit` evenly spaced order statistics (censoring
 * scaled alike), which keeps their distribution and costs nothing that matters at that size.
 */
function fitTail(
  all: Float64Array,
  allCensored: number,
  useGpd: boolean,
  maxFit: number,
  predictive: boolean,
): { tail: 'gpd' | 'exponential'; shape: number; scale: number; fittedShape: number | null } {
  let y = all;
  let censored = allCensored;
  if (all.length > maxFit) {
    y = new Float64Array(maxFit);
    for (let i = 0; i < maxFit; i++) y[i] = all[Math.floor(((i + 0.5) * all.length) / maxFit)]!;
    censored = Math.min(maxFit - 2, Math.round((allCensored * maxFit) / all.length));
  }
  const k = y.length;
  const c = y[k - censored - 1]!;
  let sum = 0;
  for (let i = 0; i < k - censored; i++) sum += y[i]!;
  // The exponential's MLE with the same censoring: total excess (censored ones counted to c) per uncensored excess.
  const exponentialScale = (sum + censored * c) / (k - censored);
  // The exponential's predictive law: a GPD of shape 1/m (module comment).
  const shape = predictive ? 1 / (k - censored) : 0;
  if (!useGpd) return { tail: 'exponential', shape, scale: exponentialScale, fittedShape: null };
  const fit = fitGeneralizedPareto(y, { censorTop: censored });
  if (fit.shape > 0 && Number.isFinite(fit.scale) && fit.scale > 0)
    return { tail: 'gpd', shape: fit.shape, scale: fit.scale, fittedShape: fit.shape };
  return { tail: 'exponential', shape, scale: exponentialScale, fittedShape: fit.shape };
}

/** Fits the null of a statistic from its sample; see the module comment for the model. */
export function calibrateTail(sample: ArrayLike<number>, options: TailCalibrationOptions = {}): TailModel {
  const o = { ...TAIL_CALIBRATION_DEFAULTS, ...options };
  if (!(o.tailFraction > 0 && o.tailFraction < 1))
    throw new RangeError(`option tailFraction must lie in (0, 1), got ${o.tailFraction}`);
  const finite = new Float64Array(sample.length);
  let n = 0;
  for (let i = 0; i < sample.length; i++) {
    const v = sample[i]!;
    if (Number.isFinite(v)) finite[n++] = v;
  }
  const sorted = finite.subarray(0, n).sort();
  const dropped = sample.length - n;

  let mode = NaN;
  let modeShare = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && sorted[j] === sorted[i]) j++;
    if (j - i > modeShare * n) {
      modeShare = (j - i) / n;
      mode = sorted[i]!;
    }
    i = j;
  }

  let threshold: number | null = null;
  let exceedances = 0;
  let clusterCount = 0;
  let tail: TailDiagnostics['tail'] = 'none';
  let shape = NaN;
  let scale = NaN;
  let fittedShape: number | null = null;
  let censoredExcesses = 0;
  let outlierCount = 0;
  let note: string;
  if (o.tail === 'none') note = 'empirical only (option tail = none)';
  else if (n < o.minSample) note = `empirical only: ${n} finite values, fewer than minSample = ${o.minSample}`;
  else {
    // The tail is a share of the values above the sample minimum's ties: with 97 % zeros ("no new
    // service") the 95th percentile would be 0 and the "excesses" the whole continuous part, whose
    // body is no tail; POT needs u high within the continuous part.
    const above = n - upperBound(sorted, sorted[0]!);
    const target = Math.min(Math.floor(above / 2), Math.max(Math.ceil(o.tailFraction * above), o.minExceedances));
    const u = sorted[n - target - 1]!;
    const k = n - upperBound(sorted, u);
    // The threshold stays where the excesses put it: lowering it until the clusters alone number
    // minExceedances fits the bulk of a discrete statistic (lateral's rarities) as its tail.
    const y = k < 2 ? null : o.clusters ? clusterMaxima(sample, o.clusters, u, o.runGap) : sorted.slice(n - k);
    if (y !== null && !o.clusters) for (let i = 0; i < k; i++) y[i]! -= u;
    if (y === null) note = `empirical only: ${k} value(s) above the threshold ${u} (ties at the top)`;
    else if (y.length < 2) note = `empirical only: ${k} values above the threshold ${u} form one cluster`;
    else {
      const fitted = y.length;
      const useGpd = o.tail === 'gpd' && fitted >= o.minGpdExceedances;
      const minimum = o.censoredFraction > 0 ? Math.max(1, Math.round(o.censoredFraction * fitted)) : 0;
      // Stage 1, robust: half of the excesses censored, so the largest half's sizes cannot fatten the
      // tail. Its outliers are the excesses it gives a survival below outlierLevel/k: under a clean,
      // well-fitted null that many (0.1) points are expected there. Stage 2 fits the tail without
      // them (they are scored against it like everyone else), at least `censoredFraction` censored.
      const initial = fitTail(
        y,
        Math.min(fitted - 2, Math.max(minimum, Math.ceil(o.initialCensoredFraction * fitted))),
        useGpd,
        o.maxFitExcesses,
        o.predictive,
      );
      let outliers = 0;
      const limit = Math.log(o.outlierLevel / fitted);
      while (outliers < fitted - 2 && gpdLogSf(y[fitted - 1 - outliers]!, initial.shape, initial.scale) < limit)
        outliers++;
      const clean = y.subarray(0, fitted - outliers);
      const censored = Math.min(clean.length - 2, minimum);
      const fit = fitTail(
        clean,
        censored,
        useGpd && clean.length >= o.minGpdExceedances,
        o.maxFitExcesses,
        o.predictive,
      );
      outlierCount = outliers;
      threshold = u;
      exceedances = k;
      clusterCount = fitted;
      censoredExcesses = censored;
      tail = fit.tail;
      shape = fit.shape;
      scale = fit.scale;
      fittedShape = fit.fittedShape;
      const kept = `${k} excesses${o.clusters ? ` in ${fitted} clusters` : ''}, ${outliers} left out as outliers, top ${censored} censored`;
      if (fit.tail === 'gpd') note = `GPD beyond u = ${u} (${kept})`;
      else if (useGpd) note = `exponential beyond u = ${u}: fitted shape ${fit.fittedShape} clamped to 0 (${kept})`;
      else if (o.tail === 'gpd')
        note = `exponential beyond u = ${u}: ${k} excesses, fewer than minGpdExceedances = ${o.minGpdExceedances}`;
      else note = `exponential beyond u = ${u}`;
    }
  }

  const diagnostics: TailDiagnostics = {
    n,
    dropped,
    threshold,
    exceedances,
    clusters: clusterCount,
    censored: censoredExcesses,
    outliers: outlierCount,
    tail,
    shape,
    scale,
    fittedShape,
    min: n > 0 ? sorted[0]! : NaN,
    max: n > 0 ? sorted[n - 1]! : NaN,
    mode,
    modeShare,
    note,
  };
  const u = threshold ?? Infinity;
  const logP = (x: number, member = false): number => {
    if (Number.isNaN(x)) return NaN;
    if (n === 0) return 0;
    if (x > u) {
      const base = member ? exceedances / n : (exceedances + 1) / (n + 1);
      return Math.log(base) + gpdLogSf(x - u, shape, scale);
    }
    const count = n - lowerBound(sorted, x);
    return Math.log(member ? Math.max(1, count) / n : (1 + count) / (n + 1));
  };
  const p = (x: number, member = false): number => {
    if (Number.isNaN(x)) return NaN;
    if (n === 0) return 1;
    if (x > u) {
      const base = member ? exceedances / n : (exceedances + 1) / (n + 1);
      return base * Math.exp(gpdLogSf(x - u, shape, scale));
    }
    const count = n - lowerBound(sorted, x);
    return member ? Math.max(1, count) / n : (1 + count) / (n + 1);
  };
  return {
    p,
    logP,
    pValues(xs: ArrayLike<number>, member = false): Float64Array {
      const out = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = p(xs[i]!, member);
      return out;
    },
    logPValues(xs: ArrayLike<number>, member = false): Float64Array {
      const out = new Float64Array(xs.length);
      for (let i = 0; i < xs.length; i++) out[i] = logP(xs[i]!, member);
      return out;
    },
    diagnostics,
  };
}

/**
 * Runs declustering: the excesses over u of each unit, in time order, split where two are more than
 * `gap` apart; the largest excess of each cluster, ascending.
 */
function clusterMaxima(
  sample: ArrayLike<number>,
  clusters: { unit: ArrayLike<number>; time: ArrayLike<number> },
  u: number,
  gap: number,
): Float64Array {
  const { unit, time } = clusters;
  if (unit.length !== sample.length || time.length !== sample.length)
    throw new RangeError(`clusters.unit and .time need one entry per sample value (${sample.length})`);
  const at: number[] = [];
  for (let i = 0; i < sample.length; i++) if (sample[i]! > u && Number.isFinite(sample[i]!)) at.push(i);
  at.sort((a, b) => unit[a]! - unit[b]! || time[a]! - time[b]!);
  const maxima: number[] = [];
  for (let j = 0; j < at.length; j++) {
    const i = at[j]!;
    const prev = j > 0 ? at[j - 1]! : -1;
    const joins = prev >= 0 && unit[prev] === unit[i] && time[i]! - time[prev]! <= gap;
    const excess = sample[i]! - u;
    if (joins) maxima[maxima.length - 1] = Math.max(maxima[maxima.length - 1]!, excess);
    else maxima.push(excess);
  }
  return Float64Array.from(maxima).sort();
}

/** First index i with sorted[i] > x (sorted.length if none). */
function upperBound(sorted: Float64Array, x: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! <= x) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
