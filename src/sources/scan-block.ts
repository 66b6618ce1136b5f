import { forEachLine } from './for-each-line.js';
import type { LogFormat } from './log-formats.js';
import { parseIntField } from './parse-int-field.js';
import { splitFields } from './split-fields.js';

/**
 * A valid row: field i is buf[starts[i], starts[i + 1] - 1); ints[i] holds integer field i.
 * The arrays are reused for every row: read them, don't keep them.
 */
export type RowHandler = (buf: Buffer, starts: Int32Array, ints: Float64Array, lineNumber: number) => void;

/** One rejected line. */
export interface BlockRejection {
  line: number;
  /** "field_count" or "<field>_not_integer". */
  reason: string;
  /** In words, without the file name: `bytes "x7" is not an integer`. */
  detail: string;
  text: string;
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

/**
 * Validates every line of a line-aligned block against `format` and hands valid rows to `onRow`,
 * numbering lines from `lineOffset + 1`. The one place a line becomes a row: the serial scan and
 * the parallel workers both call it.
 */
export function scanBlock(
  buf: Buffer,
  format: LogFormat,
  onRow: RowHandler,
  lineOffset: number,
  maxRejections: number,
): BlockResult {
  const nFields = format.fields.length;
  const integers = Int32Array.from(format.integers);
  const starts = new Int32Array(nFields + 2);
  const ints = new Float64Array(nFields);
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
      result.rejections.push({ line, reason, detail, text: buf.toString('utf8', start, end) });
  };

  const counts = forEachLine(buf, lineOffset, (b, start, end, line) => {
    const n = splitFields(b, start, end, starts, nFields);
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
    for (const i of integers) {
      // splitFields filled starts[0..nFields], and i < nFields.
      const fieldStart = starts[i]!;
      const fieldEnd = starts[i + 1]! - 1;
      const v = parseIntField(b, fieldStart, fieldEnd);
      if (v !== v) {
        const name = format.fields[i];
        reject(
          start,
          end,
          line,
          `${name}_not_integer`,
          `${name} ${JSON.stringify(b.toString('utf8', fieldStart, fieldEnd))} is not an integer`,
        );
        return;
      }
      ints[i] = v;
    }
    result.rows++;
    onRow(b, starts, ints, line);
  });
  result.lines = counts.lines;
  result.blank = counts.blank;
  return result;
}
