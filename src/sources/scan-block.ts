import { isUtf8 } from 'node:buffer';
import type { LogFormat } from './log-formats.js';
import { parseIntField } from './parse-int-field.js';

/**
 * A valid row: field i is buf[starts[i], starts[i + 1] - 1); ints[i] holds integer field i.
 * The arrays are reused for every row: read them, don't keep them.
 */
export type RowHandler = (buf: Buffer, starts: Int32Array, ints: Float64Array, lineNumber: number) => void;

/** One rejected line. */
export interface BlockRejection {
  line: number;
  /** "field_count", "field_too_long", "<field>_not_integer", "<field>_not_text" or "time_out_of_range". */
  reason: string;
  /** In words, without the file name: `bytes "x7" is not an integer`. */
  detail: string;
  /** The line's original bytes (a string only from adapters that decode records), truncated past {@link SCAN_BLOCK_DEFAULTS}.maxFieldBytes. */
  text: string | Uint8Array;
}

/** What one block held. */
export interface BlockResult {
  /** Physical lines, blank ones included. */
  lines: number;
  blank: number;
  rows: number;
  bytes: number;
  rejected: number;
  reasons: Record<string, number>;
  /** The first rejections, up to the cap given. */
  rejections: BlockRejection[];
}

/** Options for {@link scanBlock}. */
export interface ScanBlockOptions {
  /**
   * Interval length (s) the rows' time (field 0) is indexed by downstream: a row whose
   * `floor(time / interval)` is beyond ±(2^31 − 1) is rejected as `time_out_of_range`.
   * Default: no check.
   */
  interval?: number;
}

export const SCAN_BLOCK_DEFAULTS = {
  /** Longest field (bytes); a longer one makes its line a rejected line (`field_too_long`). */
  maxFieldBytes: 4096,
  /** Bytes of a rejected line longer than maxFieldBytes kept in rejected/, before the marker. */
  keptBytes: 1024,
  /** Characters of a field value quoted in a rejection's detail. */
  detailChars: 100,
} as const;

/** Largest interval index the series can hold (a signed 32-bit index). */
export const MAX_INTERVAL_INDEX = 0x7fffffff;
const COMMA = 44;
const TAB = 9;
const LF = 10;
const CR = 13;

/**
 * Validates every line of a line-aligned block against `format` and hands valid rows to `onRow`,
 * numbering lines from `lineOffset + 1`. The one place a line becomes a row: the serial scan and
 * the parallel workers both call it. A row is: the format's field count, no field longer than
 * {@link SCAN_BLOCK_DEFAULTS}.maxFieldBytes, strict integers, the time in range when
 * `options.interval` is set, and text fields of valid UTF-8 without control bytes (TAB allowed),
 * so that every name downstream, in JS or in SQL, is the same string.
 */
