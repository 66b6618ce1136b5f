/**
 * Area under the ROC curve as the Mann-Whitney probability that a positive outscores a negative
 * (ties ½), which equals the trapezoidal area of sklearn's roc_auc_score; and the curve itself.
 */
export function rocAuc(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[a]! - scores[b]!);
  let positives = 0;
  let rankSum = 0;
  for (let i = 0; i < n;) {
    let j = i + 1;
    while (j < n && scores[order[j]!] === scores[order[i]!]) j++;
    const rank = (i + 1 + j) / 2;
    for (let k = i; k < j; k++)
      if (labels[order[k]!]) {
        positives++;
        rankSum += rank;
      }
    i = j;
  }
  const negatives = n - positives;
  if (positives === 0 || negatives === 0) return NaN;
  return (rankSum - (positives * (positives + 1)) / 2) / (positives * negatives);
}

/** ROC points (false positive rate, true positive rate) at each distinct threshold, from (0,0) to (1,1). */
export function rocCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<boolean | number>,
): { fpr: number; tpr: number }[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i]) P++;
  const N = n - P;
  const points = [{ fpr: 0, tpr: 0 }];
  let tp = 0;
  let fp = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (labels[order[j]!]) tp++;
      else fp++;
      j++;
    }
    points.push({ fpr: N > 0 ? fp / N : 0, tpr: P > 0 ? tp / P : 0 });
    i = j;
  }
  return points;
}
