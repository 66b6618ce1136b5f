/**
 * The self-baseline view's p per host-interval: a host against its own past, from two series, each
 * scored by selfBaseline (self-baseline.ts) and calibrated against its population (all
 * host-intervals, or the peer group's: option nullBy), then joined
 * by Bonferroni's bound, b = min(1, m · min pᵢ) over the m parts present at the point — valid under
 * any dependence between the parts, but conservative (the parts are correlated), so −ln b is
 * calibrated once more against the same population: the view's p is uniform under the null like
 * every other view's (test/detect/self-baseline.test.ts), its order is b's, and the generalized
 * Pareto tail keeps a decisive part's magnitude beyond the sample.
 *
 * Parts:
 * - `upload_cusum`: the winsorized CUSUM of the daily upload total against the host's own
 *   trailing median/MAD: a sustained rise of the bytes it sends, however they are sent.
 * - `size_cusum` and `size_z`: the same on the host's flow-size ratio, the mean log2 size of the
 *   flows it sent minus that of the flows it received (a per-flow producer/consumer ratio). A
 *   day's total is ruled by its few largest flows and swings several-fold for a clean host, and a
 *   busy day inflates both directions; the mean of log sizes hears every flow and the difference
 *   cancels the busy day, so a host whose uploads grow k× over its own habit shows log2 k on a
 *   scale half the total's (bench/self-baseline-signal.ts). Its single-interval z is a part
 *   too: on this steady series one 8× day is already decisive, while a daily total's z is not
 *   (its null is full of one-day spikes, and joining it dilutes the CUSUM: docs/detection.md).
 * The upload z stays a diagnostic of the result (alert evidence), not a part.
 */
import { calibrateByGroup, calibrateTail, cusumNull, normalQuantile, type CusumNull } from '../stats/index.js';
import { groupRows } from './group-rows.js';
import {
  BASELINE,
  SELF_BASELINE_DEFAULTS,
  selfBaseline,
  type SelfBaselineOptions,
  type SelfBaselineResult,
} from './self-baseline.js';

/** Host-intervals, aligned by index. */
export interface SelfBaselineEvidenceInput {
  host: ArrayLike<number>;
  interval: ArrayLike<number>;
  /** Peer group per point (the calibration's null with nullBy 'group'). */
  group?: ArrayLike<number>;
  /** Upload bytes per point. */
  upload: ArrayLike<number>;
  /** The upload series' fallback for a host's first intervals (peerReference of the upload), log2 units. */
  peerLocation?: ArrayLike<number>;
  peerScale?: ArrayLike<number>;
  /** Flow-size ratio per point, log2 units (mean log2 upload flow − mean log2 download flow); NaN or absent = none. */
  sizeRatio?: ArrayLike<number>;
}

/** Options of {@link selfBaselineEvidence}: the selfBaseline options of each series. */
export interface SelfBaselineEvidenceOptions {
  /** Of the upload series. Default SELF_BASELINE_DEFAULTS. */
  upload?: SelfBaselineOptions;
  /** Of the flow-size ratio. Default SELF_BASELINE_DEFAULTS. */
  size?: SelfBaselineOptions;
  /**
   * The null of each part: 'population' (all host-intervals) or 'group' (calibrateByGroup: the
   * peer group's where it has enough). Default 'population': a statistic standardised by the
   * host's own location and scale has one null for every host, and a group's few hundred points
   * fit a tail in which one shifted host's own intervals are a large share of the excesses.
   */
  nullBy?: 'population' | 'group';
  /** How a CUSUM part gets its p: 'normal-scores' or 'population' (see the module comment). Default 'normal-scores'. */
  cusumNull?: 'normal-scores' | 'population';
  /** With 'normal-scores': false joins the parts by Bonferroni alone, without calibrating the bound again. Default true. */
  recalibrateJoin?: boolean;
}

