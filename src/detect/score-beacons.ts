/**
 * Beaconing view: per (host, remote host, remote port) over the whole span, how regular the
 * connections are, the signature of malware calling home on a timer. RITA (Active
 * Countermeasures' Real Intelligence Threat Analytics) popularised scoring a pair from robust
 * statistics of its inter-arrival times and sizes; this is a scale-free variant written from that
 * idea:
 *
 * - timing: the gaps between consecutive connections, with quartiles Q1 ≤ Q2 ≤ Q3 and MAD about
 *   the median Q2. A timer gives gaps tightly and symmetrically spread around its period:
 *   dispersion MAD/Q2 and asymmetry |Q1 + Q3 − 2Q2|/Q2 (Bowley's skewness numerator, measured against
 *   the median rather than the IQR so that integer-second timestamps on a tight beacon cannot
 *   blow it up) are both near 0, while Poisson arrivals give ≈ 0.69 and ≈ 0.41. timing =
 *   max(0, 1 − (dispersion + asymmetry)/maxDispersion); a median gap below the timestamp resolution
 *   (bursts) is not a beacon (0). Everything is relative to the median gap, so a 10 s and a 1 h
 *   period score alike and no absolute cut-off (RITA's 30 s) is needed.
 * - sizes: the same regularity of the bytes per connection (a heartbeat has a constant size).
 *   C2 replies can vary, so sizes weigh `sizeWeight` and cannot zero a regular timer.
 * - coverage: continuity = (connections − 1)·Q2/(last − first), the share of the active span the
 *   median period accounts for (a dropped beat costs its share; bursty traffic with a small median
 *   gap and long silences gets ≈ 0), times persistence = min(1, (last − first)/minDuration), so a
 *   quick retry loop is not a beacon. A beacon need not span the whole data set: campaigns start
 *   mid-way.
 *
 * score = timing · (1 − sizeWeight + sizeWeight·sizes) · coverage ∈ [0, 1]. The quartiles, MAD and
 * dropped beats are robust: 5 % missing beats move neither the median gap nor its quartiles. The
 * statistic to calibrate against the population is −ln(1 − score) (score capped at 1 − 1e−12),
 * which spreads the top end where regular pairs crowd near 1.
 */
import { UsageError } from '../errors.js';
import { quantileSorted } from '../stats/quantile-sorted.js';
import { groupRows } from './group-rows.js';

/** One row per connection; rows of a pair need not be contiguous or sorted. */
export interface BeaconInput {
  /** Pair id (integer) of (host, remote host, remote port). */
  pair: ArrayLike<number>;
  /** Connection start, seconds (fractions allowed). */
  time: ArrayLike<number>;
  /** Bytes of the connection. */
  bytes: ArrayLike<number>;
}

/** Options of {@link scoreBeacons}. */
export interface BeaconOptions {
  /** Pairs with fewer connections get no score (NaN). Default 10. */
  minConnections?: number;
  /** Relative dispersion + asymmetry at which timing (or size) regularity reaches 0. Default 0.5. */
  maxDispersion?: number;
  /** Weight of size regularity in the score, 0 … 1. Default 0.5. */
  sizeWeight?: number;
  /** Active span (seconds) needed for full persistence. Default 3600. */
  minDuration?: number;
  /** Timestamp resolution, seconds: a smaller median gap is a burst, not a beacon. Default 1. */
  timeResolution?: number;
}

export const BEACON_DEFAULTS = {
  minConnections: 10,
  maxDispersion: 0.5,
  sizeWeight: 0.5,
  minDuration: 3600,
  timeResolution: 1,
};

/** Per pair, in order of first appearance of its id. */
export interface BeaconResult {
  /** The pair id of each result row. */
  pair: Float64Array;
  connections: Int32Array;
  firstTime: Float64Array;
  lastTime: Float64Array;
  /** Median gap, seconds, and its median absolute deviation (unscaled), seconds. */
  medianGap: Float64Array;
  gapMad: Float64Array;
  /** Bowley skewness (Q1 + Q3 − 2Q2)/(Q3 − Q1) of the gaps; 0 when Q3 = Q1. */
  gapSkew: Float64Array;
  /** Median bytes and their MAD (unscaled). */
  medianBytes: Float64Array;
  bytesMad: Float64Array;
  /** The three components and the score in [0, 1]; NaN below minConnections. */
  timing: Float64Array;
  sizes: Float64Array;
  coverage: Float64Array;
  score: Float64Array;
  /** −ln(1 − score), the statistic to calibrate; NaN below minConnections. */
  statistic: Float64Array;
  diagnostics: { connections: number; pairs: number; candidates: number } & typeof BEACON_DEFAULTS;
}

/** Regularity 1 − (MAD + |Q1 + Q3 − 2Q2|)/(Q2·maxDispersion), clamped to [0, 1], of an ascending array. */
function regularity(sorted: Float64Array, center: number, mad: number, maxDispersion: number, floor: number): number {
  const q1 = quantileSorted(sorted, 0.25);
  const q3 = quantileSorted(sorted, 0.75);
  const m = Math.max(center, floor);
  return Math.max(0, 1 - (mad + Math.abs(q1 + q3 - 2 * center)) / (m * maxDispersion));
}

