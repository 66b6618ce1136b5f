/**
 * The Gaussian KDE of data that is already linearly binned onto a fine regular grid (M. P. Wand,
 * "Fast computation of multivariate kernel estimators", 1994): the bin weights convolved with the
 * kernel truncated at ±6 bandwidths, interpolated onto the requested grid. The binning can then
 * happen where the data is (a GROUP BY in SQL); only the M bin weights reach JS.
 * Linear binning: a value at fine position t = (x − lo)/delta gives 1 − (t − ⌊t⌋) to bin ⌊t⌋ and
 * t − ⌊t⌋ to bin ⌊t⌋ + 1 (binnedKde does the same from raw values).
 */

/** The fine grid the weights sit on: bin k is at lo + k·delta. */
export interface KdeBins {
  lo: number;
  delta: number;
  /** Linear-binning weights, one per fine grid point; they sum to the number of values. */
  weights: ArrayLike<number>;
}

/** Options of {@link kdeFromBins}. */
export interface KdeFromBinsOptions {
  /** Kernel standard deviation (the bandwidth, data units), > 0. */
  bandwidth: number;
  /** Output grid: n points from min to max. */
  grid: { min: number; max: number; n: number };
}

/** Density on the output grid. */
export interface KdeFromBinsResult {
  x: Float64Array;
  density: Float64Array;
  /** Sum of the weights: the number of values binned. */
  n: number;
}

/** The density of the binned values at each output grid point; zero outside the fine grid. */
export function kdeFromBins(bins: KdeBins, options: KdeFromBinsOptions): KdeFromBinsResult {
  const h = options.bandwidth;
  if (!(h > 0) || !Number.isFinite(h)) throw new RangeError(`bandwidth must be a positive number, got ${h}`);
  if (!(bins.delta > 0)) throw new RangeError(`delta must be > 0, got ${bins.delta}`);
  const M = bins.weights.length;
  let n = 0;
  for (let k = 0; k < M; k++) n += bins.weights[k]!;
  const { min, max, n: G } = options.grid;
  const x = new Float64Array(G);
  const density = new Float64Array(G);
  for (let g = 0; g < G; g++) x[g] = G === 1 ? min : min + ((max - min) * g) / (G - 1);
  if (!(n > 0) || M < 2) return { x, density, n };
  const L = Math.min(M - 1, Math.ceil((6 * h) / bins.delta));
  const kernel = new Float64Array(L + 1);
  const norm = 1 / (n * h * Math.sqrt(2 * Math.PI));
  for (let l = 0; l <= L; l++) kernel[l] = Math.exp(-0.5 * ((l * bins.delta) / h) ** 2) * norm;
  const fine = new Float64Array(M);
  for (let k = 0; k < M; k++) {
    const c = bins.weights[k]!;
    if (c === 0) continue;
    const from = Math.max(0, k - L);
    const to = Math.min(M - 1, k + L);
    for (let j = from; j <= to; j++) fine[j]! += c * kernel[Math.abs(j - k)]!;
  }
  for (let g = 0; g < G; g++) {
    const pos = (x[g]! - bins.lo) / bins.delta;
    if (pos < 0 || pos > M - 1) continue;
    const k = Math.min(M - 2, Math.floor(pos));
    const frac = pos - k;
    density[g] = fine[k]! * (1 - frac) + fine[k + 1]! * frac;
  }
  return { x, density, n };
}
