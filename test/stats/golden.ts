import { readFileSync } from 'node:fs';

/** SciPy's numbers for the stats tests, made once by scripts/scipy-golden.py. */
export const golden = JSON.parse(readFileSync(new URL('./fixtures/scipy-golden.json', import.meta.url), 'utf8')) as {
  scipy: string;
  mannwhitneyu: {
    name: string;
    x: number[];
    y: number[];
    alternative: 'two-sided' | 'less' | 'greater';
    method: 'auto' | 'asymptotic' | 'exact';
    continuity: boolean;
    u: number;
    p: number;
  }[];
  kde_data: number[];
  gaussian_kde: {
    name: string;
    bandwidth: 'scott' | 'silverman' | number;
    weights: number[] | null;
    factor: number;
    points: number[];
    density: number[];
    logpdf: number[];
  }[];
};

/** |a − b| ≤ tol·|b|, with an absolute floor for values at the bottom of the double range. */
export function close(a: number, b: number, tol = 1e-9, floor = 1e-305): boolean {
  return a === b || Math.abs(a - b) <= tol * Math.abs(b) + floor;
}
