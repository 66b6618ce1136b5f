/**
 * Survival function of the Kolmogorov distribution, the limit law of √n·D for the two-sided
 * one-sample Kolmogorov–Smirnov statistic D (A. Kolmogorov, 1933): P(K > x) = 2 Σ_{k≥1} (−1)^(k−1)
 * e^(−2k²x²). That alternating series converges fast for x ≥ 1; below 1 the equivalent (Jacobi theta)
 * form P(K ≤ x) = (√(2π)/x) Σ_{k≥1} e^(−(2k−1)²π²/(8x²)) does, so each range uses its own series.
 * SciPy's scipy.stats.kstwobign.sf is the same function.
 */
export function kolmogorovSf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 1;
  if (x < 1) {
    const c = (Math.PI * Math.PI) / (8 * x * x);
    let cdf = 0;
    for (let k = 1; k < 100; k++) {
      const term = Math.exp(-(2 * k - 1) * (2 * k - 1) * c);
      cdf += term;
      if (term < 1e-17 * cdf) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / x) * cdf;
  }
  let sf = 0;
  for (let k = 1; k < 100; k++) {
    const term = Math.exp(-2 * k * k * x * x);
    sf += k % 2 === 1 ? term : -term;
    if (term < 1e-17 * sf) break;
  }
  return Math.min(1, 2 * sf);
}
