/**
 * The self-baseline view's p per host-interval: a host against its own past, from two series, each
 * scored by selfBaseline (self-baseline.ts) and calibrated against its population (all
 * host-intervals, or the peer group's: option nullBy), then joined by Bonferroni's bound,
 * p = min(1, m · min pᵢ) over the m parts present at the point: valid under any dependence between
 * the parts, conservative by at most the factor m = 3.
 *
 * Each part's null is fitted on the maxima of a host's runs of excesses (option decluster,
 * calibrate-tail.ts): a shifted host's week is one event of the null, not a dozen points that make
 * its tail heavy enough to explain the shift.
 *
 * The bound is the view's p as it is, not calibrated once more against the population (option
 * `recalibrate`, the previous default): a re-calibration's body is ranks, and its fitted tail is
 * fitted on the very points a long shift fills, so a shifted host's run took the p of the top rank,
 * ≈ 1/n, however far beyond the clean hosts it went (exfil seed 1: a flow-size CUSUM of 14.3 where
 * the clean maximum is 5.5 has the part p 2·10⁻⁶, the re-calibrated view 5·10⁻⁴, the bound 6·10⁻⁶;
 * docs/detection.md, "Dilution and replay's alerts"). Each part's own calibration keeps that
 * magnitude (its tail is one statistic's, screened for outliers), and the bound passes it on.
 *
 * Parts:
 * - `upload_cusum`: the winsorized CUSUM of the daily upload total against the host's own
 *   trailing median/MAD: a sustained rise of the bytes it sends, however they are sent.
 * - `size_cusum` and `size_z`: the same on the host's flow-size ratio, the mean log2 size of the
 *   flows it sent minus that of the flows it received (a per-flow producer/consumer ratio). A
 *   day's total is ruled by its few largest flows and swings several-fold for a clean host, and a
 *   busy day inflates both directions; the mean of log sizes hears every flow and the difference
 *   cancels the busy day, so a host whose uploads grow k× over its own habit shows log2 k on a
 *   scale half the total's (bench/self-baseline-signal.ts). With `sizeVariance` (1/upload flows +
 *   1/download flows) its scale follows the flow counts (self-baseline.ts, option variance): a
 *   busy host's ratio is measured to a tenth of a log2 unit, a quiet one's to a few. Its single-interval z is a part
 *   too: on this steady series one 8× day is already decisive, while a daily total's z is not
 *   (its null is full of one-day spikes, and joining it dilutes the CUSUM: docs/detection.md).
 * The upload z stays a diagnostic of the result (alert evidence), not a part.
 */
import { calibrateByGroup } from '../stats/index.js';
import { selfBaseline, type SelfBaselineOptions, type SelfBaselineResult } from './self-baseline.js';

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
  /** The ratio's relative sampling variance per point, 1/(upload flows) + 1/(download flows); absent = every point alike. */
  sizeVariance?: ArrayLike<number>;
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
  /**
   * Calibrate −ln of the Bonferroni bound once more against the population, so the view's p is
   * uniform under the null instead of conservative. Default false: it gives up magnitude (see the
   * module comment).
   */
  recalibrate?: boolean;
  /**
   * Fit each null's tail on the maxima of a host's runs of excesses (calibrate-tail.ts, option
   * clusters) instead of on every excess: a shifted host's run of intervals is one event, not a
   * dozen points that make the tail heavy enough to explain it. Default true.
   */
  decluster?: boolean;
}

export const SELF_BASELINE_EVIDENCE_DEFAULTS = {
  nullBy: 'population' as 'population' | 'group',
  recalibrate: false,
  decluster: true,
};

export const SELF_BASELINE_PARTS = ['upload_cusum', 'size_cusum', 'size_z'] as const;
export type SelfBaselinePart = (typeof SELF_BASELINE_PARTS)[number];

/** The view's p, its parts' calibrated p, and the series' scores. */
export interface SelfBaselineEvidence {
  /** The view's p per point: the Bonferroni bound (re-calibrated with option recalibrate); NaN where no part has a value. */
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
    ? selfBaseline(
        {
          host: input.host,
          interval: input.interval,
          values: input.sizeRatio,
          ...(input.sizeVariance ? { variance: input.sizeVariance } : {}),
        },
        options.size,
      )
    : null;
  const nullBy = options.nullBy ?? SELF_BASELINE_EVIDENCE_DEFAULTS.nullBy;
  const tail =
    (options.decluster ?? SELF_BASELINE_EVIDENCE_DEFAULTS.decluster)
      ? { clusters: { unit: input.host, time: input.interval } }
      : {};
  const calibrated = (values: ArrayLike<number>) =>
    calibrateByGroup(values, nullBy === 'group' ? input.group : undefined, tail).p;
  const none = () => new Float64Array(n).fill(NaN);
  const parts: Record<SelfBaselinePart, Float64Array> = {
    upload_cusum: calibrated(upload.cusum),
    size_cusum: size ? calibrated(size.cusum) : none(),
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
    (options.recalibrate ?? SELF_BASELINE_EVIDENCE_DEFAULTS.recalibrate)
      ? calibrated(Float64Array.from(bonferroni, (b) => -Math.log(b)))
      : Float64Array.from(bonferroni);
  return { p, bonferroni, parts, topPart, upload, size };
}
