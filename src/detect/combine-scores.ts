/**
 * One score per host from several components: each component becomes a percentile rank among the
 * hosts (so units and scales do not matter), and the combination is the largest of them plus a
 * small share of their mean, which keeps a host that is extreme on any one view near the top and
 * breaks ties by the others. Ranks are 1 for the most anomalous host.
 */
import { percentileRanks } from './percentile-ranks.js';

/** Options of {@link combineScores}. */
export interface CombineOptions {
  /** Weight of the mean percentile added to the largest one. Default 0.1. */
  meanWeight?: number;
}

export const COMBINE_DEFAULTS = { meanWeight: 0.1 };

/** The combined score and rank of each host, best first. */
export interface CombinedScores {
  hosts: { host: string; score: number; rank: number }[];
  percentiles: Record<string, Map<string, number>>;
}

export function combineScores(hosts: string[], components: Record<string, Map<string, number>>, options: CombineOptions = {}): CombinedScores {
  const w = options.meanWeight ?? COMBINE_DEFAULTS.meanWeight;
  const percentiles: Record<string, Map<string, number>> = {};
  for (const [name, scores] of Object.entries(components)) percentiles[name] = percentileRanks(hosts, scores);
  const names = Object.keys(percentiles);
  const rows = hosts.map((host) => {
    const ps = names.map((n) => percentiles[n]!.get(host) ?? 0);
    const max = ps.length > 0 ? Math.max(...ps) : 0;
    const mean = ps.length > 0 ? ps.reduce((a, b) => a + b, 0) / ps.length : 0;
    return { host, score: (max + w * mean) / (1 + w), rank: 0 };
  });
  rows.sort((a, b) => b.score - a.score || (a.host < b.host ? -1 : 1));
  rows.forEach((r, i) => (r.rank = i + 1));
  return { hosts: rows, percentiles };
}
