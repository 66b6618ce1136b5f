/**
 * ln P(χ²_ν > x) for an even number of degrees of freedom ν = 2k, in closed form: the survival
 * function is the Poisson probability of fewer than k events at rate x/2,
 * P(χ²_2k > x) = e^(−x/2) Σ_{j<k} (x/2)^j / j!. Summed in the log domain (log-sum-exp over the
 * terms), so it keeps full relative accuracy where the probability is below the double range
 * (x in the thousands), which Fisher's method reaches with a few very small p-values; below the
 * mean, where the survival is near 1, the lower tail is summed instead so that ln p ≈ −P(χ² ≤ x)
 * keeps its relative accuracy too.
 */
export function chiSquareLogSfEven(x: number, dof: number): number {
  if (!Number.isInteger(dof) || dof < 2 || dof % 2 !== 0)
    throw new RangeError(`dof must be a positive even integer, got ${dof}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return -Infinity;
  const a = x / 2;
  const k = dof / 2;
  const logA = Math.log(a);
  if (a < k - 1) {
    // Far below the mean the survival is near 1 and its log is the small number −P(χ² ≤ x):
    // sum the lower tail e^(−a) Σ_{j≥k} a^j/j! (terms fall from j = k on) and take log1p of it.
    let logTermK = -a;
    for (let j = 1; j <= k; j++) logTermK += logA - Math.log(j);
    let term = Math.exp(logTermK);
    let cdf = term;
    for (let j = k + 1; j < k + 10_000 && term > 1e-17 * cdf; j++) {
      term *= a / j;
      cdf += term;
    }
    return Math.log1p(-cdf);
  }
  // Terms grow while a/j > 1: the largest is at j = min(k − 1, ⌊a⌋); log-sum-exp around it.
  const top = Math.min(k - 1, Math.floor(a));
  let maxLog = 0;
  for (let j = 1; j <= top; j++) maxLog += logA - Math.log(j);
  let logTerm = 0;
  let sum = 0;
  for (let j = 0; j < k; j++) {
    if (j > 0) logTerm += logA - Math.log(j);
    sum += Math.exp(logTerm - maxLog);
  }
  return Math.min(0, -a + maxLog + Math.log(sum));
}
