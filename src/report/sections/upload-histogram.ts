import type { UploadPopulation } from '../../pipeline/index.js';
import { log2ByteAxis } from '../log2-byte-axis.js';
import type { ReportSection } from '../report-section.js';
import { SECONDS_PER_DAY } from '../../seconds-per-day.js';

/** Density per log2 unit of each bin the engine counted. */
function densityBins(
  p: UploadPopulation,
  width: number,
  population: string,
): { population: string; start: number; end: number; density: number }[] {
  return p.histogram.map(({ bin, count }) => ({
    population,
    start: bin * width,
    end: (bin + 1) * width,
    density: count / (p.n * width),
  }));
}

/** Section 4: the original's overlaid density histograms of daily upload on a log2 byte axis. */
export const uploadHistogram: ReportSection = {
  id: 'upload-histogram',
  title: 'Daily uploads: total vs compromised',
  needsRedteam: true,
  async render({ data, summary }) {
    const upload = data.upload;
    if (!upload) return null;
    const { total, compromised, zeros, histogramBin: BIN } = upload;
    const values = [...densityBins(total, BIN, 'total'), ...densityBins(compromised, BIN, 'compromised')];
    const unit = summary.interval === SECONDS_PER_DAY ? 'daily' : `per ${summary.interval} s`;
    const chart = {
      id: 'upload-histogram',
      title: `Density of ${unit} upload per host`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: `Density of ${unit} upload per host (log2 bins of ${BIN})`,
        width: 820,
        height: 300,
        data: { values },
        mark: { type: 'rect', opacity: 0.55 },
        encoding: {
          x: {
            field: 'start',
            type: 'quantitative',
            axis: log2ByteAxis(`upload bytes per host and interval (log2 scale)`),
          },
          x2: { field: 'end' },
          y: { field: 'density', type: 'quantitative', title: 'density (per log2 unit)', stack: null },
          color: {
            field: 'population',
            type: 'nominal',
            title: 'population',
            scale: { domain: ['total', 'compromised'], range: ['#2457a6', '#d1495b'] },
          },
          tooltip: [
            { field: 'population' },
            { field: 'start', title: 'log2 bytes from' },
            { field: 'density', format: '.4f' },
          ],
        },
      },
    };
    return {
      html: `<div class="chart" data-chart="upload-histogram"></div><p class="note">${total.n} host-intervals with uploads (${compromised.n} compromised); ${zeros} with no upload are left out (log2 of 0 is undefined).</p>`,
      charts: [chart],
    };
  },
};
