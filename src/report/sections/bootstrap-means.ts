import { bootstrap } from '../../stats/index.js';
import type { ReportSection } from '../report-section.js';

const DRAWS = 1000;
const SAMPLE = 30;

/** Section 6: the original's bootstrap: 1,000 means of 30-sample draws without replacement. */
export const bootstrapMeans: ReportSection = {
  id: 'bootstrap',
  title: 'Bootstrap of mean log2 upload',
  needsRedteam: true,
  async render({ data }) {
    if (!data.upload) return null;
    const { total, compromised } = data.upload;
    const values: { population: string; mean: number }[] = [];
    const notes: string[] = [];
    for (const [population, p] of [
      ['total', total],
      ['compromised', compromised],
    ] as const) {
      if (p.n < SAMPLE) {
        if (p.n > 0) notes.push(`${population}: only ${p.n} values, fewer than the ${SAMPLE} a draw needs`);
        continue;
      }
      // Draws come from the engine's sample of at most REPORT_DATA_DEFAULTS.sampleSize values (all of them when fewer).
      const result = bootstrap(p.sample, { draws: DRAWS, sampleSize: SAMPLE, replace: false, seed: 1 });
      for (const m of result.estimates) values.push({ population, mean: m });
      notes.push(
        `${population}: 95 % interval of the mean ${result.low.toFixed(2)}–${result.high.toFixed(2)} (log2 bytes)`,
      );
    }
    if (values.length === 0) return null;
    const chart = {
      id: 'bootstrap',
      title: `Means of ${SAMPLE}-sample draws of log2 upload (${DRAWS} draws)`,
      spec: {
        $schema: 'https://vega.github.io/schema/vega-lite/v6.json',
        title: `Means of ${SAMPLE}-sample draws of log2 upload (${DRAWS} draws, without replacement)`,
        width: 820,
        height: 260,
        data: { values },
        mark: { type: 'bar', opacity: 0.6, binSpacing: 0 },
        encoding: {
          x: {
            field: 'mean',
            type: 'quantitative',
            bin: { maxbins: 60 },
            title: 'mean of log2(upload bytes) in a draw',
          },
          y: { aggregate: 'count', type: 'quantitative', title: 'draws', stack: null },
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
      html: `<div class="chart" data-chart="bootstrap"></div><ul class="note">${notes.map((n) => `<li>${n}</li>`).join('')}</ul>`,
      charts: [chart],
    };
  },
};
