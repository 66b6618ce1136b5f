/**
 * The null distribution of Page's one-sided CUSUM S_t = max(0, S_{t−1} + min(Z_t, w) − k), S_0 = 0,
 * with Z_t independent standard normal (E. S. Page, Biometrika 41, 1954; winsorized increments after
 * D. M. Hawkins, J. Quality Technology 25, 1993): P(S_t ≥ s) for every number of steps t, so that a
 * CUSUM of normal scores gets a p-value from its model instead of from a population that holds the
 * shifted hosts themselves. A population of a few thousand host-intervals where a handful of
 * shifted hosts contribute their long runs has those runs as its tail, and an empirical or fitted
 * tail then gives them p ≈ rank/n however long the shift lasted; the model's p keeps falling with
 * every further shifted interval, as accumulation should.
 *
 * S is a reflected random walk, a Markov chain on [0, ∞): its distribution after t steps is
 * computed exactly on a grid of step δ (Brook & Evans, Biometrika 59, 1972, the Markov-chain method
 * for CUSUM run lengths): the increment Y = min(Z, w) − k is discretized to multiples of δ (the atom
 * of the winsorized Z at w − k kept as an atom) and the chain's probability vector is propagated
 * t times, the mass at or below 0 gathered at 0. Beyond the grid's top (`max`), where the chain's
 * mass is below any p that matters for ranking, the survival goes on exponentially with the decay
 * rate of its last part: the walk's tail is exponential (Cramér–Lundberg; the rate θ solves
 * E[e^{θY}] = 1, θ = 2k without winsorizing). Past `maxSteps` steps the distribution is taken as
 * that of `maxSteps` (it is stationary to the precision that matters by then: the drift −k pulls it
 * back within ~s/k steps).
 */
import { erfc } from './normal-sf.js';

/** Options of {@link cusumNull}. */
export interface CusumNullOptions {
  /** Reference value k, z units. Default 0.5. */
  reference?: number;
  /** Increments are min(Z, w) − k. Default 3 (Infinity: not winsorized). */
  winsorizeAt?: number;
  /** Grid step δ, z units. Default 0.05. */
  step?: number;
  /** Top of the grid, z units; beyond, an exponential tail. Default 40. */
  max?: number;
  /** Steps computed; more count as this many. Default 64. */
  maxSteps?: number;
  /**
   * Correlation ρ of a host's scores, from a shift ε ~ N(0, ρ) it keeps for all its steps (the error of
   * its estimated baseline, a habit the baseline misses): the increments are min(√(1 − ρ)·Z + ε, w) − k,
   * so every score is still N(0, 1). The chain is integrated over ε (Gauss–Hermite). Default 0.
   */
  sharedCorrelation?: number;
  /** Gauss–Hermite nodes for ε. Default 20. */
  nodes?: number;
}

export const CUSUM_NULL_DEFAULTS = {
  reference: 0.5,
  winsorizeAt: 3,
  step: 0.05,
  max: 40,
  maxSteps: 64,
  sharedCorrelation: 0,
  nodes: 20,
};

/** ln P(S_t ≥ s) under the model. */
export interface CusumNull {
  /** ln P(S_t ≥ s) after t ≥ 1 steps from S_0 = 0; 0 for s ≤ 0; NaN for NaN. */
  logSf(s: number, t: number): number;
  diagnostics: {
    reference: number;
    winsorizeAt: number;
    step: number;
    max: number;
    maxSteps: number;
    sharedCorrelation: number;
    tailRate: number;
  };
}

/** Φ(x) through erfc, accurate in both tails. */
const normalCdf = (x: number) => 0.5 * erfc(-x / Math.SQRT2);

