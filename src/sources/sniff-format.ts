import { bomLength } from './bom-length.js';
import { LOG_FORMATS, type LogKind } from './log-formats.js';
import { parseIntField } from './parse-int-field.js';
import { parseZeekHeader } from './parse-zeek-header.js';
import type { SourceFormat } from './source-adapter.js';
import { ZEEK_CONN_FIELDS } from './zeek-conn-fields.js';

/** What the first bytes of a file look like. */
export interface SniffResult {
  format: SourceFormat | 'unknown';
  /** How the records are written. */
  encoding?: 'csv' | 'tsv' | 'json' | 'xml';
  /** For LANL: the kind whose layout the lines fit (auth and flows both have 9 fields; flows has integers at 1, 7, 8). */
  kind?: LogKind;
  /** For LANL: the first line is a header, not a record. */
  headerLine?: boolean;
  /** In words, for the user: `sniffed zeek conn TSV from its #fields header`, or why nothing fits. */
  reason: string;
}

/** Lines of a CSV head examined. */
export const SNIFF_DEFAULTS = { lines: 20 } as const;

/**
 * Guesses a file's format from its first bytes (after gunzip): a Zeek TSV header, JSON lines
 * of Zeek conn or Winlogbeat records, Windows Event XML, or LANL CSV (auth or flows, by which
 * columns hold integers; a first line that is a header is reported). Anything else is `unknown`
 * with a reason that says what was seen: empty, binary, gzip not unpacked, UTF-16, an EVTX file,
 * another Zeek log, a JSON array, CSV of another layout.
 */
export function sniffFormat(head: Buffer): SniffResult {
  if (head.length === 0) return unknown('the file is empty');
  if (head[0] === 0x1f && head[1] === 0x8b) return unknown('gzip-compressed data: name the file .gz so it is unpacked');
  if (head.subarray(0, 8).toString('latin1') === 'ElfFile\0') {
    return unknown(
      'a binary EVTX event log: export it as XML first (wevtutil qe FILE.evtx /lf:true /f:xml > FILE.xml) or read it with Winlogbeat',
    );
  }
  if ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff) || looksUtf16(head)) {
    return unknown(
      'UTF-16 text (as PowerShell redirection writes it): convert it to UTF-8 first (iconv -f UTF-16 -t UTF-8)',
    );
  }
  if (isBinary(head)) return unknown('binary data, not a text log');
  const text = head.toString('utf8', bomLength(head));
  const start = text.trimStart();
  if (start === '') return unknown('the file holds only blank lines');
  if (start.startsWith('#')) return sniffZeekTsv(start);
  if (start.startsWith('{')) return sniffJson(start, head.length);
  if (start.startsWith('['))
    return unknown('a JSON array: peerscope reads JSON lines, one object per line (convert with jq -c ".[]")');
  if (start.startsWith('<')) {
    if (
      /<Event[\s>]/.test(start) &&
      (start.includes('schemas.microsoft.com/win/2004/08/events/event') || start.includes('<EventID'))
    ) {
      return { format: 'winlogon', encoding: 'xml', reason: 'sniffed Windows Event XML from its <Event> records' };
    }
    return unknown('XML without Windows <Event> records');
  }
  return sniffCsv(start);
}

function unknown(reason: string): SniffResult {
  return { format: 'unknown', reason };
}

function sniffZeekTsv(text: string): SniffResult {
  const header = parseZeekHeader(text);
  if (header === undefined) return unknown('lines starting with "#" but no Zeek "#separator" header');
  if (header.path !== undefined && header.path !== 'conn')
    return unknown(`a Zeek ${header.path} log, not conn.log (#path ${header.path})`);
  if (header.fields.length === 0) return unknown('a Zeek header without a #fields line');
  const missing = ZEEK_CONN_FIELDS.required.filter((f) => !header.fields.includes(f));
  if (missing.length > 0) return unknown(`a Zeek log whose #fields lack ${missing.join(', ')}`);
  if (!ZEEK_CONN_FIELDS.markers.some((f) => header.fields.includes(f)))
    return unknown('a Zeek log with connection ids but not conn.log (no conn_state, orig_bytes, … in #fields)');
  return { format: 'zeek', encoding: 'tsv', reason: 'sniffed zeek conn TSV from its #fields header' };
}

