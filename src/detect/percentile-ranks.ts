/** Each key's score as a percentile rank in (0, 1]: average rank over ties / n; missing scores count as 0. */
export function percentileRanks(keys: string[], scores: Map<string, number>): Map<string, number> {
  const items = keys.map((k) => ({ k, v: scores.get(k) ?? 0 })).sort((a, b) => a.v - b.v);
  const out = new Map<string, number>();
  for (let i = 0; i < items.length;) {
    let j = i + 1;
    while (j < items.length && items[j]!.v === items[i]!.v) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++) out.set(items[k]!.k, rank / items.length);
    i = j;
  }
  return out;
}
