import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { mannWhitneyU } from '../stats/index.js';
import { OUTPUT_FILES } from './output-files.js';

/** summary.json's `mwu`: the original's test, total population first. */
export interface UploadTest {
  u: number;
  p_two_sided: number;
  p_less: number;
  n_total: number;
  n_compromised: number;
}

/**
 * The seed analysis's test on the series just written: upload_bytes of every series row (the total
 * population) against the rows of compromised hosts, Mann-Whitney U, asymptotic with tie and
 * continuity correction; `p_less` is SciPy's alternative='less' (total tends to be smaller).
 * Returns a reason instead when there is nothing to compare.
 */
export async function uploadTest(
  engine: Engine,
  dir: string,
  hasRedteam: boolean,
): Promise<{ mwu: UploadTest } | { mwu_reason: string }> {
  if (!hasRedteam) return { mwu_reason: 'no redteam file, so no compromised hosts to compare' };
  const rows = await engine.all<{ upload_bytes: number; compromised: number }>(
    `SELECT upload_bytes, compromised FROM ${engine.readParquet(join(dir, OUTPUT_FILES.seriesParquet))}`,
  );
  const total = Float64Array.from(rows, (r) => Number(r.upload_bytes));
  const compromised = Float64Array.from(
    rows.filter((r) => Number(r.compromised) === 1),
    (r) => Number(r.upload_bytes),
  );
  if (compromised.length === 0) return { mwu_reason: 'no compromised host is a human host with flows' };
  const less = mannWhitneyU(total, compromised, { alternative: 'less', method: 'asymptotic' });
  const two = mannWhitneyU(total, compromised, { alternative: 'two-sided', method: 'asymptotic' });
  return {
    mwu: { u: less.u, p_two_sided: two.p, p_less: less.p, n_total: total.length, n_compromised: compromised.length },
  };
}
