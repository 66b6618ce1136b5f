/**
 * Generalized Pareto fit of excesses over a threshold by the estimator of J. Zhang and M. A. Stephens,
 * "A new and efficient estimation method for the generalized Pareto distribution", Technometrics 51
 * (2009): the posterior mean of θ = ξ/σ over a data-driven grid, weighted by the profile likelihood;
 * here with the largest `censorTop` excesses right-censored (type II), for robustness.
 *
 * For fixed θ the likelihood of GPD(ξ, σ = ξ/θ) with the top r of k excesses censored at c (the
 * largest uncensored one) is maximised by ξ̂(θ) = (Σ_{uncensored} ln(1 + θy) + r·ln(1 + θc))/(k − r),
 * which leaves the profile log-likelihood ℓ(θ) = (k − r)(ln(θ/ξ̂(θ)) − 1) − Σ_{uncensored} ln(1 + θy)
 * (r = 0 is the paper's k(ln(θ/ξ̂) − ξ̂ − 1)). The estimator always exists (no iteration that can fail,
 * no boundary case for ξ < −½) and is nearly as efficient as the MLE. Censoring makes it robust:
 * only the count of the top r excesses enters, not their size, so the size of up to r contaminating
 * values (in peerscope: the attacks themselves are in the population the null is estimated from)
 * cannot inflate ξ̂, though their number still does; censoring 1 % costs about 1 % of the information.
 */

/** Options of {@link fitGeneralizedPareto}. */
export interface GeneralizedParetoOptions {
  /** Grid points over θ; default 20 + ⌊√k⌋ as Zhang & Stephens recommend. */
  gridSize?: number;
  /** Largest excesses right-censored at the next one (at most k − 2). Default 0. */
  censorTop?: number;
}

/** The fitted distribution P(Y > y) = (1 + ξy/σ)^(−1/ξ) (ξ = 0: e^(−y/σ)). */
export interface GeneralizedParetoFit {
  /** Shape ξ: > 0 heavy (Pareto-like) tail, 0 exponential, < 0 bounded at σ/|ξ|. */
  shape: number;
  /** Scale σ, in the units of the excesses. */
  scale: number;
  /** Excesses fitted, of which `censored` were censored. */
  k: number;
  censored: number;
  /** The exponential's maximum-likelihood scale under the same censoring (Σ y + r·c)/(k − r). */
  exponentialScale: number;
  /** Grid points used. */
  gridSize: number;
}

/** ξ̂(θ) and ξ̂(θ)/θ (→ the censored mean excess as θ → 0), and the uncensored log sum. */
function profile(
  y: Float64Array,
  uncensored: number,
  c: number,
  theta: number,
  meanExcess: number,
): { xi: number; ratio: number; logSum: number } {
  const r = y.length - uncensored;
  let logSum = 0;
  for (let i = 0; i < uncensored; i++) logSum += Math.log1p(theta * y[i]!);
  const xi = (logSum + r * Math.log1p(theta * c)) / uncensored;
  if (Math.abs(theta) * c < 1e-9) return { xi, ratio: meanExcess, logSum };
  return { xi, ratio: xi / theta, logSum };
}

/**
 * Fits GPD(ξ, σ) to non-negative excesses (any order; at least 2 uncensored with a positive
 * largest one). Returns NaNs when they cannot be fitted.
 */
export function fitGeneralizedPareto(
  excesses: ArrayLike<number>,
  options: GeneralizedParetoOptions = {},
): GeneralizedParetoFit {
  const y = Float64Array.from(excesses).sort();
  const k = y.length;
  const gridSize = Math.max(2, Math.floor(options.gridSize ?? 20 + Math.floor(Math.sqrt(k))));
  const censored = Math.max(0, Math.min(k - 2, Math.floor(options.censorTop ?? 0)));
  const uncensored = k - censored;
  const fail = { shape: NaN, scale: NaN, k, censored, exponentialScale: NaN, gridSize };
  if (k < 2 || !(y[0]! >= 0) || !Number.isFinite(y[k - 1]!)) return fail;
  const c = y[uncensored - 1]!;
  if (!(c > 0)) return fail;
  let total = 0;
  for (let i = 0; i < uncensored; i++) total += y[i]!;
  const meanExcess = (total + censored * c) / uncensored;
  // The first quartile x* of the paper; a zero quartile (heavy ties at 0) falls back to the mean.
  let quartile = y[Math.max(0, Math.floor(k / 4 + 0.5) - 1)]!;
  if (!(quartile > 0)) quartile = meanExcess;
  // θ_j = −1/c + (√(m/(j − ½)) − 1)/(3x*): every θ_j > −1/c, so 1 + θy > 0 wherever y enters.
  const thetas = new Float64Array(gridSize);
  const logLik = new Float64Array(gridSize);
  let best = -Infinity;
  for (let j = 0; j < gridSize; j++) {
    const theta = -1 / c + (Math.sqrt(gridSize / (j + 0.5)) - 1) / (3 * quartile);
    thetas[j] = theta;
    const { ratio, logSum } = profile(y, uncensored, c, theta, meanExcess);
    // ln(θ/ξ̂) = −ln(ξ̂/θ); the ratio is positive because θ and ξ̂(θ) share their sign.
    const l = uncensored * (-Math.log(ratio) - 1) - logSum;
    logLik[j] = Number.isFinite(l) ? l : -Infinity;
    if (logLik[j]! > best) best = logLik[j]!;
  }
  let wSum = 0;
  let theta = 0;
  for (let j = 0; j < gridSize; j++) {
    const w = Math.exp(logLik[j]! - best);
    wSum += w;
    theta += w * thetas[j]!;
  }
  theta /= wSum;
  const { xi, ratio } = profile(y, uncensored, c, theta, meanExcess);
  return { shape: xi, scale: ratio, k, censored, exponentialScale: meanExcess, gridSize };
}
