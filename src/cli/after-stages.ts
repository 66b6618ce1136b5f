import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import {
  DETECTION_FLOW_TABLES,
  detectHosts,
  evaluateRun,
  OUTPUT_FILES,
  writeJsonl,
  type AfterStage,
  type DetectOptions,
} from '../pipeline/index.js';
import { buildReport } from '../report/index.js';

/** The stages analyze runs on its finished tables: detection (and evaluation), then the report. */
export function afterStages(flags: {
  detect: boolean;
  report: boolean;
  png?: boolean;
  svg?: boolean;
  jsonl?: boolean;
  detectOptions?: DetectOptions;
}): AfterStage[] {
  const stages: AfterStage[] = [];
  if (flags.detect) {
    stages.push({
      name: 'detect',
      run: async ({ engine, dir, summary, detectionFlows }) => {
        Object.assign(
          summary,
          await detectHosts(engine, dir, summary.time_span.first, {
            intervalSeconds: summary.interval,
            flowFiles: (summary.inputs.flows ?? []).map((f) => f.path),
            ...(detectionFlows ? { flowTables: DETECTION_FLOW_TABLES } : {}),
            ...flags.detectOptions,
            timings: summary.timings,
          }),
        );
      },
    });
    stages.push({
      name: 'evaluate',
      run: async ({ engine, dir, summary }) => {
        if ((summary.files.redteam?.rows ?? 0) === 0) {
          summary.evaluation_reason = 'no redteam file: nothing to evaluate against';
          return;
        }
        const warmupEnd = summary.detection?.warmup_end;
        if (warmupEnd === undefined) throw new Error('the evaluate stage runs after the detect stage');
        const redteamFile = summary.inputs.redteam?.[0]?.path;
        const evaluation = await evaluateRun(engine, dir, {
          warmupEnd,
          intervalSeconds: summary.interval,
          truthHosts: redteamFile === undefined ? undefined : join(dirname(redteamFile), 'truth', 'hosts.csv'),
        });
        writeFileSync(join(dir, OUTPUT_FILES.evaluation), JSON.stringify(evaluation, null, 2) + '\n');
        // The curves stay in evaluation.json; summary.json keeps the numbers.
        summary.evaluation = {
          hosts: evaluation.hosts,
          compromised_hosts: evaluation.compromised_hosts,
          edges: evaluation.edges,
          alerts: evaluation.alerts,
          by_campaign: evaluation.by_campaign,
        };
      },
    });
  }
  if (flags.jsonl) {
    stages.push({
      name: 'jsonl',
      run: async ({ engine, dir, summary }) => void (await writeJsonl(engine, dir, summary)),
    });
  }
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
