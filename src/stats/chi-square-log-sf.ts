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

/** ln Γ(a) for a > 0 (Lanczos, g = 7, 9 terms: ~15 significant digits). */
function logGamma(a: number): number {
  if (a < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * a)) - logGamma(1 - a);
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059,
    12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  const z = a - 1;
  let s = c[0]!;
  for (let i = 1; i < 9; i++) s += c[i]! / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(s);
}

/**
 * ln P(χ²_ν > x) for any real ν > 0: the regularized upper incomplete gamma Q(ν/2, x/2), by its
 * power series for the lower tail where x/2 < ν/2 + 1 (then ln Q = log1p(−P)) and by the Lentz
 * continued fraction for the upper tail otherwise (Numerical Recipes §6.2's split), both in the log
 * domain so that survivals far below the double range keep their relative accuracy. Brown's
 * method needs it: its degrees of freedom f = 2E²/Var are not integers.
 */
export function chiSquareLogSf(x: number, dof: number): number {
  if (!(dof > 0) || !Number.isFinite(dof)) throw new RangeError(`dof must be a positive number, got ${dof}`);
  if (Number.isNaN(x)) return NaN;
  if (x <= 0) return 0;
  if (x === Infinity) return -Infinity;
  const a = dof / 2;
  const z = x / 2;
  const logPrefix = a * Math.log(z) - z - logGamma(a);
  if (z < a + 1) {
    // P(a, z) = z^a e^(−z)/Γ(a + 1) · Σ z^n / ((a + 1)…(a + n)).
    let term = 1;
    let sum = 1;
    for (let n = 1; n < 100_000 && term > 1e-17 * sum; n++) {
      term *= z / (a + n);
      sum += term;
    }
    return Math.log1p(-Math.exp(logPrefix - Math.log(a) + Math.log(sum)));
  }
  // Q(a, z) = z^a e^(−z)/Γ(a) · 1/(z + 1 − a − 1·(1 − a)/(z + 3 − a − …)), modified Lentz.
  const tiny = 1e-300;
  let b = z + 1 - a;
  let c = 1 / tiny;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100_000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < tiny) d = tiny;
    c = b + an / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) break;
  }
  return Math.min(0, logPrefix + Math.log(h));
}