/** Builds the model; see the module comment. */
export function cusumNull(options: CusumNullOptions = {}): CusumNull {
  const o = { ...CUSUM_NULL_DEFAULTS, ...options };
  if (!(o.reference >= 0)) throw new RangeError(`option reference must be ≥ 0, got ${o.reference}`);
  if (!(o.winsorizeAt > o.reference))
    throw new RangeError(`option winsorizeAt must exceed reference, got ${o.winsorizeAt}`);
  if (!(o.step > 0 && o.max > 10 * o.step)) throw new RangeError(`options step and max must satisfy 0 < 10·step < max`);
  if (!Number.isInteger(o.maxSteps) || o.maxSteps < 1) throw new RangeError(`option maxSteps must be an integer ≥ 1`);
  const d = o.step;
  const M = Math.ceil(o.max / d);
  // Increment pmf on multiples of δ: bin j holds Y in ((j − ½)δ, (j + ½)δ]; the winsorized atom
  // P(Z ≥ w) sits at the bin of w − k. Below −9 − k the normal has no mass worth a bin.
  if (!(o.sharedCorrelation >= 0 && o.sharedCorrelation < 1))
    throw new RangeError(`option sharedCorrelation must lie in [0, 1), got ${o.sharedCorrelation}`);
  const top = Number.isFinite(o.winsorizeAt) ? o.winsorizeAt - o.reference : 9;
  const jMax = Math.round(top / d);
  const tau = Math.sqrt(o.sharedCorrelation);
  const a = Math.sqrt(1 - o.sharedCorrelation);
  // ε on an even grid over ±4.5 sd with normal weights (one node, ε = 0, without sharing).
  const nodes = tau > 0 ? Math.max(3, o.nodes | 1) : 1;
  const eps = Float64Array.from({ length: nodes }, (_, j) => (nodes === 1 ? 0 : tau * (-4.5 + (9 * j) / (nodes - 1))));
  const weight = Float64Array.from(eps, (e) => (tau > 0 ? Math.exp(-(e * e) / (2 * tau * tau)) : 1));
  const total = weight.reduce((x, y) => x + y, 0);
  // sf[t][i] = P(S_t ≥ iδ − ½δ), i = 0 … M; row t − 1 for t steps, mixed over ε.
  const sf: Float64Array[] = Array.from({ length: o.maxSteps }, () => new Float64Array(M + 1));
  for (let e = 0; e < nodes; e++) {
    // Increment pmf on multiples of δ: bin j holds Y in ((j − ½)δ, (j + ½)δ]; the winsorized atom
    // P(aZ + ε ≥ w) sits at the bin of w − k. Below −9 − k + ε there is no mass worth a bin.
    const jMin = Math.floor((-9 * a - o.reference + Math.min(0, eps[e]!)) / d);
    const cdf = (y: number) => normalCdf((y + o.reference - eps[e]!) / a);
    const pmf = new Float64Array(jMax - jMin + 1);
    for (let j = jMin; j <= jMax; j++) {
      const hi = (j + 0.5) * d;
      pmf[j - jMin] = j === jMax ? 1 - cdf((j - 0.5) * d) : j === jMin ? cdf(hi) : cdf(hi) - cdf((j - 0.5) * d);
    }
    let pi = new Float64Array(M + 1);
    pi[0] = 1;
    const share = weight[e]! / total;
    for (let t = 1; t <= o.maxSteps; t++) {
      const next = new Float64Array(M + 1);
      for (let i = 0; i <= M; i++) {
        const m = pi[i]!;
        if (m === 0) continue;
        for (let j = jMin; j <= jMax; j++) {
          const k = i + j;
          const b = k <= 0 ? 0 : k >= M ? M : k;
          next[b] = next[b]! + m * pmf[j - jMin]!;
        }
      }
      pi = next;
      const row = sf[t - 1]!;
      let acc = 0;
      for (let i = M; i >= 0; i--) {
        acc += pi[i]!;
        row[i] = row[i]! + share * acc;
      }
    }
  }
  // The exponential rate of the tail, from the stationary-most row between 50 % and 75 % of the grid.
  const last = sf[o.maxSteps - 1]!;
  const i1 = Math.floor(M * 0.5);
  const i2 = Math.floor(M * 0.75);
  const tailRate =
    last[i1]! > 0 && last[i2]! > 0 ? (Math.log(last[i1]!) - Math.log(last[i2]!)) / ((i2 - i1) * d) : 2 * o.reference;
  const iTail = i2;
  const logSf = (s: number, t: number): number => {
    if (Number.isNaN(s) || Number.isNaN(t)) return NaN;
    if (s <= 0) return 0;
    const row = sf[Math.min(o.maxSteps, Math.max(1, Math.round(t))) - 1]!;
    let i = Math.round(s / d);
    if (i > iTail) return Math.log(Math.max(row[iTail]!, Number.MIN_VALUE)) - tailRate * (s - iTail * d);
    // Past the largest value t steps can reach (t·(w − k)) only rounding lands: the last bin reached.
    while (i > 0 && row[i] === 0) i--;
    return Math.log(row[i]!);
  };
  return {
    logSf,
    diagnostics: {
      reference: o.reference,
      winsorizeAt: o.winsorizeAt,
      step: d,
      max: M * d,
      maxSteps: o.maxSteps,
      sharedCorrelation: o.sharedCorrelation,
      tailRate,
    },
  };
}
