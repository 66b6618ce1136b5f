/** Share of positives among the k highest scores (ties broken by input order); with fewer than k values, among all of them. */
export function precisionAtK(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>, k: number): number {
  const order = Array.from({ length: scores.length }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]! || a - b);
  const top = order.slice(0, k);
  return top.length === 0 ? NaN : top.filter((i) => labels[i]).length / top.length;
}
