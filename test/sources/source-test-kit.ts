// Helpers for the source-adapter tests: run an adapter over a file the way the pipeline will
// (prepare from the head, record-aligned blocks, one scanner per file) and collect its rows.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';
import {
  emptyAccount,
  emptyTotals,
  readHead,
  scanSource,
  SOURCE_ADAPTERS,
  type FileAccount,
  type InputFile,
  type LogKind,
  type PrepareOptions,
  type SourceConfig,
  type SourceFormat,
  type SourceTotals,
} from '../../src/sources/index.js';

export const FIXTURES = join(import.meta.dirname, 'fixtures');

/** A row as the handler saw it: the nine LANL fields as text, and the ints array copied. */
export interface SeenRow {
  line: number;
  fields: string[];
  ints: number[];
}

export function inputFile(path: string, kind: LogKind, label = path.split('/').pop() ?? path): InputFile {
  return { kind, path, label, bytes: 0, gzip: path.endsWith('.gz') };
}

/** Writes `content` to a fresh temporary file named `name`. */
export function tempFile(name: string, content: string | Buffer): string {
  const dir = tempDir('src');
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** Prepares `path` as `format` from its head and scans it serially; returns rows and accounting. */
export async function runAdapter(
  format: SourceFormat,
  path: string,
  kind: LogKind,
  options: Omit<PrepareOptions, 'kind' | 'label'> = {},
  scanOptions: { outDir?: string; blockSize?: number } = {},
): Promise<{ rows: SeenRow[]; account: FileAccount; totals: SourceTotals; config: SourceConfig }> {
  const file = inputFile(path, kind);
  const head = await readHead(path, { gzip: file.gzip });
  const config = SOURCE_ADAPTERS[format].prepare(head, { kind, label: file.label, ...options });
  const rows: SeenRow[] = [];
  const account = emptyAccount();
  const totals = emptyTotals();
  await scanSource(
    file,
    config,
    (buf, starts, ints, line) => {
      const fields = Array.from({ length: 9 }, (_, i) => buf.toString('utf8', starts[i], (starts[i + 1] ?? 0) - 1));
      rows.push({ line, fields, ints: Array.from(ints) });
    },
    account,
    totals,
    scanOptions,
  );
  return { rows, account, totals, config };
}
