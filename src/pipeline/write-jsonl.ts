import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { globLiteral, type Engine } from '../engine/index.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { ecsRecord } from './ecs-record.js';
import { OUTPUT_FILES } from './output-files.js';

/** The JSON-lines files {@link writeJsonl} writes, from the CSV each is made of (detection writes alerts.jsonl itself, see writeAlertsJsonl). */
export const JSONL_FILES = {
  hosts: { jsonl: 'hosts.jsonl', csv: OUTPUT_FILES.hosts },
  edges: { jsonl: 'edges.jsonl', csv: OUTPUT_FILES.edges },
} as const;

/**
 * Writes OUT/hosts.jsonl and edges.jsonl (when detection wrote their CSVs): one JSON object per CSV
 * row, in the CSV's order, with ECS names (see ecsRecord: `@timestamp`, `host.name`, `source.ip`,
 * `user.name`, `event.risk_score`, `event.dataset` = `peerscope.<file>`) and the other columns under
 * `peerscope`. `@timestamp` is the row's time (its time or interval column; for
 * hosts without one, the end of the analysed span) as ISO 8601, read as Unix seconds (LANL's
 * times count from its start, so they land in January 1970). Returns the files written.
 */
export async function writeJsonl(engine: Engine, dir: string, summary: AnalyzeSummary): Promise<string[]> {
  const written: string[] = [];
  for (const [name, files] of Object.entries(JSONL_FILES)) {
    const csv = join(dir, files.csv);
    if (!existsSync(csv)) continue;
    const rows = await engine.all<Record<string, string | null>>(
      'SELECT * FROM read_csv($path, header = true, all_varchar = true)',
      { path: globLiteral(csv) },
    );
    const fallback = summary.time_span.last;
    const lines = rows.map((row) => JSON.stringify(ecsRecord(row, `peerscope.${name}`, fallback)));
    writeFileSync(join(dir, files.jsonl), lines.length === 0 ? '' : lines.join('\n') + '\n');
    written.push(files.jsonl);
  }
  return written;
}
