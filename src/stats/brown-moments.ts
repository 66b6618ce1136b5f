/**
 * The null moments Brown's method needs (M. B. Brown, "A method for combining non-independent,
 * one-sided tests of significance", Biometrics 31, 1975; estimated empirically from the data as in
 * W. Poole et al., "Combining dependent P-values with an empirical adaptation of Brown's method",
 * Bioinformatics 32, 2016): the mean of each view's Yᵥ = −2 ln pᵥ and the covariance of every pair,
 * over a population of points (in peerscope: every host-interval).
 *
 * Robustness, so that the anomalies looked for do not set the null: each pᵥ is floored at `floor`
 * (default 1/n) before the log. In-sample calibrated p-values are then ranks (#{S ≥ x}/n), so a
 * point's Yᵥ is bounded by 2 ln n whatever its magnitude beyond the sample. The correlation is by
 * default rank-based: Spearman's ρₛ of each pair over the points where both views have a value,
 * mapped to Pearson's scale by r = 2 sin(πρₛ/6) (K. Pearson 1907; exact for a Gaussian copula).
 * A few hosts moving together in several views over many intervals (a campaign) move a rank
 * correlation by about their share of the points, but a moment correlation by their share of the
 * squared tail, which the tail is made of: with 3 % of the points taking the smallest p of two
 * views at once, the moment estimate raises Brown's c by 0.11 and the rank estimate by 0.01
 * (test/stats/brown-combination.test.ts). `correlation: 'pearson'` is the plain
 * moment estimate of the winsorized Yᵥ. The variances are the winsorized ones either way.
 */

/** Options of {@link brownMoments}. */
export interface BrownMomentsOptions {
  /** p-values below this count as this value in the moments. Default 1/n (n: the view's points with a value). */
  floor?: number;
  /** 'rank' (Spearman, mapped by 2 sin(πρ/6)) or 'pearson' (of the winsorized −2 ln p). Default 'rank'. */
  correlation?: 'rank' | 'pearson';
}

export const BROWN_MOMENTS_DEFAULTS = { correlation: 'rank' as 'rank' | 'pearson' };

/** The moments of Yᵥ = −2 ln max(floor, pᵥ), one entry per view (column). */
export interface BrownMoments {
  /** E[Yᵥ] (NaN for a view without values). */
  mean: Float64Array;
  /** sd(Yᵥ). */
  sd: Float64Array;
  /** Correlation matrix, row-major k × k (1 on the diagonal; 0 where a view is constant). */
  correlation: Float64Array;
  /** Covariance matrix, row-major k × k: correlation[u,v]·sd[u]·sd[v]. */
  covariance: Float64Array;
  /** Points with a value, per view. */
  points: Int32Array;
  correlationMethod: 'rank' | 'pearson';
}

/** Average ranks (1-based) of xs, ties sharing their mean rank. */
function ranks(xs: Float64Array): Float64Array {
  const order = Array.from(xs.keys()).sort((a, b) => xs[a]! - xs[b]!);
  const r = new Float64Array(xs.length);
  for (let i = 0; i < order.length;) {
    let j = i + 1;
    while (j < order.length && xs[order[j]!] === xs[order[i]!]) j++;
    const mid = (i + j + 1) / 2;
    for (let t = i; t < j; t++) r[order[t]!] = mid;
    i = j;
  }
  return r;
}

function pearson(a: Float64Array, b: Float64Array): number {
  const n = a.length;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i]!;
    mb += b[i]!;
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    const da = a[i]! - ma;
    const db = b[i]! - mb;
    sab += da * db;
    saa += da * da;
    sbb += db * db;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : 0;
}

/** Estimates the moments from the points i of columns[v][i] (NaN: view v has no value at i). */
export function brownMoments(columns: ArrayLike<number>[], options: BrownMomentsOptions = {}): BrownMoments {
  const method = options.correlation ?? BROWN_MOMENTS_DEFAULTS.correlation;
  if (method !== 'rank' && method !== 'pearson')
    throw new RangeError(`option correlation must be rank or pearson, got ${String(method)}`);
  const k = columns.length;
  const n = k > 0 ? columns[0]!.length : 0;
  for (const c of columns)
    if (c.length !== n) throw new RangeError(`view columns differ in length: ${c.length} vs ${n}`);
  const points = Int32Array.from(columns, (c) => {
    let m = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(c[i]!)) m++;
    return m;
  });
  const y = columns.map((c, v) => {
    const floor = options.floor ?? 1 / Math.max(1, points[v]!);
    return Float64Array.from({ length: n }, (_, i) =>
      Number.isNaN(c[i]!) ? NaN : -2 * Math.log(Math.min(1, Math.max(floor, c[i]!))),
    );
  });
  const mean = new Float64Array(k).fill(NaN);
  const sd = new Float64Array(k).fill(NaN);
  for (let v = 0; v < k; v++) {
    if (points[v] === 0) continue;
    let s = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(y[v]![i]!)) s += y[v]![i]!;
    const m = s / points[v]!;
    let ss = 0;
    for (let i = 0; i < n; i++) if (!Number.isNaN(y[v]![i]!)) ss += (y[v]![i]! - m) ** 2;
    mean[v] = m;
    sd[v] = Math.sqrt(ss / points[v]!);
  }
  const complete = Array.from(points, (m) => m === n);
  const fullRanks = method === 'rank' ? y.map((col, v) => (complete[v] ? ranks(col) : null)) : [];
  const correlation = new Float64Array(k * k);
  for (let u = 0; u < k; u++) {
    correlation[u * k + u] = 1;
    for (let v = u + 1; v < k; v++) {
      let a: Float64Array;
      let b: Float64Array;
      if (complete[u] && complete[v]) {
        a = method === 'rank' ? fullRanks[u]! : y[u]!;
        b = method === 'rank' ? fullRanks[v]! : y[v]!;
      } else {
        const both: number[] = [];
        for (let i = 0; i < n; i++) if (!Number.isNaN(y[u]![i]!) && !Number.isNaN(y[v]![i]!)) both.push(i);
        a = Float64Array.from(both, (i) => y[u]![i]!);
        b = Float64Array.from(both, (i) => y[v]![i]!);
        if (method === 'rank') {
          a = ranks(a);
          b = ranks(b);
        }
      }
      let r = a.length >= 3 ? pearson(a, b) : 0;
      if (method === 'rank') r = 2 * Math.sin((Math.PI * r) / 6);
      correlation[u * k + v] = correlation[v * k + u] = r;
    }
  }
  const covariance = new Float64Array(k * k);
  for (let u = 0; u < k; u++)
    for (let v = 0; v < k; v++) {
      const c = correlation[u * k + v]! * sd[u]! * sd[v]!;
      covariance[u * k + v] = Number.isFinite(c) ? c : 0;
    }
  return { mean, sd, correlation, covariance, points, correlationMethod: method };
}
