/**
 * Peer deviation: robust z-scores (median and MAD, F. R. Hampel, 1974) of each host's upload and
 * download, on a log2(bytes+1) scale, against the hosts of its peer group active in the same
 * interval; per host the largest z and the number of intervals above a threshold.
 */
import { getOrInit } from '../get-or-init.js';
import { robustScale } from '../stats/robust-scale.js';

/** One host's traffic in one interval. */
export interface TrafficPoint {
  host: string;
  interval: number;
  upload: number;
  download: number;
}

/** Options of {@link peerDeviation}. */
export interface PeerDeviationOptions {
  /** z above which an interval counts as deviant. Default 3.5 (Iglewicz & Hoaglin's cut-off). */
  threshold?: number;
  /** Smallest MAD used, in log2 units, so a group of identical hosts does not give infinite z. Default 0.5. */
  madFloor?: number;
  /** Intervals where the group has fewer active hosts are not scored. Default 3. */
  minPeers?: number;
}

export const PEER_DEVIATION_DEFAULTS = { threshold: 3.5, madFloor: 0.5, minPeers: 3 };

/** Per host and per point. */
export interface PeerDeviationResult {
  /** max(largest upload z, largest download z); 0 for hosts never scored. */
  scores: Map<string, number>;
  maxUploadZ: Map<string, number>;
  maxDownloadZ: Map<string, number>;
  /** Intervals with upload or download z above the threshold. */
  deviantIntervals: Map<string, number>;
  /** Upload z of every scored point (host, interval, z). */
  points: { host: string; interval: number; z: number }[];
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Robust z of each point against its group in the same interval. */
export function peerDeviation(
  points: TrafficPoint[],
  groupOf: Map<string, number>,
  options: PeerDeviationOptions = {},
): PeerDeviationResult {
  const threshold = options.threshold ?? PEER_DEVIATION_DEFAULTS.threshold;
  const madFloor = options.madFloor ?? PEER_DEVIATION_DEFAULTS.madFloor;
  const minPeers = options.minPeers ?? PEER_DEVIATION_DEFAULTS.minPeers;
  const cells = new Map<string, TrafficPoint[]>();
  for (const p of points) {
    const g = groupOf.get(p.host);
    if (g === undefined) continue;
    const key = `${g}|${p.interval}`;
    getOrInit(cells, key, () => []).push(p);
  }
  const maxUploadZ = new Map<string, number>();
  const maxDownloadZ = new Map<string, number>();
  const deviantIntervals = new Map<string, number>();
  const scored: PeerDeviationResult['points'] = [];
  for (const cell of cells.values()) {
    if (cell.length < minPeers) continue;
    const zOf = (values: number[]) => {
      const med = median(values);
      const deviations = values.map((v) => Math.abs(v - med)).sort((a, b) => a - b);
      const mad = Math.max(madFloor, robustScale(deviations));
      return values.map((v) => (v - med) / mad);
    };
    const up = zOf(cell.map((p) => Math.log2(p.upload + 1)));
    const down = zOf(cell.map((p) => Math.log2(p.download + 1)));
    cell.forEach((p, i) => {
      maxUploadZ.set(p.host, Math.max(maxUploadZ.get(p.host) ?? -Infinity, up[i]!));
      maxDownloadZ.set(p.host, Math.max(maxDownloadZ.get(p.host) ?? -Infinity, down[i]!));
      if (up[i]! > threshold || down[i]! > threshold)
        deviantIntervals.set(p.host, (deviantIntervals.get(p.host) ?? 0) + 1);
      scored.push({ host: p.host, interval: p.interval, z: up[i]! });
    });
  }
  const scores = new Map<string, number>();
  for (const host of groupOf.keys()) {
    const u = maxUploadZ.get(host);
    const d = maxDownloadZ.get(host);
    scores.set(host, u === undefined && d === undefined ? 0 : Math.max(u ?? -Infinity, d ?? -Infinity));
  }
  return { scores, maxUploadZ, maxDownloadZ, deviantIntervals, points: scored };
}
