/**
 * Self-baseline view: each host-interval against the host's OWN history before it, so a host that
 * moves eight times its usual volume is seen even when that stays inside its peer group's range
 * (desks differ by orders of magnitude in how much they move; a group comparison cannot see a
 * light host doubling).
 *
 * x = log2(1 + bytes). The baseline of interval t is the median and max(scaleFloor, 1.4826·MAD)
 * (Hampel's robust location and scale) of the host's last `window` observed intervals before t, and
 * z = (x − median)/scale: the statistic for a spike. A single interval's z misses a sustained modest
 * shift (2–3×, i.e. 1–1.6 log2 units, is z ≈ 2–3 at the floor scale), so z is accumulated by Page's
 * one-sided CUSUM (E. S. Page, "Continuous inspection schemes", Biometrika 41, 1954):
 * S_t = max(0, S_{t−1} + min(z_t, winsorizeAt) − k) with reference value k, optionally restarting
 * from 0 once S reaches `resetAbove` (Page's decision interval h): the statistic for a shift.
 * Winsorizing z before it accumulates (D. M. Hawkins, "Robustification of cumulative sum charts by
 * winsorization", J. Quality Technology 25, 1993) keeps one spike from holding S high for many
 * intervals after it; a spike is z's to report. Without it, such decaying spikes dominate the null
 * tail of S, and a sustained doubling is lost in it.
 *
 * The window is 14 by default, not 7: the median absorbs a sustained shift once half the window
 * holds it, so a window of W leaves ⌈W/2⌉ intervals for S to accumulate before the shift becomes the
 * new normal; and a MAD of 14 values is a steadier scale than of 7, which lightens the null tail of
 * z and S. On a heterogeneous null population (test/detect/null-population.ts) a sustained doubling
 * of a steady host reached the per-interval alert threshold 0.005 in 3 of 20 runs with W = 7 and
 * no winsorizing, in 20 of 20 with W = 14 and winsorizing at 3 (node --import tsx
 * bench/self-baseline-power.ts).
 *
 * A baseline that keeps learning absorbs a sustained shift: once half the window holds it, the
 * median is the new level and S decays. `freezeAbove` holds an interval out of the history while S
 * is above it (once the host has `freezeHistory` intervals; a history of 3 has a MAD that can be
 * far too small by chance, and freezing would lock that in), until `maxFrozen` consecutive ones
 * make the shift the new normal. It is off by default: on the 14-day generated campaigns it gained
 * nothing (the host score is its strongest interval, reached before the median moves), and on a
 * null population a frozen short baseline lets stationary hosts run away, which thickens the null
 * tail (docs/detection.md). Longer spans may want it.
 *
 * The scale is moderated (option `moderate`): a MAD of the 3–14 intervals a history holds is biased
 * low and very noisy on the log scale (stats/mad-log-moments.ts: at 3 values, geometrically 0.42σ
 * with a log-variance of 5.6), so a host's early z's and every host's chance low scales make a heavy
 * null tail, which the population calibration then charges to every host: a genuine shift of a
 * host with a long history gets the p of a chance excursion of one with a short history. As in
 * Smyth's moderated t-statistic (G. K. Smyth, "Linear models and empirical Bayes methods for
 * assessing differential expression in microarray experiments", Stat. Appl. Genet. Mol. Biol. 3,
 * 2004), but on ln s² of a MAD: each host's whole-series ln s², corrected by its expected bias,
 * estimates the population's center c and true spread τ² (the robust variance across hosts minus
 * the mean sampling variance), and each point's ln s² is the precision-weighted mean
 * w · (ln s²_own − bias(n)) + (1 − w) · c, w = τ² / (τ² + var(n)), n its history's length. Hosts whose
 * scales genuinely differ (large τ²) keep theirs once their history is long; a short history
 * borrows the population's. With fewer than 10 hosts of 7 or more points there is nothing to
 * estimate c and τ² from, and the host's own MAD is used as it is. The moderated ln s² moves at most
 * 3 standard errors of the host's own (limited translation, after B. Efron and C. Morris, "Limiting
 * the risk of Bayes and empirical Bayes estimators—Part II", JASA 67, 1972): where the prior says
 * every host is alike (τ² ≈ 0), a host whose history is grossly tighter than the population's (one
 * flow of a fixed size a day) keeps a scale near its own instead of the population's.
 *
 * Sampling variance (option `variance`): a value that is a mean over a varying number of flows (the
 * flow-size ratio, a difference of two means) is noisier on a day with few flows and for a host
 * with few flows, and hosts' scales then differ by their flow counts far more than by habit. With
 * each point's relative variance v (1/n₁ + 1/n₂), a history's scale is measured per unit of its
 * median v (and moderated on that scale, where the flow counts no longer spread the hosts), and a
 * point noisier than its history's median gets a scale √(v/median) times wider; one quieter does
 * not get a narrower one.
 *
 * The series is log2(1 + bytes), or `values` given in log2 units (e.g. a log size ratio; NaN =
 * unobserved). z and S are calibrated against their population by the view
 * (self-baseline-evidence.ts).
 *
 * Missing intervals (no row: the host sent no flows) are not zeros: an idle host is unobserved, and
 * counting idle nights or weekends as log2(1) = 0 would drag the baseline down and make every busy
 * interval look like an upward shift. So the history is the last `window` intervals the host was
 * seen in, however far back, a missing interval gets no score, and the CUSUM carries over it
 * unchanged. A row with 0 bytes is an observation (x = 0) and counts.
 *
 * With fewer than `minHistory` own intervals the point falls back to the supplied peer reference
 * (peer-reference.ts: its group's median and scale in the same interval) as z = (x − peer
 * location)/peer scale with the one-interval CUSUM max(0, min(z, winsorizeAt) − k), which does not carry into the
 * host's own run: a heavy host in a light group should not start its own history with an alarm
 * already accumulated. Without a reference such points get NaN (no evidence).
 */
