/**
 * One-sample Kolmogorov–Smirnov test of a sample against the uniform distribution on [0, 1], the
 * check that p-values are calibrated: D = sup_x |F_n(x) − x| with the asymptotic p-value
 * P(K > √n·D) of the Kolmogorov distribution (as scipy.stats.kstest(x, 'uniform', method='asymp')).
 */
import { kolmogorovSf } from './kolmogorov-sf.js';

/** The statistic and its p-value. */
export interface KsUniformResult {
  /** D = max(D⁺, D⁻). */
  statistic: number;
  /** D⁺ = max_i (i/n − x₍ᵢ₎), D⁻ = max_i (x₍ᵢ₎ − (i − 1)/n). */
  dPlus: number;
  dMinus: number;
  /** Asymptotic two-sided p-value. */
  pValue: number;
  /** Values tested (NaN left out). */
  n: number;
  /** NaN values left out. */
  dropped: number;
}

/** Tests `values` (outside [0, 1] they count as 0 or 1) against U(0, 1). */
export function ksUniform(values: ArrayLike<number>): KsUniformResult {
  const x = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    if (!Number.isNaN(v)) x[n++] = Math.min(1, Math.max(0, v));
  }
  const sorted = x.subarray(0, n).sort();
  let dPlus = 0;
  let dMinus = 0;
  for (let i = 0; i < n; i++) {
    const v = sorted[i]!;
    dPlus = Math.max(dPlus, (i + 1) / n - v);
    dMinus = Math.max(dMinus, v - i / n);
  }
  const statistic = Math.max(dPlus, dMinus);
  return {
    statistic: n > 0 ? statistic : NaN,
    dPlus,
    dMinus,
    pValue: n > 0 ? kolmogorovSf(statistic * Math.sqrt(n)) : NaN,
    n,
    dropped: values.length - n,
  };
}
