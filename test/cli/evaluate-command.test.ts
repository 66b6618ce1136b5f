import { test } from 'node:test';
import assert from 'node:assert/strict';
import { formatEvaluation } from '../../src/cli/evaluate-command.js';
import type { Evaluation } from '../../src/pipeline/index.js';

const metrics = (roc: number | null) => ({
  roc_auc: roc,
  average_precision: 0.5,
  precision_at: { '10': 0.2, '50': 0.04, '100': 0.02 },
});

test("evaluate's table: every score row, self_baseline included, has its ROC-AUC under the header's", () => {
  const evaluation = {
    hosts: {
      n: 107,
      compromised: 2,
      by_score: { score: metrics(1), peer_z: metrics(0.976), self_baseline: metrics(0.995), beacon: metrics(null) },
    },
    compromised_hosts: [],
    alerts: {
      alerted: 2,
      alerted_share: 1,
      median_delay_intervals: 0,
      false_alerts: 0,
      clean_hosts: 105,
      days: 3,
      false_alerts_per_day_per_1000: 0,
    },
    by_campaign: {},
    edges: {
      n: 10,
      positives: 1,
      redteam_events: 2,
      redteam_events_matched: 1,
      roc_auc: 1,
      average_precision: 1,
      window: 3600,
    },
    curves: { roc: [], pr: [] },
  } as unknown as Evaluation;
  const lines = formatEvaluation(evaluation).split('\n');
  const at = lines.findIndex((l) => l.startsWith('score ') && l.includes('ROC-AUC'));
  const column = lines[at]!.indexOf('ROC-AUC');
  const body = lines.slice(at + 1);
  const rows = Object.fromEntries(
    ['score', 'peer_z', 'self_baseline', 'beacon'].map((name) => [name, body.find((l) => l.startsWith(`${name} `))!]),
  );
  assert.equal(rows.score!.slice(column, column + 5), '1.000');
  assert.equal(rows.peer_z!.slice(column, column + 5), '0.976');
  assert.equal(rows.self_baseline!.slice(column, column + 5), '0.995');
  assert.equal(rows.beacon!.slice(column, column + 5), '  n/a');
});
