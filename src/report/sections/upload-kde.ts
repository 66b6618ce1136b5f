import type { UploadData, UploadPopulation } from '../../pipeline/index.js';
import { kdeFromBins } from '../../stats/index.js';
import { log2ByteAxis } from '../log2-byte-axis.js';
import type { ReportSection } from '../report-section.js';

function curve(
  p: UploadPopulation,
  kde: UploadData['kde'],
  population: string,
): { population: string; x: number; density: number }[] {
  if (p.kdeWeights.length === 0 || !(p.bandwidth > 0)) return [];
  const r = kdeFromBins(
    { lo: kde.lo, delta: kde.delta, weights: p.kdeWeights },
    { bandwidth: p.bandwidth, grid: { min: kde.gridMin, max: kde.gridMax, n: kde.gridPoints } },
  );
  return Array.from(r.x, (x, i) => ({ population, x, density: r.density[i]! }));
}

/** Section 5: Gaussian KDE (Scott's bandwidth, as scipy) of log2 upload, total vs compromised. */
export const uploadKde: ReportSection = {
  id: 'upload-kde',
  title: 'Upload density (KDE)',
  needsRedteam: true,
  async render({ data }) {
    const upload = data.upload;
    if (!upload || upload.total.n < 2 || !(upload.total.bandwidth > 0)) return null;
    const values = [
      ...curve(upload.total, upload.kde, 'total'),
      ...curve(upload.compromised, upload.kde, 'compromised'),
    ];
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
    return {
      html: `<div class="chart" data-chart="upload-kde"></div><p class="note">Gaussian KDE with Scott's rule bandwidth, as scipy.stats.gaussian_kde, computed from ${upload.kde.bins} linear bins (the engine bins every host-interval; Wand 1994).</p>`,
      charts: [chart],
    };
  },
};
