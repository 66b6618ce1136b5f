import { readFileSync } from 'node:fs';

/** SciPy's and mpmath's numbers for the detection statistics, made once by scripts/scipy-golden-detect.py. */
export const goldenDetect = JSON.parse(
  readFileSync(new URL('./fixtures/scipy-golden-detect.json', import.meta.url), 'utf8'),
) as {
  scipy: string;
  mpmath: string;
  ks_uniform: { name: string; x: number[]; statistic: number; p_asymp: number; p_exact: number }[];
  kolmogorov_sf: { x: number; sf: number }[];
  chi2: { x: number; dof: number; sf: number; logsf: number }[];
  fisher: { name: string; p_values: number[]; statistic: number; p: number; logp: number }[];
  cauchy: { name: string; p_values: number[]; weights: number[] | null; statistic: number; p: number; logp: number }[];
};
