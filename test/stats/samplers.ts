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

/**
 * Per unit, a one-sided CUSUM of N(0, 1) steps with reference ½ over `steps` times: a serially
 * dependent null whose excesses come in runs, with the unit and time of each value for declustering.
 */
export function cusumPopulation(seed: number, units: number, steps = 14) {
  const s = samplers(seed);
  const value = new Float64Array(units * steps);
  const unit = new Float64Array(units * steps);
  const time = new Float64Array(units * steps);
  for (let h = 0; h < units; h++) {
    let c = 0;
    for (let t = 0; t < steps; t++) {
      c = Math.max(0, c + s.normal() - 0.5);
      value[h * steps + t] = c;
      unit[h * steps + t] = h;
      time[h * steps + t] = t;
    }
  }
  return { value, unit, time };
}