/** Median absolute deviation about `center` of an array, using `scratch` (same length). */
function mad(values: Float64Array, center: number, scratch: Float64Array): number {
  for (let i = 0; i < values.length; i++) scratch[i] = Math.abs(values[i]! - center);
  return quantileSorted(scratch.sort(), 0.5);
}

/** Scores every pair; see the module comment. */
export function scoreBeacons(input: BeaconInput, options: BeaconOptions = {}): BeaconResult {
  const o = { ...BEACON_DEFAULTS, ...options };
  if (!(o.minConnections >= 3)) throw new UsageError(`option minConnections must be ≥ 3, got ${o.minConnections}`);
  if (!(o.maxDispersion > 0)) throw new UsageError(`option maxDispersion must be > 0, got ${o.maxDispersion}`);
  if (!(o.sizeWeight >= 0 && o.sizeWeight <= 1))
    throw new UsageError(`option sizeWeight must lie in [0, 1], got ${o.sizeWeight}`);
  if (!(o.minDuration >= 0)) throw new UsageError(`option minDuration must be ≥ 0, got ${o.minDuration}`);
  const n = input.time.length;
  if (input.pair.length !== n || input.bytes.length !== n)
    throw new RangeError(`pair, time and bytes differ in length (${input.pair.length}, ${n}, ${input.bytes.length})`);
  const pairs = groupRows(input.pair);
  const P = pairs.groups;
  const r = {
    pair: new Float64Array(P),
    connections: new Int32Array(P),
    firstTime: new Float64Array(P),
    lastTime: new Float64Array(P),
    medianGap: new Float64Array(P),
    gapMad: new Float64Array(P),
    gapSkew: new Float64Array(P),
    medianBytes: new Float64Array(P),
    bytesMad: new Float64Array(P),
    timing: new Float64Array(P),
    sizes: new Float64Array(P),
    coverage: new Float64Array(P),
    score: new Float64Array(P),
    statistic: new Float64Array(P),
  };
  let longest = 0;
  for (let g = 0; g < P; g++) longest = Math.max(longest, pairs.start[g + 1]! - pairs.start[g]!);
  const times = new Float64Array(longest);
  const sizes = new Float64Array(longest);
  const gaps = new Float64Array(longest);
  const scratch = new Float64Array(longest);
  let candidates = 0;
  for (let g = 0; g < P; g++) {
    const from = pairs.start[g]!;
    const c = pairs.start[g + 1]! - from;
    r.pair[g] = input.pair[pairs.first[g]!]!;
    r.connections[g] = c;
    const t = times.subarray(0, c);
    const s = sizes.subarray(0, c);
    for (let j = 0; j < c; j++) {
      const i = pairs.order[from + j]!;
      t[j] = input.time[i]!;
      s[j] = input.bytes[i]!;
    }
    t.sort();
    s.sort();
    r.firstTime[g] = t[0]!;
    r.lastTime[g] = t[c - 1]!;
    const medianBytes = quantileSorted(s, 0.5);
    r.medianBytes[g] = medianBytes;
    r.bytesMad[g] = mad(s, medianBytes, scratch.subarray(0, c));
    const gp = gaps.subarray(0, Math.max(0, c - 1));
    for (let j = 0; j + 1 < c; j++) gp[j] = t[j + 1]! - t[j]!;
    gp.sort();
    const medianGap = quantileSorted(gp, 0.5);
    const gapMad = gp.length > 0 ? mad(gp, medianGap, scratch.subarray(0, gp.length)) : NaN;
    const q1 = quantileSorted(gp, 0.25);
    const q3 = quantileSorted(gp, 0.75);
    r.medianGap[g] = medianGap;
    r.gapMad[g] = gapMad;
    r.gapSkew[g] = q3 > q1 ? (q1 + q3 - 2 * medianGap) / (q3 - q1) : 0;
    if (c < o.minConnections) {
      r.timing[g] = r.sizes[g] = r.coverage[g] = r.score[g] = r.statistic[g] = NaN;
      continue;
    }
    candidates++;
    const timing =
      medianGap < o.timeResolution ? 0 : regularity(gp, medianGap, gapMad, o.maxDispersion, o.timeResolution);
    const sizeRegularity = regularity(s, medianBytes, r.bytesMad[g]!, o.maxDispersion, 1);
    const duration = t[c - 1]! - t[0]!;
    const continuity = duration > 0 ? Math.min(1, ((c - 1) * medianGap) / duration) : 0;
    const persistence = o.minDuration > 0 ? Math.min(1, duration / o.minDuration) : 1;
    const coverage = continuity * persistence;
    const score = timing * (1 - o.sizeWeight + o.sizeWeight * sizeRegularity) * coverage;
    r.timing[g] = timing;
    r.sizes[g] = sizeRegularity;
    r.coverage[g] = coverage;
    r.score[g] = score;
    r.statistic[g] = -Math.log(1 - Math.min(score, 1 - 1e-12));
  }
  return { ...r, diagnostics: { connections: n, pairs: P, candidates, ...o } };
}
