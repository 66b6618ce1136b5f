import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
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
  // Wide enough for the longest score name (self_baseline), so the columns line up.
  const width = Math.max(12, ...Object.keys(e.hosts.by_score).map((name) => name.length));
  const lines = [
    `hosts: ${e.hosts.n} human hosts, ${e.hosts.compromised} compromised`,
    `${'score'.padEnd(width)} ROC-AUC  AP     P@10   P@50   P@100`,
  ];
  for (const [name, m] of Object.entries(e.hosts.by_score)) {
    lines.push(
      `${name.padEnd(width)} ${f(m.roc_auc)}   ${f(m.average_precision)}  ${f(m.precision_at['10'])}  ${f(m.precision_at['50'])}  ${f(m.precision_at['100'])}`,
    );
  }
  lines.push(
    `edges: ${e.edges.n} auth edges, ${e.edges.positives} match a red-team event (±${e.edges.window} s); ROC-AUC ${f(e.edges.roc_auc)}, AP ${f(e.edges.average_precision)}; ` +
      `${e.edges.redteam_events_matched} of ${e.edges.redteam_events} red-team events have an edge`,
  );
  const a = e.alerts;
  lines.push(
    `alerts: ${a.alerted} of ${e.hosts.compromised} compromised hosts alerted (${f(a.alerted_share)}), median delay ${a.median_delay_intervals ?? 'n/a'} intervals; ` +
      `${a.false_alerts} alerts on ${a.clean_hosts} clean hosts over ${a.days.toFixed(1)} days = ${f(a.false_alerts_per_day_per_1000)} per day per 1,000 hosts`,
  );
  for (const [name, c] of Object.entries(e.by_campaign))
    lines.push(
      `campaign ${name}: ${c.hosts.compromised} hosts, score ROC-AUC ${f(c.hosts.by_score.score?.roc_auc ?? null)}, AP ${f(c.hosts.by_score.score?.average_precision ?? null)}, alerted ${f(c.alerts.alerted_share)}, median delay ${c.alerts.median_delay_intervals ?? 'n/a'}`,
    );
  lines.push(
    'compromised hosts (rank, campaign, first alert interval, delay in intervals after its first red-team time, first interval in the top 1 % of upload peer z):',
  );
  for (const h of e.compromised_hosts)
    lines.push(
      `  ${h.host.padEnd(10)} rank ${String(h.rank).padStart(5)}  ${(h.campaign ?? '-').padEnd(13)} ${h.first_alert_interval ?? '-'}  ${h.delay_intervals ?? '-'}  ${h.first_top1_interval ?? '-'}`,
    );
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
        const redteamFile = summary.inputs.redteam?.[0]?.path;
        const evaluation = await evaluateRun(engine, out, {
          window: opts.window,
          warmupEnd,
          intervalSeconds: summary.interval,
          truthHosts: redteamFile === undefined ? undefined : join(dirname(redteamFile), 'truth', 'hosts.csv'),
        });
        writeFileAtomic(join(out, OUTPUT_FILES.evaluation), JSON.stringify(evaluation, null, 2) + '\n');
        process.stdout.write(opts.json ? JSON.stringify(evaluation, null, 2) + '\n' : formatEvaluation(evaluation));
      } finally {
        await engine.close();
      }
    });
}
