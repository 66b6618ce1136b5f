/**
 * One-dimensional Gaussian kernel density estimate with the semantics of `scipy.stats.gaussian_kde`:
 * bandwidth factor by Scott's rule n_eff^(−1/5) (D. W. Scott, 1992), Silverman's rule
 * (n_eff·3/4)^(−1/5) (B. W. Silverman, 1986) or a given number; kernel variance = factor² × the
 * weighted sample variance with SciPy's unbiased weighting; n_eff = 1 / Σ w² for normalised weights.
 */

/** Options of {@link gaussianKde}. */
export interface GaussianKdeOptions {
  /** 'scott', 'silverman', or a number used as the factor itself (as SciPy's scalar bw_method). Default 'scott'. */
  bandwidth?: 'scott' | 'silverman' | number;
  /** Non-negative weights, one per value; normalised to sum 1. Default: equal weights. */
  weights?: ArrayLike<number>;
}

export const GAUSSIAN_KDE_DEFAULTS = { bandwidth: 'scott' as const };

/** A fitted estimate: its bandwidth and the density functions. */
export interface GaussianKde {
  /** The bandwidth factor (SciPy's `kde.factor`). */
  factor: number;
  /** The kernel's standard deviation: factor × weighted standard deviation of the data. */
  bandwidth: number;
  n: number;
  /** Effective number of points, 1 / Σ w². */
  neff: number;
  /** Density at each point. */
  evaluate(points: ArrayLike<number>): Float64Array;
  /** Log density at each point, stable far in the tails. */
  logpdf(points: ArrayLike<number>): Float64Array;
}

/** Fits a Gaussian KDE to `data`. */
export function gaussianKde(data: ArrayLike<number>, options: GaussianKdeOptions = {}): GaussianKde {
  const n = data.length;
  if (n < 2) throw new RangeError(`gaussianKde needs at least 2 values, got ${n}`);
  const x = Float64Array.from(data);
  if (x.some((v) => !Number.isFinite(v))) throw new RangeError('gaussianKde needs finite values');
  const w = new Float64Array(n);
  if (options.weights) {
    if (options.weights.length !== n) throw new RangeError(`weights has ${options.weights.length} values, data ${n}`);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      const v = options.weights[i]!;
      if (!(v >= 0)) throw new RangeError(`weight ${i} is ${v}; weights must be non-negative`);
      sum += v;
    }
    for (let i = 0; i < n; i++) w[i] = options.weights[i]! / sum;
  } else {
    w.fill(1 / n);
  }
  let sumW2 = 0;
  let mean = 0;
  for (let i = 0; i < n; i++) {
    sumW2 += w[i]! * w[i]!;
    mean += w[i]! * x[i]!;
  }
  const neff = 1 / sumW2;
  let ss = 0;
  for (let i = 0; i < n; i++) ss += w[i]! * (x[i]! - mean) ** 2;
  const variance = ss / (1 - sumW2);
  const bw = options.bandwidth ?? GAUSSIAN_KDE_DEFAULTS.bandwidth;
  const factor = bw === 'scott' ? neff ** (-1 / 5) : bw === 'silverman' ? ((neff * 3) / 4) ** (-1 / 5) : bw;
  if (!(factor > 0) || !Number.isFinite(factor))
    throw new RangeError(`bandwidth must be 'scott', 'silverman' or a positive number, got ${String(bw)}`);
  const kernelVar = variance * factor * factor;
  if (!(kernelVar > 0)) throw new RangeError('gaussianKde needs data with non-zero variance');
  const norm = 1 / Math.sqrt(2 * Math.PI * kernelVar);
  const logNorm = Math.log(norm);
  const inv2v = 1 / (2 * kernelVar);

  return {
    factor,
    bandwidth: Math.sqrt(kernelVar),
    n,
    neff,
    evaluate(points) {
      const out = new Float64Array(points.length);
      for (let j = 0; j < points.length; j++) {
        const p = points[j]!;
        let s = 0;
        for (let i = 0; i < n; i++) {
          const d = p - x[i]!;
          s += w[i]! * Math.exp(-d * d * inv2v);
        }
        out[j] = s * norm;
      }
      return out;
    },
    logpdf(points) {
      const out = new Float64Array(points.length);
      for (let j = 0; j < points.length; j++) {
        const p = points[j]!;
        let max = -Infinity;
        for (let i = 0; i < n; i++) {
          const e = Math.log(w[i]!) - (p - x[i]!) ** 2 * inv2v;
          if (e > max) max = e;
        }
        let s = 0;
        for (let i = 0; i < n; i++) s += Math.exp(Math.log(w[i]!) - (p - x[i]!) ** 2 * inv2v - max);
        out[j] = max + Math.log(s) + logNorm;
      }
      return out;
    },
  };
}
