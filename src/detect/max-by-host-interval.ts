/**
 * The largest value per (host, interval) of rows that each name a host and an interval (scored
 * edges, beacon pairs spread over their intervals, …), which turns event-level evidence into the
 * per-host-interval statistic the views are combined on; optionally aligned to a given list of
 * host-intervals (e.g. the series), with `fill` where no row falls, so the population of the
 * statistic over ALL host-intervals, zeros included, is what gets calibrated.
 */
import { groupRows } from './group-rows.js';

/** Rows: host id, interval index and value, aligned by index. Rows with a negative host id are skipped. */
export interface HostIntervalRows {
  host: ArrayLike<number>;
  interval: ArrayLike<number>;
  value: ArrayLike<number>;
}

/** Options of {@link maxByHostInterval}. */
export interface MaxByHostIntervalOptions {
  /** Host-intervals to align the result to. */
  points?: { host: ArrayLike<number>; interval: ArrayLike<number> };
  /** Value of a point no row falls on. Default 0. */
  fill?: number;
}

/** Per distinct host-interval of the rows (in order of first appearance), and per point if asked. */
export interface MaxByHostIntervalResult {
  host: Float64Array;
  interval: Float64Array;
  /** Largest value (NaN values ignored; NaN if all are NaN). */
  max: Float64Array;
  /** The row that gave the maximum (the first one on ties). */
  row: Int32Array;
  /** Rows in the host-interval. */
  rows: Int32Array;
  /** With `points`: the maximum at each point (`fill` where none), its row (−1 where none). */
  aligned: Float64Array | null;
  alignedRow: Int32Array | null;
  /** Rows skipped (negative host); host-intervals of the rows not among the points. */
  diagnostics: { rows: number; skipped: number; hostIntervals: number; unmatched: number };
}

/** Groups rows by (host, interval) and keeps each group's maximum. */
export function maxByHostInterval(
  rows: HostIntervalRows,
  options: MaxByHostIntervalOptions = {},
): MaxByHostIntervalResult {
  const n = rows.value.length;
  if (rows.host.length !== n || rows.interval.length !== n)
    throw new RangeError(
      `host, interval and value differ in length (${rows.host.length}, ${rows.interval.length}, ${n})`,
    );
  const points = options.points;
  const m = points ? points.host.length : 0;
  if (points && points.interval.length !== m)
    throw new RangeError(`points: host and interval differ in length (${m}, ${points.interval.length})`);
  let kept = 0;
  for (let i = 0; i < n; i++) if (rows.host[i]! >= 0) kept++;
  // Points first, then the kept rows: one grouping puts each row in its point's group.
  const keyHost = new Float64Array(m + kept);
  const keyInterval = new Float64Array(m + kept);
  const rowOf = new Int32Array(kept);
  for (let j = 0; j < m; j++) {
    keyHost[j] = points!.host[j]!;
    keyInterval[j] = points!.interval[j]!;
  }
  for (let i = 0, k = 0; i < n; i++) {
    if (!(rows.host[i]! >= 0)) continue;
    keyHost[m + k] = rows.host[i]!;
    keyInterval[m + k] = rows.interval[i]!;
    rowOf[k++] = i;
  }
  const g = groupRows(keyHost, keyInterval);
  const best = new Float64Array(g.groups).fill(NaN);
  const bestRow = new Int32Array(g.groups).fill(-1);
  const count = new Int32Array(g.groups);
  for (let k = 0; k < kept; k++) {
    const grp = g.groupOf[m + k]!;
    const i = rowOf[k]!;
    count[grp]!++;
    const v = rows.value[i]!;
    if (!Number.isNaN(v) && (bestRow[grp] === -1 || v > best[grp]!)) {
      best[grp] = v;
      bestRow[grp] = i;
    }
  }
  // Result rows: host-intervals that hold at least one row, in order of their first row.
  const order: number[] = [];
  const seen = new Uint8Array(g.groups);
  for (let k = 0; k < kept; k++) {
    const grp = g.groupOf[m + k]!;
    if (!seen[grp]) {
      seen[grp] = 1;
      order.push(grp);
    }
  }
  const H = order.length;
  const out = {
    host: new Float64Array(H),
    interval: new Float64Array(H),
    max: new Float64Array(H),
    row: new Int32Array(H),
    rows: new Int32Array(H),
  };
  let unmatched = 0;
  const hasPoint = new Uint8Array(g.groups);
  for (let j = 0; j < m; j++) hasPoint[g.groupOf[j]!] = 1;
  order.forEach((grp, r) => {
    const first = g.first[grp]!;
    out.host[r] = keyHost[first]!;
    out.interval[r] = keyInterval[first]!;
    out.max[r] = best[grp]!;
    out.row[r] = bestRow[grp]!;
    out.rows[r] = count[grp]!;
    if (points && !hasPoint[grp]) unmatched++;
  });
  let aligned: Float64Array | null = null;
  let alignedRow: Int32Array | null = null;
  if (points) {
    const fill = options.fill ?? 0;
    aligned = new Float64Array(m);
    alignedRow = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const grp = g.groupOf[j]!;
      const has = count[grp]! > 0 && bestRow[grp] !== -1;
      aligned[j] = has ? best[grp]! : fill;
      alignedRow[j] = has ? bestRow[grp]! : -1;
    }
  }
  return { ...out, aligned, alignedRow, diagnostics: { rows: n, skipped: n - kept, hostIntervals: H, unmatched } };
}
