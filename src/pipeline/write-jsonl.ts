import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { parseIpAddress } from '../sources/ip-address.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { OUTPUT_FILES } from './output-files.js';

/** The JSON-lines files {@link writeJsonl} writes, from the CSV each is made of. */
export const JSONL_FILES = {
  hosts: { jsonl: 'hosts.jsonl', csv: OUTPUT_FILES.hosts },
  edges: { jsonl: 'edges.jsonl', csv: OUTPUT_FILES.edges },
  alerts: { jsonl: OUTPUT_FILES.alertsJsonl, csv: OUTPUT_FILES.alerts },
} as const;

/**
 * CSV column → Elastic Common Schema field (dotted path). Columns not listed go under
 * `peerscope.<column>`. A host column holding an IP address also fills `.ip` beside it (`host.ip`, `source.ip`).
 */
export const JSONL_FIELDS: Readonly<Record<string, string>> = {
  host: 'host.name',
  src_host: 'source.address',
  dst_host: 'destination.address',
  peer_host: 'destination.address',
  user: 'user.name',
  src_user: 'user.name',
  score: 'event.risk_score',
};

/** Columns that are names even when they look like numbers (LANL's hosts are C123, but a host may be 42). */
const TEXT_COLUMNS = new Set(['host', 'src_host', 'dst_host', 'peer_host', 'user', 'src_user', 'views', 'reason']);
/** Columns holding the record's time in seconds, the first one present is `@timestamp`. */
const TIME_COLUMNS = ['time', 'interval', 'first_time'];

/**
 * Writes OUT/hosts.jsonl, edges.jsonl and (when detection wrote alerts.csv) alerts.jsonl: one JSON
 * object per CSV row, in the CSV's order, with ECS names (`@timestamp`, `host.name`,
 * `source.ip`, `user.name`, `event.risk_score`, `event.dataset` = `peerscope.<file>`) and the other
 * columns under `peerscope`. `@timestamp` is the row's time (its time or interval column; for
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
      { path: csv },
    );
    const fallback = summary.time_span.last;
    const lines = rows.map((row) => JSON.stringify(ecsRecord(row, `peerscope.${name}`, fallback)));
    writeFileSync(join(dir, files.jsonl), lines.length === 0 ? '' : lines.join('\n') + '\n');
    written.push(files.jsonl);
  }
  return written;
}

function ecsRecord(row: Record<string, string | null>, dataset: string, fallbackTime: number | null) {
  const out: Record<string, unknown> = {};
  const timeColumn = TIME_COLUMNS.find((c) => row[c] !== undefined && row[c] !== null && row[c] !== '');
  const seconds = timeColumn === undefined ? fallbackTime : Number(row[timeColumn]);
  if (seconds !== null && Number.isFinite(seconds)) out['@timestamp'] = new Date(seconds * 1000).toISOString();
  set(out, 'event.dataset', dataset);
  for (const [column, raw] of Object.entries(row)) {
    if (raw === null || raw === '') continue;
    const value = TEXT_COLUMNS.has(column) || !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(raw) ? raw : Number(raw);
    const field = JSONL_FIELDS[column];
    if (field === undefined) {
      set(out, `peerscope.${column}`, value);
      continue;
    }
    if (getPath(out, field) === undefined) set(out, field, value);
    if (/\.(address|name)$/.test(field) && field !== 'user.name' && parseIpAddress(raw) !== undefined)
      set(out, field.replace(/\.(address|name)$/, '.ip'), raw);
  }
  return out;
}

function set(target: Record<string, unknown>, path: string, value: unknown): void {
  const parts = path.split('.');
  let node = target;
  for (const part of parts.slice(0, -1)) {
    node[part] ??= {};
    node = node[part] as Record<string, unknown>;
  }
  node[parts[parts.length - 1]!] = value;
}

function getPath(target: Record<string, unknown>, path: string): unknown {
  let node: unknown = target;
  for (const part of path.split('.')) node = (node as Record<string, unknown> | undefined)?.[part];
  return node;
}
