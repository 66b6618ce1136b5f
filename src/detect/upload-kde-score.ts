/**
 * Upload KDE score — the original analysis's proposed next step ("KDEs to identify potentially
 * compromised machines"): how unlikely a host's interval uploads are under the Gaussian KDE
 * (Scott's rule, src/stats) of its peer group's uploads, leave-one-out (the host's own points are
 * taken out of its baseline). Only intervals above the group's median upload count: a quiet day
 * is not exfiltration.
 */
import { getOrInit } from '../get-or-init.js';
import { binnedKde, gaussianKde } from '../stats/index.js';

/** One host's upload in one interval. */
export interface UploadPoint {
  host: string;
  interval: number;
  upload: number;
}

/** Options of {@link uploadKdeScore}. */
export interface UploadKdeOptions {
  /** Groups with more points than this use the binned KDE. Default 5000. */
  exactLimit?: number;
}

export const UPLOAD_KDE_DEFAULTS = { exactLimit: 5000 };

/** Per host: the score and where it came from. */
export interface UploadKdeResult {
  /** Largest −ln density (log2(upload+1) scale) over the host's above-median intervals; 0 if none. */
  scores: Map<string, number>;
  /** The interval that gave each host its score. */
  worstInterval: Map<string, number | null>;
  /** The same score against the whole population instead of the peer group. */
  population: Map<string, number>;
  /** Per input point: its −ln density against its group (host left out); 0 at or below the group's median upload, or without a group. */
  pointScores: Float64Array;
  groups: { group: number; points: number; bandwidth: number | null }[];
}

const LOG_FLOOR = -690; // ln of the smallest density kept, ~1e-300

/** Scores each host against its peer group (`groupOf`) and against everyone. */
export function uploadKdeScore(
  points: UploadPoint[],
  groupOf: Map<string, number>,
  options: UploadKdeOptions = {},
): UploadKdeResult {
  const exactLimit = options.exactLimit ?? UPLOAD_KDE_DEFAULTS.exactLimit;
  const byGroup = new Map<number, UploadPoint[]>();
  const indexOf = new Map<UploadPoint, number>();
  points.forEach((p, i) => {
    const g = groupOf.get(p.host);
    if (g === undefined) return;
    getOrInit(byGroup, g, () => []).push(p);
    indexOf.set(p, i);
  });
  const pointScores = new Float64Array(points.length);
  const scores = new Map<string, number>();
  const worstInterval = new Map<string, number | null>();
  const groups: UploadKdeResult['groups'] = [];
  for (const [group, list] of [...byGroup].sort((a, b) => a[0] - b[0])) {
    const r = scoreAgainst(list, exactLimit);
    r.perPoint.forEach((v, i) => {
      pointScores[indexOf.get(list[i]!)!] = v;
    });
    groups.push({ group, points: list.length, bandwidth: r.bandwidth });
    for (const [h, s] of r.scores) scores.set(h, s);
    for (const [h, i] of r.worst) worstInterval.set(h, i);
  }
  const all = points.filter((p) => groupOf.has(p.host));
  const population = scoreAgainst(all, exactLimit).scores;
  return { scores, worstInterval, population, groups, pointScores };
}

function scoreAgainst(
  list: UploadPoint[],
  exactLimit: number,
): {
  scores: Map<string, number>;
  worst: Map<string, number | null>;
  bandwidth: number | null;
  perPoint: Float64Array;
} {
  const values = Float64Array.from(list, (p) => Math.log2(p.upload + 1));
  const byHost = new Map<string, number[]>();
  list.forEach((p, i) => {
    getOrInit(byHost, p.host, () => []).push(i);
  });
  const scores = new Map<string, number>();
  const worst = new Map<string, number | null>();
  const perPoint = new Float64Array(list.length);
  const sorted = Float64Array.from(values).sort();
  const median = sorted.length > 0 ? sorted[sorted.length >> 1]! : 0;
  let variance = 0;
  if (values.length > 1) {
    let mean = 0;
    for (const v of values) mean += v / values.length;
    for (const v of values) variance += (v - mean) ** 2;
  }
  if (byHost.size < 2 || !(variance > 0)) {
    for (const h of byHost.keys()) {
      scores.set(h, 0);
      worst.set(h, null);
    }
    return { scores, worst, bandwidth: null, perPoint };
  }
  const n = values.length;
  const kde = gaussianKde(values);
  const h = kde.bandwidth;
  const kernel = (d: number) => Math.exp((-d * d) / (2 * h * h)) / (h * Math.sqrt(2 * Math.PI));
  // Full-sample density at each point: exact below the limit, else interpolated from a binned grid.
  let full: Float64Array;
  if (n <= exactLimit) full = kde.evaluate(values);
  else {
    const grid = { min: sorted[0]!, max: sorted[n - 1]!, n: 2048 };
    const b = binnedKde(values, { grid });
    const step = (grid.max - grid.min) / (grid.n - 1);
    full = values.map((v) => {
      const pos = (v - grid.min) / step;
      const k = Math.min(grid.n - 2, Math.max(0, Math.floor(pos)));
      return b.density[k]! + (b.density[k + 1]! - b.density[k]!) * (pos - k);
    });
  }
  for (const [host, idx] of byHost) {
    let best = 0;
    let bestInterval: number | null = null;
    for (const i of idx) {
      const v = values[i]!;
      if (v <= median) continue;
      let own = 0;
      for (const j of idx) own += kernel(v - values[j]!);
      const loo = (n * full[i]! - own) / (n - idx.length);
      const score = -Math.max(LOG_FLOOR, Math.log(Math.max(loo, 0)));
      perPoint[i] = score;
      if (score > best || bestInterval === null) {
        best = Math.max(best, score);
        bestInterval = list[i]!.interval;
      }
    }
    scores.set(host, best);
    worst.set(host, bestInterval);
  }
  return { scores, worst, bandwidth: h, perPoint };
}
