/**
 * A host's score is its strongest host-interval: the smallest combined p (largest −ln p) over its
 * intervals, the earliest interval on ties, with the interval it happened in, so an analyst is told
 * when as well as who. A maximum over a host's intervals favours hosts seen in more intervals; the
 * alert threshold (alert-threshold.ts) is per host-interval for that reason.
 */
import { groupRows } from './group-rows.js';

/** Host-intervals aligned by index, with the ln p to rank by. */
export interface HostIntervalEvidence {
  host: ArrayLike<number>;
  interval: ArrayLike<number>;
  logP: ArrayLike<number>;
}

/** Per host, in order of first appearance. */
export interface StrongestPerHost {
  host: Float64Array;
  /** Smallest ln p of the host (NaN if all its points are NaN). */
  logP: Float64Array;
  /** Its interval and its point index (−1 if none). */
  interval: Float64Array;
  point: Int32Array;
  /** Points of the host with a p-value. */
  points: Int32Array;
}

/** The strongest host-interval of each host. */
export function strongestPerHost(evidence: HostIntervalEvidence): StrongestPerHost {
  const n = evidence.logP.length;
  if (evidence.host.length !== n || evidence.interval.length !== n)
    throw new RangeError(
      `host, interval and logP differ in length (${evidence.host.length}, ${evidence.interval.length}, ${n})`,
    );
  const hosts = groupRows(evidence.host);
  const H = hosts.groups;
  const out = {
    host: new Float64Array(H),
    logP: new Float64Array(H).fill(NaN),
    interval: new Float64Array(H).fill(NaN),
    point: new Int32Array(H).fill(-1),
    points: new Int32Array(H),
  };
  for (let h = 0; h < H; h++) {
    out.host[h] = evidence.host[hosts.first[h]!]!;
    for (let j = hosts.start[h]!; j < hosts.start[h + 1]!; j++) {
      const i = hosts.order[j]!;
      const l = evidence.logP[i]!;
      if (Number.isNaN(l)) continue;
      out.points[h]!++;
      const b = out.point[h]!;
      if (b < 0 || l < out.logP[h]! || (l === out.logP[h]! && evidence.interval[i]! < out.interval[h]!)) {
        out.logP[h] = l;
        out.interval[h] = evidence.interval[i]!;
        out.point[h] = i;
      }
    }
  }
  return out;
}