export const SELF_BASELINE_EVIDENCE_DEFAULTS = {
  nullBy: 'population' as 'population' | 'group',
  cusumNull: (process.env.SB_CHAIN ? 'normal-scores' : 'population') as 'normal-scores' | 'population',
};

/**
 * The CUSUM of normal scores of z and its p from the chain model: z is calibrated against its
 * population (own-baseline and peer-fallback points separately: they are different statistics),
 * its upper-tail p turned into q = Φ⁻¹(1 − p), and q accumulated as selfBaseline accumulates z
 * (winsorized, reference k; a peer-fallback point scores alone, one step). Under the null q is
 * standard normal whatever z's own distribution, so S has the model's null (cusum-null.ts).
 */
export function normalScoreCusum(
  r: SelfBaselineResult,
  host: ArrayLike<number>,
  interval: ArrayLike<number>,
  options: { reference: number; winsorizeAt: number },
): { cusum: Float64Array; steps: Float64Array; logP: Float64Array; model: CusumNull } {
  const n = r.z.length;
  const k = options.reference;
  const w = options.winsorizeAt;
  const q = new Float64Array(n).fill(NaN);
  for (const kind of [BASELINE.own, BASELINE.peer]) {
    const idx: number[] = [];
    for (let i = 0; i < n; i++) if (r.baseline[i] === kind && !Number.isNaN(r.z[i]!)) idx.push(i);
    if (idx.length === 0) continue;
    const zs = Float64Array.from(idx, (i) => r.z[i]!);
    const m = calibrateTail(zs);
    const half = 0.5 / zs.length;
    idx.forEach((i, j) => {
      // Mid-p in the body (an in-sample p = #{Z ≥ z}/n counts the point itself), capped below 1.
      const p = m.p(zs[j]!, true);
      const u = m.diagnostics.threshold !== null && zs[j]! > m.diagnostics.threshold ? p : Math.max(half, p - half);
      q[i] = -normalQuantile(Math.min(1 - half, u));
    });
  }
  const hosts = groupRows(host);
  const series: number[][] = [];
  // Pooled lag-1 correlation of consecutive own scores: what a host shares across its steps.
  let sxy = 0;
  let sxx = 0;
  let maxSteps = 1;
  for (let h = 0; h < hosts.groups; h++) {
    const rows: number[] = [];
    for (let j = hosts.start[h]!; j < hosts.start[h + 1]!; j++)
      if (!Number.isNaN(q[hosts.order[j]!]!)) rows.push(hosts.order[j]!);
    rows.sort((a, b) => interval[a]! - interval[b]!);
    series.push(rows);
    let prev = NaN;
    let t = 0;
    for (const i of rows) {
      if (r.baseline[i] !== BASELINE.own) continue;
      const v = Math.min(q[i]!, w);
      t++;
      if (!Number.isNaN(prev)) {
        sxy += prev * v;
        sxx += 0.5 * (prev * prev + v * v);
      }
      prev = v;
    }
    maxSteps = Math.max(maxSteps, t);
  }
  const rho = sxx > 0 ? Math.min(0.5, Math.max(0, sxy / sxx)) : 0;
  const model = cusumNull({ reference: k, winsorizeAt: w, maxSteps: Math.min(64, maxSteps), sharedCorrelation: rho });
  const cusum = new Float64Array(n).fill(NaN);
  const steps = new Float64Array(n).fill(NaN);
  const logP = new Float64Array(n).fill(NaN);
  for (const rows of series) {
    let run = 0;
    let t = 0;
    for (const i of rows) {
      const inc = Math.min(q[i]!, w) - k;
      if (r.baseline[i] === BASELINE.peer) {
        cusum[i] = Math.max(0, inc);
        steps[i] = 1;
      } else {
        run = Math.max(0, run + inc);
        t++;
        cusum[i] = run;
        steps[i] = t;
      }
      logP[i] = model.logSf(cusum[i]!, steps[i]!);
    }
  }
  return { cusum, steps, logP, model };
}

