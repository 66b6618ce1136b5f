import type { SeriesRow } from './report-section.js';

/** log2 of daily upload bytes, all rows and compromised rows; zero uploads have no log and are counted apart. */
export function uploadPopulations(series: SeriesRow[]): {
  total: Float64Array;
  compromised: Float64Array;
  zeros: number;
} {
  const total: number[] = [];
  const compromised: number[] = [];
  let zeros = 0;
  for (const r of series) {
    if (r.upload_bytes <= 0) {
      zeros++;
      continue;
    }
    const v = Math.log2(r.upload_bytes);
    total.push(v);
    if (r.compromised === 1) compromised.push(v);
  }
  return { total: Float64Array.from(total), compromised: Float64Array.from(compromised), zeros };
}
