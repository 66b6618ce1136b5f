import type { AfterStage } from '../pipeline/index.js';

/** The stages analyze runs on its finished tables: statistics, detection, report. */
export function afterStages(_flags: { detect: boolean; report: boolean }): AfterStage[] {
  return [];
}