export const SELF_BASELINE_PARTS = ['upload_cusum', 'size_cusum', 'size_z'] as const;
export type SelfBaselinePart = (typeof SELF_BASELINE_PARTS)[number];

/** The view's p, its parts' calibrated p, and the series' scores. */
export interface SelfBaselineEvidence {
  /** The view's p per point: −ln bonferroni calibrated against the population; NaN where no part has a value. */
  p: Float64Array;
  /** min(1, m · min pᵢ) over the m parts present (conservative); NaN where none. */
  bonferroni: Float64Array;
  /** Calibrated p of each part per point (NaN where it has none). */
  parts: Record<SelfBaselinePart, Float64Array>;
  /** Index into SELF_BASELINE_PARTS of the smallest part per point, −1 without any. */
  topPart: Int8Array;
  /** selfBaseline of the upload bytes and of the flow-size ratio (null without one). */
  upload: SelfBaselineResult;
  size: SelfBaselineResult | null;
}

/** Scores, calibrates and joins the self-baseline parts; see the module comment. */
export function selfBaselineEvidence(
  input: SelfBaselineEvidenceInput,
  options: SelfBaselineEvidenceOptions = {},
): SelfBaselineEvidence {
  const n = input.upload.length;
  const upload = selfBaseline(
    {
      host: input.host,
      interval: input.interval,
      bytes: input.upload,
      ...(input.peerLocation ? { peerLocation: input.peerLocation } : {}),
      ...(input.peerScale ? { peerScale: input.peerScale } : {}),
    },
    options.upload,
  );
  const size = input.sizeRatio
    ? selfBaseline({ host: input.host, interval: input.interval, values: input.sizeRatio }, options.size)
    : null;
  const nullBy = options.nullBy ?? SELF_BASELINE_EVIDENCE_DEFAULTS.nullBy;
  const calibrated = (values: ArrayLike<number>) =>
    calibrateByGroup(values, nullBy === 'group' ? input.group : undefined).p;
  const none = () => new Float64Array(n).fill(NaN);
  const chain = (options.cusumNull ?? SELF_BASELINE_EVIDENCE_DEFAULTS.cusumNull) === 'normal-scores';
  const cusumP = (r: SelfBaselineResult, o: SelfBaselineOptions | undefined) => {
    if (!chain) return calibrated(r.cusum);
    const c = normalScoreCusum(r, input.host, input.interval, {
      reference: o?.reference ?? SELF_BASELINE_DEFAULTS.reference,
      winsorizeAt: o?.winsorizeAt ?? SELF_BASELINE_DEFAULTS.winsorizeAt,
    });
    if (process.env.SB_DEBUG) console.error('cusum null', JSON.stringify(c.model.diagnostics));
    return Float64Array.from(c.logP, Math.exp);
  };
  const parts: Record<SelfBaselinePart, Float64Array> = {
    upload_cusum: cusumP(upload, options.upload),
    size_cusum: size ? cusumP(size, options.size) : none(),
    size_z: size ? calibrated(size.z) : none(),
  };
  const bonferroni = new Float64Array(n).fill(NaN);
  const topPart = new Int8Array(n).fill(-1);
  for (let i = 0; i < n; i++) {
    let m = 0;
    let best = Infinity;
    SELF_BASELINE_PARTS.forEach((name, k) => {
      const v = parts[name][i]!;
      if (Number.isNaN(v)) return;
      m++;
      if (v < best) {
        best = v;
        topPart[i] = k;
      }
    });
    if (m > 0) bonferroni[i] = Math.min(1, m * best);
  }
  const p =
    chain && (options.recalibrateJoin === false || !!process.env.SB_NORECAL)
      ? Float64Array.from(bonferroni)
      : calibrated(Float64Array.from(bonferroni, (b) => -Math.log(b)));
  return { p, bonferroni, parts, topPart, upload, size };
}
