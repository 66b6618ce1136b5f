import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { LogFormat } from './log-formats.js';
import type { InputFile } from './resolve-inputs.js';
import { parseIntField } from './parse-int-field.js';
import { scanFile, type ScanProgress } from './scan-file.js';
import { splitFields } from './split-fields.js';

/**
 * A valid row: field i is buf[starts[i], starts[i + 1] - 1); ints[i] holds integer field i.
 * The arrays are reused for every row: read them, don't keep them.
 */
export type RowHandler = (buf: Buffer, starts: Int32Array, ints: Float64Array, lineNumber: number) => void;

/** What one file (or all splits of a kind, summed) held. */
export interface FileAccount {
  /** Valid rows handed on. */
  rows: number;
  /** Rows rejected (wrong field count or a non-integer in an integer column). */
  rejected: number;
  /** Blank lines skipped. */
  blank: number;
  /** Bytes after decompression. */
  bytes: number;
  /** Rejections by reason: "field_count" or "<field>_not_integer". */
  reasons: Record<string, number>;
  /** The first few rejections in words, e.g. `flows.txt line 7: bytes "x7" is not an integer`. */
  examples: string[];
  /** Files written under rejected/, relative to OUT. */
  rejected_files: string[];
}

/** Options for {@link scanLog}. */
export interface ScanLogOptions {
  /** Folder where rejected/<file>.txt goes; nothing is written when undefined. */
  outDir?: string;
  /** Rejected lines written per file. Default 10,000. */
  maxRejectedLines?: number;
  onProgress?: (progress: ScanProgress) => void;
}

export const SCAN_LOG_DEFAULTS = { maxRejectedLines: 10_000, examples: 5 } as const;

/** An empty account, to sum files into. */
export function emptyAccount(): FileAccount {
  return { rows: 0, rejected: 0, blank: 0, bytes: 0, reasons: {}, examples: [], rejected_files: [] };
}

/**
 * Reads one LANL-format file, validates every line against `format` and hands valid rows to
 * `onRow`. Invalid lines are counted into `account` and the first ones written to
 * OUT/rejected/<file>.txt as `line<TAB>original text`; the scan goes on.
 */
export async function scanLog(file: InputFile, format: LogFormat, onRow: RowHandler, account: FileAccount, options: ScanLogOptions = {}): Promise<void> {
  const nFields = format.fields.length;
  const integers = Int32Array.from(format.integers);
  const starts = new Int32Array(nFields + 2);
  const ints = new Float64Array(nFields);
  const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  const rejectedLines: string[] = [];

  const reject = (buf: Buffer, start: number, end: number, lineNumber: number, reason: string, detail: string) => {
    account.rejected++;
    account.reasons[reason] = (account.reasons[reason] ?? 0) + 1;
    if (account.examples.length < SCAN_LOG_DEFAULTS.examples) account.examples.push(`${file.label} line ${lineNumber}: ${detail}`);
    if (rejectedLines.length < maxLines) rejectedLines.push(`${lineNumber}\t${buf.toString('utf8', start, end)}\n`);
  };

  const stats = await scanFile(
    file.path,
    (buf, start, end, lineNumber) => {
      const n = splitFields(buf, start, end, starts, nFields);
      if (n !== nFields) {
        reject(buf, start, end, lineNumber, 'field_count', n > nFields ? `more than ${nFields} fields` : `${n} fields, expected ${nFields}`);
        return;
      }
      for (let k = 0; k < integers.length; k++) {
        const i = integers[k];
        const v = parseIntField(buf, starts[i], starts[i + 1] - 1);
        if (v !== v) {
          const name = format.fields[i];
          reject(buf, start, end, lineNumber, `${name}_not_integer`, `${name} ${JSON.stringify(buf.toString('utf8', starts[i], starts[i + 1] - 1))} is not an integer`);
          return;
        }
        ints[i] = v;
      }
      account.rows++;
      onRow(buf, starts, ints, lineNumber);
    },
    { label: file.label, gzip: file.gzip, onProgress: options.onProgress },
  );
  account.blank += stats.blank;
  account.bytes += stats.bytes;
  if (rejectedLines.length > 0 && options.outDir !== undefined) {
    const relative = join('rejected', rejectedName(file));
    const path = join(options.outDir, relative);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, rejectedLines.join(''));
    account.rejected_files.push(relative);
  }
}

/** rejected/ name of a file: `auth.txt.gz` → `auth.txt`, split `auth/p1.txt.gz` → `auth/p1.txt`. */
function rejectedName(file: InputFile): string {
  const label = file.label.replace(/\.gz$/, '');
  return label.endsWith('.txt') ? label : `${label}.txt`;
}