import { InputError, UsageError } from '../errors.js';
import { quantileSorted } from '../stats/quantile-sorted.js';
import { madLogMoments } from '../stats/mad-log-moments.js';
import { groupRows, type GroupedRows } from './group-rows.js';

/** Host-interval points, aligned by index, in any order. */
export interface SelfBaselineInput {
  /** Host id (integer). */
  host: ArrayLike<number>;
  /** Interval index (integer, e.g. ⌊time / interval seconds⌋). */
  interval: ArrayLike<number>;
  /** Bytes in the interval (upload, or whichever series is scored); x = log2(1 + bytes). */
  bytes?: ArrayLike<number>;
  /**
   * The series already in log2 units instead of bytes (e.g. a log size ratio); NaN marks an
   * unobserved point (no score, not in the history, the CUSUM carries over it).
   */
  values?: ArrayLike<number>;
  /**
   * Relative sampling variance of each point's value, e.g. 1/n₁ + 1/n₂ for a difference of two
   * means of n₁ and n₂ flows (see the module comment); absent = every point alike.
   */
  variance?: ArrayLike<number>;
  /** Fallback reference per point, log2 units (e.g. peerReference().location and .scale); NaN = none. */
  peerLocation?: ArrayLike<number>;
  peerScale?: ArrayLike<number>;
}

/** Options of {@link selfBaseline}. */
export interface SelfBaselineOptions {
  /** Observed intervals of own history in the baseline. Default 14. */
  window?: number;
  /** Own intervals needed before the own baseline is used. Default 3. */
  minHistory?: number;
  /** Smallest baseline scale, log2 units (0.5 = a factor √2). Default 0.5. */
  scaleFloor?: number;
  /** Moderate each scale toward the population's (empirical Bayes, see the module comment). Default true. */
  moderate?: boolean;
  /** CUSUM reference value k, in z units (optimal for a shift of 2k scales). Default 0.5. */
  reference?: number;
  /** Restart the CUSUM at 0 after it reaches this value (Page's decision interval h). Default Infinity (never). */
  resetAbove?: number;
  /** z is capped at this value before it enters the CUSUM (Hawkins' winsorized CUSUM). Default 3. */
  winsorizeAt?: number;
  /**
   * An interval after which the CUSUM exceeds this (z units) is held out of the host's history: a
   * baseline that learns from an out-of-control stretch absorbs the shift it should measure.
   * Default 4; Infinity = every interval enters.
   */
  freezeAbove?: number;
  /**
   * Own intervals the history needs before any is held out: a baseline of a few intervals has a
   * MAD that can be far too small by chance, and freezing it would lock that in. Default 7.
   */
  freezeHistory?: number;
  /** After this many consecutive held-out intervals they enter the history (the new normal) and the CUSUM restarts. Default 14. */
  maxFrozen?: number;
}

export const SELF_BASELINE_DEFAULTS = {
  window: 14,
  minHistory: 3,
  scaleFloor: 0.5,
  moderate: true,
  reference: 0.5,
  winsorizeAt: 3,
  resetAbove: Infinity,
  freezeAbove: Infinity,
  freezeHistory: 7,
  maxFrozen: 14,
};

