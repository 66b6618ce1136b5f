import { binnedKde, gaussianKde } from '../../stats/index.js';
import { log2ByteAxis } from '../log2-byte-axis.js';
import type { ReportSection } from '../report-section.js';
import { uploadPopulations } from '../upload-populations.js';

/** Above this many points the exact KDE (O(n·grid)) gives way to the binned approximation. */
const EXACT_LIMIT = 20_000;
const GRID = 200;

function curve(
  values: Float64Array,
  min: number,
  max: number,
  population: string,
): { population: string; x: number; density: number }[] {
  if (values.length < 2) return [];
  const xs = Float64Array.from({ length: GRID }, (_, i) => min + ((max - min) * i) / (GRID - 1));
  const density =
    values.length <= EXACT_LIMIT
      ? gaussianKde(values).evaluate(xs)
      : binnedKde(values, { grid: { min, max, n: GRID } }).density;
  return Array.from(xs, (x, i) => ({ population, x, density: density[i]! }));
}

/** Section 5: Gaussian KDE (Scott's bandwidth, as scipy) of log2 upload, total vs compromised. */
export const uploadKde: ReportSection = {
  id: 'upload-kde',
  title: 'Upload density (KDE)',
  needsRedteam: true,
  async render({ series }) {
    const { total, compromised } = uploadPopulations(series);
    if (total.length < 2) return null;
    let min = Infinity;
    let max = -Infinity;
    for (const v of total) {
      if (v < min) min = v;
      if (v > max) max = v;
    }
    min -= 1;
    max += 1;
    const values = [...curve(total, min, max, 'total'), ...curve(compromised, min, max, 'compromised')];
    const chart = {
      id: 'upload-kde',
      title: 'Kernel density of log2 upload per host and interval',
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: 'Kernel density of log2 upload per host and interval',
        width: 820,
        height: 300,
        data: { values },
        mark: { type: 'area', opacity: 0.45, line: true },
        encoding: {
          x: {
            field: 'x',
            type: 'quantitative',
            axis: log2ByteAxis('upload bytes per host and interval (log2 scale)'),
            scale: { nice: false },
          },
          y: { field: 'density', type: 'quantitative', title: 'density', stack: null },
          color: {
            field: 'population',
            type: 'nominal',
            title: 'population',
            scale: { domain: ['total', 'compromised'], range: ['#2457a6', '#d1495b'] },
          },
        },
      },
    };
    const method = total.length <= EXACT_LIMIT ? 'exact Gaussian KDE' : 'binned Gaussian KDE (linear binning)';
    return {
      html: `<div class="chart" data-chart="upload-kde"></div><p class="note">${method}, Scott's rule bandwidth, as scipy.stats.gaussian_kde.</p>`,
      charts: [chart],
    };
  },
};
