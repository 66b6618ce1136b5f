/**
 * One score per host from several components by rank averaging: each component becomes a
 * percentile rank among the hosts (so units and scales do not matter) and the score is their mean.
 * On generated replay data this beat the largest percentile and a Fisher-style sum of log tail
 * ranks (see README, Detection). Ranks are 1 for the most anomalous host; ties break by host name.
 */
import { percentileRanks } from './percentile-ranks.js';

/** The combined score and rank of each host, best first. */
export interface CombinedScores {
  hosts: { host: string; score: number; rank: number }[];
  percentiles: Record<string, Map<string, number>>;
}

export function combineScores(hosts: string[], components: Record<string, Map<string, number>>): CombinedScores {
  const percentiles: Record<string, Map<string, number>> = {};
  for (const [name, scores] of Object.entries(components)) percentiles[name] = percentileRanks(hosts, scores);
  const names = Object.keys(percentiles);
  const rows = hosts.map((host) => {
    const sum = names.reduce((s, n) => s + (percentiles[n]!.get(host) ?? 0), 0);
    return { host, score: names.length > 0 ? sum / names.length : 0, rank: 0 };
  });
  rows.sort((a, b) => b.score - a.score || (a.host < b.host ? -1 : 1));
  rows.forEach((r, i) => (r.rank = i + 1));
  return { hosts: rows, percentiles };
}
