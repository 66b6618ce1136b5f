import type { AfterStage } from '../pipeline/index.js';
import { buildReport } from '../report/index.js';

/** The stages analyze runs on its finished tables: detection, then the report. */
export function afterStages(flags: { detect: boolean; report: boolean; png?: boolean; svg?: boolean }): AfterStage[] {
  const stages: AfterStage[] = [];
  if (flags.report) {
    stages.push({
      name: 'report',
      run: async ({ engine, dir, summary }) => {
        await buildReport(dir, engine, summary, { png: flags.png, svg: flags.svg });
      },
    });
  }
  return stages;
}
