/** Per point, the p-value of several views combined (see cauchy-combination.ts, fisher-combination.ts). */
export interface CombinedPValues {
  /** Combined p; NaN where no view had a p-value. */
  p: Float64Array;
  /** ln p, kept where p itself underflows to 0, so the strongest points still rank. */
  logP: Float64Array;
  /** The method's own statistic (Cauchy: the weighted tan sum; Fisher: −2 Σ ln p). */
  statistic: Float64Array;
  /** Views with a p-value at each point (NaN p-values are missing views and left out). */
  views: Uint8Array;
}