export function scanBlock(
  buf: Buffer,
  format: LogFormat,
  onRow: RowHandler,
  lineOffset: number,
  maxRejections: number,
  options: ScanBlockOptions = {},
): BlockResult {
  const nFields = format.fields.length;
  const integers = Int32Array.from(format.integers);
  const nIntegers = integers.length;
  const isInteger = new Uint8Array(nFields);
  for (const i of integers) isInteger[i] = 1;
  const starts = new Int32Array(nFields + 2);
  const ints = new Float64Array(nFields);
  const maxField = SCAN_BLOCK_DEFAULTS.maxFieldBytes;
  const interval = options.interval;
  const result: BlockResult = {
    lines: 0,
    blank: 0,
    rows: 0,
    bytes: buf.length,
    rejected: 0,
    reasons: {},
    rejections: [],
  };

  const reject = (start: number, end: number, line: number, reason: string, detail: string) => {
    result.rejected++;
    result.reasons[reason] = (result.reasons[reason] ?? 0) + 1;
    if (result.rejections.length < maxRejections)
      result.rejections.push({ line, reason, detail, text: rejectedText(buf, start, end) });
  };
  const quoted = (start: number, end: number) =>
    JSON.stringify(buf.toString('utf8', start, Math.min(end, start + SCAN_BLOCK_DEFAULTS.detailChars))) +
    (end - start > SCAN_BLOCK_DEFAULTS.detailChars ? '…' : '');

  /**
   * The line [start, end) without its line break, whose field starts are in `starts` up to
   * `commas` commas (only the first nFields - 1 are recorded), `odd` of its bytes outside
   * printable ASCII: checks it and hands it on.
   */
  const row = (b: Buffer, start: number, end: number, commas: number, odd: number, line: number) => {
    const n = commas + 1;
    if (n !== nFields) {
      reject(
        start,
        end,
        line,
        'field_count',
        n > nFields ? `more than ${nFields} fields` : `${n} fields, expected ${nFields}`,
      );
      return;
    }
    starts[nFields] = end + 1;
    // No field is longer than its line.
    if (end - start > maxField) {
      for (let i = 0; i < nFields; i++) {
        const length = starts[i + 1]! - 1 - starts[i]!;
        if (length > maxField) {
          reject(
            start,
            end,
            line,
            'field_too_long',
            `${format.fields[i]} is ${length} bytes, longer than the limit of ${maxField}`,
          );
          return;
        }
      }
    }
    for (let k = 0; k < nIntegers; k++) {
      // The fields were found above, and integers[k] < nFields.
      const i = integers[k]!;
      const fieldStart = starts[i]!;
      const fieldEnd = starts[i + 1]! - 1;
      const v = parseIntField(b, fieldStart, fieldEnd);
      if (v !== v) {
        const name = format.fields[i];
        reject(start, end, line, `${name}_not_integer`, `${name} ${quoted(fieldStart, fieldEnd)} is not an integer`);
        return;
      }
      ints[i] = v;
    }
    if (interval !== undefined) {
      const index = Math.floor(ints[0]! / interval);
      if (index > MAX_INTERVAL_INDEX || index < -MAX_INTERVAL_INDEX) {
        reject(start, end, line, 'time_out_of_range', timeOutOfRangeDetail(ints[0]!));
        return;
      }
    }
    if (odd > 0) {
      for (let i = 0; i < nFields; i++) {
        if (isInteger[i] === 1) continue;
        const fieldStart = starts[i]!;
        const fieldEnd = starts[i + 1]! - 1;
        const why = textProblem(b, fieldStart, fieldEnd);
        if (why !== undefined) {
          const name = format.fields[i];
          reject(start, end, line, `${name}_not_text`, `${name} ${quoted(fieldStart, fieldEnd)} ${why}`);
          return;
        }
      }
    }
    result.rows++;
    onRow(b, starts, ints, line);
  };

  // One pass over the bytes finds the line breaks, the fields and whether a line holds a byte
  // outside printable ASCII, without a call per line or per field. Up to the last LF, that LF
  // stops the inner loops, so they need no bounds check; a last line without one is the tail.
  const b = buf;
  const length = b.length;
  const lastBreak = b.lastIndexOf(LF);
  let line = lineOffset;
  let blank = 0;
  let pos = 0;
  while (pos <= lastBreak) {
    let i = pos;
    let commas = 0;
    let odd = 0;
    starts[0] = pos;
    for (;;) {
      let c = b[i]!;
      // Most bytes are in [45, 126] (digits, letters, '-', '.', '@'): none is a comma, a break or odd.
      while ((c - 45) >>> 0 < 82) c = b[++i]!;
      if (c === COMMA) {
        if (++commas < nFields) starts[commas] = i + 1;
      } else if (c === LF) break;
      else if (c < 32 || c > 126) odd++;
      i++;
    }
    line++;
    let end = i;
    if (end > pos && b[end - 1] === CR) {
      end--;
      odd--;
    }
    if (end === pos) blank++;
    else row(b, pos, end, commas, odd, line);
    pos = i + 1;
  }
  if (pos < length) {
    let commas = 0;
    let odd = 0;
    starts[0] = pos;
    for (let i = pos; i < length; i++) {
      const c = b[i]!;
      if (c === COMMA) {
        if (++commas < nFields) starts[commas] = i + 1;
      } else if (c < 32 || c > 126) odd++;
    }
    line++;
    let end = length;
    if (b[end - 1] === CR) {
      end--;
      odd--;
    }
    if (end === pos) blank++;
    else row(b, pos, end, commas, odd, line);
  }
  result.lines = line - lineOffset;
  result.blank = blank;
  return result;
}

/**
 * The detail of a `time_out_of_range` rejection. It does not name the interval: ingest checks
 * against days and analyze --store against its own interval, and both must word it the same.
 */
export function timeOutOfRangeDetail(time: number): string {
  return `time ${time} is out of range: floor(time / interval) is beyond ±(2^31 − 1)`;
}

/** Why buf[start, end) is not text (a control byte, invalid UTF-8), or undefined when it is. */
function textProblem(buf: Buffer, start: number, end: number): string | undefined {
  let high = false;
  for (let i = start; i < end; i++) {
    const c = buf[i]!;
    if ((c < 32 && c !== TAB) || c === 127) return `holds the control byte 0x${c.toString(16).padStart(2, '0')}`;
    if (c > 127) high = true;
  }
  if (high && !isUtf8(buf.subarray(start, end))) return 'is not valid UTF-8';
  return undefined;
}

/**
 * A copy of the line's bytes for rejected/ (its own small buffer, so that posting it from a
 * worker copies only it); a line longer than the field limit is cut to its first bytes and a
 * marker giving its length.
 */
export function rejectedText(buf: Uint8Array, start: number, end: number): Uint8Array {
  const length = end - start;
  if (length <= SCAN_BLOCK_DEFAULTS.maxFieldBytes) return new Uint8Array(buf.subarray(start, end));
  const kept = buf.subarray(start, start + SCAN_BLOCK_DEFAULTS.keptBytes);
  const marker = Buffer.from(`…[truncated: ${length} bytes]`, 'utf8');
  const out = new Uint8Array(kept.length + marker.length);
  out.set(kept, 0);
  out.set(marker, kept.length);
  return out;
}
