/** A metric with three decimals, or "n/a" where it is undefined (null, NaN or infinite). */
export function metricText(x: number | null | undefined): string {
  return x === null || x === undefined || !Number.isFinite(x) ? 'n/a' : x.toFixed(3);
}