function sniffJson(text: string, headBytes: number): SniffResult {
  const newline = text.indexOf('\n');
  const firstLine = newline < 0 ? text : text.slice(0, newline);
  let obj: Record<string, unknown> | undefined;
  try {
    const v: unknown = JSON.parse(firstLine);
    if (typeof v === 'object' && v !== null && !Array.isArray(v)) obj = v as Record<string, unknown>;
  } catch {
    obj = undefined;
  }
  if (obj === undefined) {
    // A first record longer than the head cannot be parsed; its keys still show what it is.
    if (newline < 0 && headBytes >= 4096) {
      if (/"id\.orig_h"\s*:/.test(firstLine) && /"ts"\s*:/.test(firstLine))
        return {
          format: 'zeek',
          encoding: 'json',
          reason: 'sniffed zeek conn JSON lines from the keys of a long first record',
        };
      if (/"winlog"\s*:/.test(firstLine))
        return {
          format: 'winlogon',
          encoding: 'json',
          reason: 'sniffed Winlogbeat JSON lines from the keys of a long first record',
        };
    }
    if (text.includes('\n  "') || /^\{\s*$/m.test(firstLine))
      return unknown('pretty-printed JSON: peerscope reads JSON lines, one object per line (convert with jq -c .)');
    return unknown('the first line starts like JSON but is not a JSON object');
  }
  const source =
    typeof obj['_source'] === 'object' && obj['_source'] !== null ? (obj['_source'] as Record<string, unknown>) : obj;
  const keys = Object.keys(source);
  const nested =
    typeof source['id'] === 'object' && source['id'] !== null ? Object.keys(source['id']).map((k) => `id.${k}`) : [];
  const all = new Set([...keys, ...nested]);
  if (all.has('ts') && all.has('id.orig_h')) {
    const path = source['_path'];
    if (path !== undefined && path !== 'conn') return unknown(`JSON lines of a Zeek ${String(path)} log, not conn.log`);
    if (!ZEEK_CONN_FIELDS.markers.some((f) => all.has(f)))
      return unknown('JSON lines of a Zeek log with connection ids but not conn.log (no conn_state, orig_bytes, …)');
    return {
      format: 'zeek',
      encoding: 'json',
      reason: 'sniffed zeek conn JSON lines from the keys of the first record (ts, id.orig_h, …)',
    };
  }
  if (all.has('winlog') || keys.some((k) => k.startsWith('winlog.'))) {
    return {
      format: 'winlogon',
      encoding: 'json',
      reason: 'sniffed Winlogbeat JSON lines from the winlog field of the first record',
    };
  }
  return unknown(
    `JSON lines that are neither Zeek conn nor Winlogbeat records (first record's keys: ${keys.slice(0, 8).join(', ')})`,
  );
}

function sniffCsv(text: string): SniffResult {
  const lines = text
    .split('\n')
    .slice(0, SNIFF_DEFAULTS.lines + 1)
    .map((l) => l.replace(/\r$/, ''));
  // The last piece may be cut by the head's size.
  if (lines.length > SNIFF_DEFAULTS.lines || !text.endsWith('\n')) lines.pop();
  const records = lines.filter((l) => l !== '');
  if (records.length === 0) return unknown('no complete line in the first bytes');
  const first = records[0] ?? '';
  if (first.includes('\t') && first.split('\t').length >= 6) {
    return unknown('tab-separated lines without a Zeek "#fields" header (zeek-cut output?): keep the header lines');
  }
  for (const kind of ['flows', 'auth', 'redteam', 'dns', 'proc'] as const) {
    const fit = records.map((l) => fits(l, kind));
    const rest = fit.slice(1);
    if (fit.every((f) => f))
      return {
        format: 'lanl',
        encoding: 'csv',
        kind,
        headerLine: false,
        reason: `sniffed LANL ${kind} CSV (${LOG_FORMATS[kind].fields.length} fields, integers where ${kind} has them)`,
      };
    if (rest.length > 0 && rest.every((f) => f) && looksLikeHeader(first, kind)) {
      return {
        format: 'lanl',
        encoding: 'csv',
        kind,
        headerLine: true,
        reason: `sniffed LANL ${kind} CSV with a header line (${JSON.stringify(first.slice(0, 40))}), which is skipped`,
      };
    }
  }
  const counts = [...new Set(records.map((l) => l.split(',').length))];
  return unknown(
    `CSV that fits no LANL layout: ${counts.join('/')} comma-separated fields per line (LANL auth and flows have 9, integer time first), first line ${JSON.stringify(first.slice(0, 80))}`,
  );
}

function fits(line: string, kind: LogKind): boolean {
  const format = LOG_FORMATS[kind];
  const fields = line.split(',');
  if (fields.length !== format.fields.length) return false;
  for (const i of format.integers) {
    const f = Buffer.from(fields[i] ?? '');
    if (Number.isNaN(parseIntField(f, 0, f.length))) return false;
  }
  // Auth rows are told from flows by the text columns flows have as integers.
  if (kind === 'auth' && [1, 7, 8].every((i) => /^-?[0-9]+$/.test(fields[i] ?? ''))) return false;
  return true;
}

function looksLikeHeader(line: string, kind: LogKind): boolean {
  const fields = line.split(',');
  return fields.length === LOG_FORMATS[kind].fields.length && /^[A-Za-z_"]/.test(fields[0] ?? '');
}

function isBinary(head: Buffer): boolean {
  const n = Math.min(head.length, 4096);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const c = head[i]!;
    if (c === 0) return true;
    if (c < 32 && c !== 9 && c !== 10 && c !== 13 && c !== 12) control++;
  }
  return control > n / 20;
}

/** UTF-16 without a byte-order mark: NUL in every other byte. */
function looksUtf16(head: Buffer): boolean {
  const n = Math.min(head.length, 512) & ~1;
  if (n < 4) return false;
  let even = 0,
    odd = 0;
  for (let i = 0; i < n; i += 2) {
    if (head[i] === 0) even++;
    if (head[i + 1] === 0) odd++;
  }
  return even > n / 4 || odd > n / 4;
}
