import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { rejectedText, timeOutOfRangeDetail } from '../sources/scan-block.js';
import { rejectedFileName, SCAN_LOG_DEFAULTS, type FileAccount } from '../sources/scan-log.js';
import { placeableTimes } from '../store/placeable-times.js';
import type { StoreManifest } from '../store/store-format.js';

interface Entry {
  file: number;
  line: number;
  /** `line<TAB>text\n` as rejected/ holds it. */
  bytes: Buffer;
}

/**
 * The SQL path's share of the `time_out_of_range` rule: a stored flow whose time the series
 * cannot place at `interval` (possible only below a day, see placeableTimes) becomes a rejected
 * line, as the byte scanner makes it: counted in `account` (the flows account, changed in
 * place), merged in line order into OUT/rejected/ under `dir` (its text rebuilt from the stored
 * fields), and among the examples. Returns whether any flow was rejected.
 */
export async function rejectUnplaceableFlows(
  engine: Engine,
  store: string,
  manifest: StoreManifest,
  account: FileAccount,
  dir: string,
  interval: number,
): Promise<boolean> {
  const bounds = placeableTimes(interval);
  if (!bounds || manifest.partitions.flows.length === 0) return false;
  const fields = LOG_FORMATS.flows.fields;
  const rows = await engine.all<Record<string, unknown>>(
    `SELECT file, line, ${fields.map((f) => `${engine.ident(f)}::VARCHAR AS ${engine.ident(f)}`).join(', ')}
     FROM ${engine.readParquet(join(store, 'flows'), '*.parquet')} WHERE time < $lo OR time >= $hi ORDER BY file, line`,
    bounds,
  );
  if (rows.length === 0) return false;
  const labels = manifest.labels?.flows ?? manifest.inputs.flows.map((f) => basename(f.path));
  const label = (file: number) => labels[file] ?? `flows split ${file}`;

  // The rejected/ files ingest wrote, by input (rejected_files lists them in input order), read
  // back as entries; then the new ones, and each input's file rewritten under its final name.
  const entries = new Map<number, Entry[]>();
  const ingestNames = new Map<number, string>();
  const taken: string[] = [];
  for (let file = 0, next = 0; file < labels.length; file++) {
    const name = rejectedFileName(label(file), taken);
    if (account.rejected_files[next] !== name) continue;
    next++;
    taken.push(name);
    ingestNames.set(file, name);
    const path = join(dir, name);
    entries.set(file, existsSync(path) ? parseRejected(readFileSync(path), file) : []);
  }
  const examples = account.examples.map((text) => ({ ...whereExample(text, labels), text }));
  for (const row of rows) {
    const file = Number(row.file);
    const line = Number(row.line);
    const time = Number(row.time);
    const text = Buffer.from(fields.map((f) => String(row[f])).join(','), 'utf8');
    const kept = rejectedText(text, 0, text.length);
    const bytes = Buffer.concat([Buffer.from(`${line}\t`), kept, Buffer.from('\n')]);
    const list = entries.get(file) ?? [];
    list.push({ file, line, bytes });
    entries.set(file, list);
    examples.push({ file, line, text: `${label(file)} line ${line}: ${timeOutOfRangeDetail(time)}` });
  }

  for (const name of ingestNames.values()) rmSync(join(dir, name), { force: true });
  const finalNames: string[] = [];
  for (const file of [...entries.keys()].sort((a, b) => a - b)) {
    const list = entries.get(file)!.sort((a, b) => a.line - b.line);
    const name = rejectedFileName(label(file), finalNames);
    finalNames.push(name);
    const path = join(dir, name);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, Buffer.concat(list.slice(0, SCAN_LOG_DEFAULTS.maxRejectedLines).map((e) => e.bytes)));
  }
  account.rejected_files = finalNames;
  account.rows -= rows.length;
  account.rejected += rows.length;
  account.reasons.time_out_of_range = (account.reasons.time_out_of_range ?? 0) + rows.length;
  account.examples = examples
    .sort((a, b) => a.file - b.file || a.line - b.line)
    .slice(0, SCAN_LOG_DEFAULTS.examples)
    .map((e) => e.text);
  return true;
}

function parseRejected(buf: Buffer, file: number): Entry[] {
  const out: Entry[] = [];
  for (let start = 0; start < buf.length;) {
    let nl = buf.indexOf(0x0a, start);
    if (nl < 0) nl = buf.length - 1;
    const tab = buf.indexOf(0x09, start);
    out.push({ file, line: Number(buf.toString('latin1', start, tab)), bytes: buf.subarray(start, nl + 1) });
    start = nl + 1;
  }
  return out;
}

/** The input and line an example (`LABEL line N: …`) names. */
function whereExample(text: string, labels: readonly string[]): { file: number; line: number } {
  for (let file = labels.length - 1; file >= 0; file--) {
    const prefix = `${labels[file]} line `;
    if (text.startsWith(prefix)) return { file, line: Number.parseInt(text.slice(prefix.length), 10) };
  }
  return { file: -1, line: 0 };
}
