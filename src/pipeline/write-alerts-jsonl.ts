import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ecsRecord } from './ecs-record.js';
import { OUTPUT_FILES } from './output-files.js';

/** One alert as detection makes it: the columns of alerts.csv, `evidence` as an object (alerts.csv holds it as JSON text). */
export interface AlertRow {
  /** Start of the host-interval (s). */
  interval: number;
  host: string;
  peer_group: number;
  p_value: number;
  score: number;
  views: string;
  reason: string;
  evidence: unknown;
}

/**
 * Writes OUT/alerts.jsonl, its only writer: one object per alert, in alerts.csv's order, with
 * ECS names (see ecsRecord): `@timestamp` (the interval's start), `event.dataset`
 * (`peerscope.alerts`), `event.risk_score` (`score`), `host.name` (and `host.ip` when the host is an
 * address), and under `peerscope`: `interval`, `peer_group`, `p_value`, `views`, `reason` and
 * `evidence` (an object, not the CSV's JSON text).
 */
export function writeAlertsJsonl(dir: string, alerts: readonly AlertRow[]): void {
  const lines = alerts.map((a) => JSON.stringify(ecsRecord({ ...a }, 'peerscope.alerts', null)) + '\n');
  writeFileSync(join(dir, OUTPUT_FILES.alertsJsonl), lines.join(''));
}
