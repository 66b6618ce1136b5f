import { createRandom } from '../../src/stats/index.js';

/** Seeded draws from the laws the calibration tests know the exact tails of. */
export function samplers(seed: number) {
  const random = createRandom(seed);
  const uniform = () => 1 - random(); // (0, 1]
  return {
    uniform: random,
    exponential: () => -Math.log(uniform()),
    /** Pareto with P(X > x) = x^(−α) for x ≥ 1. */
    pareto: (alpha: number) => Math.pow(uniform(), -1 / alpha),
    /** GPD(ξ, 1) by inversion. */
    gpd: (xi: number) => (xi === 0 ? -Math.log(uniform()) : (Math.pow(uniform(), -xi) - 1) / xi),
    /** Standard normal by Box–Muller (one of the pair). */
    normal: () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * random()),
  };
}

/** The x with sf(x) = q, by bisection on a decreasing survival function. */
export function inverseSf(sf: (x: number) => number, q: number, lo = -100, hi = 1e15): number {
  for (let i = 0; i < 300; i++) {
    const mid = (lo + hi) / 2;
    if (sf(mid) > q) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