/** Which baseline scored a point. */
export const BASELINE = { none: 0, own: 1, peer: 2 } as const;

/** Per point (aligned with the input) and overall. */
export interface SelfBaselineResult {
  /** Standardised excess (x − location)/scale; NaN without a baseline. */
  z: Float64Array;
  /** The CUSUM S (the view's statistic); NaN without a baseline. */
  cusum: Float64Array;
  /** BASELINE.own, .peer or .none. */
  baseline: Uint8Array;
  /** The baseline's median and scale, log2 units (NaN without one). */
  location: Float64Array;
  scale: Float64Array;
  /** Own intervals in the baseline window (0 … window). */
  history: Uint8Array;
  diagnostics: {
    points: number;
    hosts: number;
    own: number;
    peer: number;
    none: number;
    /** CUSUM restarts after reaching resetAbove. */
    resets: number;
    /** Intervals held out of their host's history (CUSUM above freezeAbove). */
    frozen: number;
    /** Held-out stretches adopted as a new normal after maxFrozen intervals. */
    adopted: number;
    window: number;
    minHistory: number;
    scaleFloor: number;
    /** The moderation's population estimate (null when off or without enough hosts): hosts used, exp(c/2) in log2 units, τ². */
    moderation: ScalePrior | null;
    reference: number;
    winsorizeAt: number;
    resetAbove: number;
    freezeAbove: number;
    freezeHistory: number;
    maxFrozen: number;
  };
}

/** Sorts a[0, n) ascending in place: windows are at most 255 values, where this beats a typed sort and its views. */
function insertionSort(a: Float64Array, n: number): void {
  for (let i = 1; i < n; i++) {
    const v = a[i]!;
    let j = i - 1;
    while (j >= 0 && a[j]! > v) {
      a[j + 1] = a[j]!;
      j--;
    }
    a[j + 1] = v;
  }
}

/** The population's scale distribution on the log scale, for the moderation. */
export interface ScalePrior {
  /** Hosts it was estimated from. */
  hosts: number;
  /** exp(c/2): the typical scale, in the series' units. */
  scale: number;
  /** c: the center of the hosts' bias-corrected ln s². */
  center: number;
  /** τ²: the variance of the hosts' true ln σ² (0 = one scale for every host). */
  spread: number;
}

/** Hosts need this many observed points for their whole-series scale to enter the prior. */
const PRIOR_POINTS = 7;
/** ...and the prior needs this many such hosts. */
const PRIOR_HOSTS = 10;

/**
 * c and τ² from every host's whole-series MAD scale (see the module comment), each relative to the
 * median of its points' sampling variance when `rel` is given; null without enough hosts.
 */
function scalePrior(xs: Float64Array, hosts: GroupedRows, rel: ArrayLike<number> | undefined): ScalePrior | null {
  const corrected: number[] = [];
  let sampling = 0;
  const values: number[] = [];
  const variances: number[] = [];
  for (let h = 0; h < hosts.groups; h++) {
    values.length = 0;
    variances.length = 0;
    for (let j = hosts.start[h]!; j < hosts.start[h + 1]!; j++) {
      const x = xs[hosts.order[j]!]!;
      if (Number.isNaN(x)) continue;
      values.push(x);
      if (rel) variances.push(rel[hosts.order[j]!]!);
    }
    if (values.length < PRIOR_POINTS) continue;
    const s = robustScaleOf(Float64Array.from(values));
    if (!(s > 0)) continue;
    const m = madLogMoments(values.length);
    const unit = rel ? quantileSorted(Float64Array.from(variances).sort(), 0.5) : 1;
    corrected.push(Math.log((s * s) / unit) - m.mean);
    sampling += m.variance;
  }
  if (corrected.length < PRIOR_HOSTS) return null;
  const e = Float64Array.from(corrected);
  const center = quantileSorted(e.slice().sort(), 0.5);
  const spread = Math.max(0, robustScaleOf(e) ** 2 - sampling / corrected.length);
  return { hosts: corrected.length, scale: Math.exp(center / 2), center, spread };
}

/** 1.4826 × the MAD of the values (sorts a copy). */
function robustScaleOf(values: Float64Array): number {
  const sorted = values.slice().sort();
  const med = quantileSorted(sorted, 0.5);
  return 1.4826 * quantileSorted(sorted.map((x) => Math.abs(x - med)).sort(), 0.5);
}

