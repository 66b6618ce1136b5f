import { parseIpAddress } from '../sources/ip-address.js';

/**
 * Output column → Elastic Common Schema field (dotted path). Columns not listed go under
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
 * One output row as an ECS object, nested as ECS writes it: `@timestamp` (ISO 8601 of the row's
 * time, interval or first_time column, read as Unix seconds; `fallbackTime` when it has none),
 * `event.dataset` = `dataset`, the columns of {@link JSONL_FIELDS} under their ECS names, then every
 * other one under `peerscope`, each in the row's column order. Values as given (numbers, objects); a
 * string that is a number becomes one, except in name columns; null and empty values are left out.
 */
export function ecsRecord(
  row: Readonly<Record<string, unknown>>,
  dataset: string,
  fallbackTime: number | null,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  const timeColumn = TIME_COLUMNS.find((c) => row[c] !== undefined && row[c] !== null && row[c] !== '');
  const seconds = timeColumn === undefined ? fallbackTime : Number(row[timeColumn]);
  if (seconds !== null && Number.isFinite(seconds)) out['@timestamp'] = new Date(seconds * 1000).toISOString();
  set(out, 'event.dataset', dataset);
  // The ECS fields first, then ours.
  const own: Record<string, unknown> = {};
  for (const [column, raw] of Object.entries(row)) {
    if (raw === null || raw === undefined || raw === '') continue;
    const value =
      typeof raw === 'string' && !TEXT_COLUMNS.has(column) && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(raw)
        ? Number(raw)
        : raw;
    const field = JSONL_FIELDS[column];
    if (field === undefined) {
      own[column] = value;
      continue;
    }
    if (getPath(out, field) === undefined) set(out, field, value);
    if (
      /\.(address|name)$/.test(field) &&
      field !== 'user.name' &&
      typeof raw === 'string' &&
      parseIpAddress(raw) !== undefined
    )
      set(out, field.replace(/\.(address|name)$/, '.ip'), raw);
  }
  if (Object.keys(own).length > 0) out.peerscope = own;
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
