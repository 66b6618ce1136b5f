/**
 * Average precision as sklearn's average_precision_score: Σ (R_k − R_{k−1}) · P_k over the
 * distinct score thresholds, highest first (tied scores enter together); and the PR curve.
 */
export function averagePrecision(scores: ArrayLike<number>, labels: ArrayLike<boolean | number>): number {
  const curve = prCurve(scores, labels);
  let ap = 0;
  let lastRecall = 0;
  for (const p of curve) {
    ap += (p.recall - lastRecall) * p.precision;
    lastRecall = p.recall;
  }
  return curve.length === 0 ? NaN : ap;
}

/** Precision and recall at each distinct threshold, highest score first. */
export function prCurve(
  scores: ArrayLike<number>,
  labels: ArrayLike<boolean | number>,
): { recall: number; precision: number }[] {
  const n = scores.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => scores[b]! - scores[a]!);
  let P = 0;
  for (let i = 0; i < n; i++) if (labels[i]) P++;
  if (P === 0) return [];
  const points: { recall: number; precision: number }[] = [];
  let tp = 0;
  for (let i = 0; i < n;) {
    let j = i;
    while (j < n && scores[order[j]!] === scores[order[i]!]) {
      if (labels[order[j]!]) tp++;
      j++;
    }
    points.push({ recall: tp / P, precision: tp / j });
    i = j;
  }
  return points;
}
