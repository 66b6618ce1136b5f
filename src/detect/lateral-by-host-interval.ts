/**
 * The lateral-movement view per host-interval: the strongest first-time auth edge into or out of a
 * host in an interval, from edges already scored by rarity (lateralEdgesSql in
 * src/pipeline/detect-hosts.ts: (−log2 share of sources reaching the destination − log2 share of
 * accounts reaching it − log2 share of destinations the source reached during warm-up)/3). Both
 * ends of an edge get its score; edges scoring 0 (seen during warm-up, or not first-time) are no
 * evidence and are left out, so host-intervals without a new edge take `fill` when aligned.
 */
import { UsageError } from '../errors.js';
import { maxByHostInterval, type MaxByHostIntervalResult } from './max-by-host-interval.js';

/** Scored edges aligned by index; host ids < 0 (e.g. hosts that are not scored) are skipped. */
export interface ScoredEdgeColumns {
  src: ArrayLike<number>;
  dst: ArrayLike<number>;
  /** First time of the edge, seconds. */
  time: ArrayLike<number>;
  score: ArrayLike<number>;
}

/** Options of {@link lateralByHostInterval}. */
export interface LateralByHostIntervalOptions {
  /** Interval length, seconds (interval index = ⌊(time − origin)/intervalSeconds⌋, as the series). */
  intervalSeconds: number;
  /** Default 0. */
  origin?: number;
  /** Host-intervals to align to (the population the view is calibrated on). */
  points?: { host: ArrayLike<number>; interval: ArrayLike<number> };
}

/** {@link MaxByHostIntervalResult} plus the edge behind each maximum. */
export interface LateralByHostIntervalResult extends MaxByHostIntervalResult {
  /** Index of the edge that gave each host-interval its maximum. */
  edge: Int32Array;
  /** With points: the edge at each point, −1 where none. */
  alignedEdge: Int32Array | null;
  /** Edges with a positive score. */
  scoredEdges: number;
}

/** Per (host, interval), the largest score of a first-time edge touching the host. */
export function lateralByHostInterval(
  edges: ScoredEdgeColumns,
  options: LateralByHostIntervalOptions,
): LateralByHostIntervalResult {
  const len = options.intervalSeconds;
  if (!(len > 0)) throw new UsageError(`option intervalSeconds must be > 0, got ${len}`);
  const origin = options.origin ?? 0;
  const n = edges.score.length;
  if (edges.src.length !== n || edges.dst.length !== n || edges.time.length !== n)
    throw new RangeError('src, dst, time and score must have one entry per edge');
  let scored = 0;
  for (let i = 0; i < n; i++) if (edges.score[i]! > 0) scored++;
  const host = new Float64Array(2 * scored);
  const interval = new Float64Array(2 * scored);
  const value = new Float64Array(2 * scored);
  const edgeOf = new Int32Array(2 * scored);
  for (let i = 0, r = 0; i < n; i++) {
    const s = edges.score[i]!;
    if (!(s > 0)) continue;
    const iv = Math.floor((edges.time[i]! - origin) / len);
    host[r] = edges.src[i]!;
    host[r + 1] = edges.dst[i]!;
    interval[r] = interval[r + 1] = iv;
    value[r] = value[r + 1] = s;
    edgeOf[r] = edgeOf[r + 1] = i;
    r += 2;
  }
  const result = maxByHostInterval({ host, interval, value }, { points: options.points, fill: 0 });
  const toEdge = (rows: Int32Array) => {
    const out = new Int32Array(rows.length);
    for (let i = 0; i < rows.length; i++) out[i] = rows[i]! >= 0 ? edgeOf[rows[i]!]! : -1;
    return out;
  };
  const edge = toEdge(result.row);
  const alignedEdge = result.alignedRow ? toEdge(result.alignedRow) : null;
  return { ...result, edge, alignedEdge, scoredEdges: scored };
}