/**
 * A history's MAD scale of n values moderated toward the prior: the precision-weighted mean on the
 * log scale, moved no further from the history's own (bias-corrected) ln s² than
 * `LIMITED_TRANSLATION` of its standard errors (Efron & Morris's limited translation): where the
 * prior says every host is alike (τ² ≈ 0) a host whose own history is far tighter or wider keeps
 * most of what it shows, instead of all of them taking the population's scale.
 */
function moderated(prior: ScalePrior, mad: number, n: number): number {
  if (!(mad > 0) || n < 2) return prior.scale;
  const m = madLogMoments(n);
  const own = Math.log(mad * mad) - m.mean;
  const w = prior.spread / (prior.spread + m.variance);
  const pooled = w * own + (1 - w) * prior.center;
  const limit = LIMITED_TRANSLATION * Math.sqrt(m.variance);
  return Math.exp(Math.min(own + limit, Math.max(own - limit, pooled)) / 2);
}

/** How far moderation may move a history's ln s², in its standard errors (Efron & Morris, JASA 67, 1972). */
const LIMITED_TRANSLATION = 3;

/** Scores every host-interval against the host's own trailing history; see the module comment. */
export function selfBaseline(input: SelfBaselineInput, options: SelfBaselineOptions = {}): SelfBaselineResult {
  const o = { ...SELF_BASELINE_DEFAULTS, ...options };
  if (!Number.isInteger(o.window) || o.window < 1 || o.window > 255)
    throw new UsageError(`option window must be an integer in 1 … 255, got ${o.window}`);
  if (!Number.isInteger(o.minHistory) || o.minHistory < 1 || o.minHistory > o.window)
    throw new UsageError(`option minHistory must be an integer in 1 … window (${o.window}), got ${o.minHistory}`);
  if (!(o.scaleFloor > 0)) throw new UsageError(`option scaleFloor must be > 0, got ${o.scaleFloor}`);
  if (!(o.reference >= 0)) throw new UsageError(`option reference must be ≥ 0, got ${o.reference}`);
  if (!(o.freezeAbove >= 0)) throw new UsageError(`option freezeAbove must be ≥ 0, got ${o.freezeAbove}`);
  if (!Number.isInteger(o.maxFrozen) || o.maxFrozen < 1)
    throw new UsageError(`option maxFrozen must be an integer ≥ 1, got ${o.maxFrozen}`);
  if (!(o.winsorizeAt > o.reference))
    throw new UsageError(`option winsorizeAt must exceed reference (${o.reference}), got ${o.winsorizeAt}`);
  const series = input.values ?? input.bytes;
  if (!series || (input.values && input.bytes)) throw new UsageError('give either bytes or values, not both');
  const n = series.length;
  if (input.host.length !== n || input.interval.length !== n)
    throw new RangeError(
      `host, interval and ${input.values ? 'values' : 'bytes'} differ in length (${input.host.length}, ${input.interval.length}, ${n})`,
    );
  const xs = input.values
    ? Float64Array.from(input.values)
    : Float64Array.from(input.bytes!, (b) => Math.log2(1 + Math.max(0, b)));
  const peerLocation = input.peerLocation;
  const peerScale = input.peerScale;
  if ((peerLocation && peerLocation.length !== n) || (peerScale && peerScale.length !== n))
    throw new RangeError('peerLocation and peerScale must have one entry per point');

  const z = new Float64Array(n).fill(NaN);
  const cusum = new Float64Array(n).fill(NaN);
  const baseline = new Uint8Array(n);
  const location = new Float64Array(n).fill(NaN);
  const scale = new Float64Array(n).fill(NaN);
  const history = new Uint8Array(n);
  const window = new Float64Array(o.window);
  const deviations = new Float64Array(o.window);
  const hosts = groupRows(input.host);
  const rel = input.variance;
  if (rel) {
    if (rel.length !== n) throw new RangeError(`variance has ${rel.length} entries for ${n} points`);
    for (let i = 0; i < n; i++)
      if (!Number.isNaN(xs[i]!) && !(rel[i]! > 0 && Number.isFinite(rel[i]!)))
        throw new RangeError(`variance must be positive and finite where a point has a value, got ${rel[i]} at ${i}`);
  }
  const prior = o.moderate ? scalePrior(xs, hosts, rel) : null;
  const windowVariance = new Float64Array(o.window);
  const rows: number[] = [];
  // The admitted history (x values, oldest first), their sampling variances, and the intervals held
  // out of it since the CUSUM rose above freezeAbove.
  const admitted: number[] = [];
  const admittedVariance: number[] = [];
  const held: number[] = [];
  const heldVariance: number[] = [];
  let frozen = 0;
  let adopted = 0;
  let own = 0;
  let peer = 0;
  let resets = 0;
  for (let h = 0; h < hosts.groups; h++) {
    rows.length = 0;
    for (let j = hosts.start[h]!; j < hosts.start[h + 1]!; j++)
      if (!Number.isNaN(xs[hosts.order[j]!]!)) rows.push(hosts.order[j]!);
    let sorted = true;
    for (let j = 1; j < rows.length; j++) if (input.interval[rows[j]!]! < input.interval[rows[j - 1]!]!) sorted = false;
    if (!sorted) rows.sort((a, b) => input.interval[a]! - input.interval[b]!);
    let run = 0;
    admitted.length = 0;
    admittedVariance.length = 0;
    held.length = 0;
    heldVariance.length = 0;
    for (let t = 0; t < rows.length; t++) {
      const i = rows[t]!;
      if (t > 0 && input.interval[i] === input.interval[rows[t - 1]!])
        throw new InputError(`host ${input.host[i]} has two points at interval ${input.interval[i]}`);
      const x = xs[i]!;
      const v = rel ? rel[i]! : 1;
      const seen = Math.min(admitted.length, o.window);
      history[i] = seen;
      if (seen >= o.minHistory) {
        for (let j = 0; j < seen; j++) window[j] = admitted[admitted.length - seen + j]!;
        insertionSort(window, seen);
        const med = quantileSorted(window, 0.5, 0, seen);
        for (let j = 0; j < seen; j++) deviations[j] = Math.abs(window[j]! - med);
        insertionSort(deviations, seen);
        const mad = 1.4826 * quantileSorted(deviations, 0.5, 0, seen);
        // With sampling variances the history's scale is per unit of its median variance, and a
        // point noisier than that (a quiet day of a busy host) gets a proportionally wider one.
        let unit = 1;
        if (rel) {
          for (let j = 0; j < seen; j++) windowVariance[j] = admittedVariance[admittedVariance.length - seen + j]!;
          insertionSort(windowVariance, seen);
          unit = quantileSorted(windowVariance, 0.5, 0, seen);
        }
        const root = Math.sqrt(unit);
        const historyScale = prior ? root * moderated(prior, mad / root, seen) : mad;
        const s = Math.max(o.scaleFloor, historyScale * Math.sqrt(Math.max(1, v / unit)));
        const zi = (x - med) / s;
        run = Math.max(0, run + Math.min(zi, o.winsorizeAt) - o.reference);
        z[i] = zi;
        cusum[i] = run;
        location[i] = med;
        scale[i] = s;
        baseline[i] = BASELINE.own;
        own++;
        if (run > o.freezeAbove && seen >= o.freezeHistory) {
          held.push(x);
          heldVariance.push(v);
          frozen++;
          if (held.length >= o.maxFrozen) {
            // Held out this long, the level is the host's new normal: learn it, restart the chart.
            for (let j = 0; j < held.length; j++) {
              admitted.push(held[j]!);
              admittedVariance.push(heldVariance[j]!);
            }
            held.length = 0;
            heldVariance.length = 0;
            run = 0;
            adopted++;
          }
        } else {
          admitted.push(x);
          admittedVariance.push(v);
          held.length = 0;
          heldVariance.length = 0;
        }
        if (run >= o.resetAbove) {
          run = 0;
          resets++;
        }
        continue;
      }
      admitted.push(x);
      admittedVariance.push(v);
      const loc = peerLocation ? peerLocation[i]! : NaN;
      const sc = peerScale ? peerScale[i]! : NaN;
      if (Number.isFinite(loc) && sc > 0) {
        const zi = (x - loc) / sc;
        z[i] = zi;
        cusum[i] = Math.max(0, Math.min(zi, o.winsorizeAt) - o.reference);
        location[i] = loc;
        scale[i] = sc;
        baseline[i] = BASELINE.peer;
        peer++;
      }
    }
  }
  return {
    z,
    cusum,
    baseline,
    location,
    scale,
    history,
    diagnostics: {
      points: n,
      hosts: hosts.groups,
      own,
      peer,
      none: n - own - peer,
      resets,
      frozen,
      adopted,
      window: o.window,
      minHistory: o.minHistory,
      scaleFloor: o.scaleFloor,
      moderation: prior,
      reference: o.reference,
      winsorizeAt: o.winsorizeAt,
      resetAbove: o.resetAbove,
      freezeAbove: o.freezeAbove,
      freezeHistory: o.freezeHistory,
      maxFrozen: o.maxFrozen,
    },
  };
}
