import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { openDuckDb } from '../engine/index.js';
import { writeFileAtomic } from '../output-dir.js';
import { evaluateRun, EVALUATE_DEFAULTS, OUTPUT_FILES, readSummary, type Evaluation } from '../pipeline/index.js';
import { positiveInteger } from './parse-number.js';

/** The options of `peerscope evaluate`, as commander parses them. */
export interface EvaluateCommandOptions {
  window: number;
  json?: boolean;
}

/** The evaluation as a plain-text table. */
export function formatEvaluation(e: Evaluation): string {
  const f = (x: number | null) => (x === null || Number.isNaN(x) ? '  n/a' : x.toFixed(3));
  const lines = [
    `hosts: ${e.hosts.n} human hosts, ${e.hosts.compromised} compromised`,
    'score        ROC-AUC  AP     P@10   P@50   P@100',
  ];
  for (const [name, m] of Object.entries(e.hosts.by_score)) {
    lines.push(
      `${name.padEnd(12)} ${f(m.roc_auc)}   ${f(m.average_precision)}  ${f(m.precision_at['10'])}  ${f(m.precision_at['50'])}  ${f(m.precision_at['100'])}`,
    );
  }
  lines.push(
    `edges: ${e.edges.n} auth edges, ${e.edges.positives} match a red-team event (±${e.edges.window} s); ROC-AUC ${f(e.edges.roc_auc)}, AP ${f(e.edges.average_precision)}; ` +
      `${e.edges.redteam_events_matched} of ${e.edges.redteam_events} red-team events have an edge`,
  );
  lines.push('compromised hosts (rank of combined score, first interval in the top 1 % of upload peer z):');
  for (const h of e.compromised_hosts)
    lines.push(`  ${h.host.padEnd(10)} rank ${String(h.rank).padStart(5)}  ${h.first_top1_interval ?? '-'}`);
  return lines.join('\n') + '\n';
}

/** `peerscope evaluate OUT`: scores of an analyze output folder against its red team. */
export function evaluateCommand(): Command {
  return new Command('evaluate')
    .description('evaluate hosts.csv and the scored auth edges of an analyze output folder against its redteam')
    .argument('<OUT>', 'a folder written by peerscope analyze (with detection)')
    .option(
      '--window <SECONDS>',
      'an edge matches a red-team event within this many seconds',
      positiveInteger('--window'),
      EVALUATE_DEFAULTS.window,
    )
    .option('--json', 'print JSON')
    .action(async (out: string, opts: EvaluateCommandOptions) => {
      const summaryPath = join(out, OUTPUT_FILES.summary);
      if (!existsSync(summaryPath) || !existsSync(join(out, OUTPUT_FILES.hosts))) {
        throw new InputError(
          `not an analyze output folder with detection (needs ${OUTPUT_FILES.summary} and ${OUTPUT_FILES.hosts})`,
          { file: out },
        );
      }
      const summary = readSummary(out);
      if (!((summary.files.redteam?.rows ?? 0) > 0)) {
        throw new InputError('the run had no redteam rows: nothing to evaluate against', { file: summaryPath });
      }
      const warmupEnd = summary.detection?.warmup_end;
      if (warmupEnd === undefined) throw new InputError('no detection: nothing to evaluate', { file: summaryPath });
      const engine = await openDuckDb();
      try {
        const evaluation = await evaluateRun(engine, out, { window: opts.window, warmupEnd });
        writeFileAtomic(join(out, OUTPUT_FILES.evaluation), JSON.stringify(evaluation, null, 2) + '\n');
        process.stdout.write(opts.json ? JSON.stringify(evaluation, null, 2) + '\n' : formatEvaluation(evaluation));
      } finally {
        await engine.close();
      }
    });
}
