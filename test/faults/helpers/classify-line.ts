// The suite's own verdict on one input line, from the README's parsing rules and issue 16's
// additions: the field count, strict integers (an optional '-' then digits, |value| ≤ 2^53 − 1),
// fields of at most CONTRACT.fieldLimit bytes, and a flow time that maps to an interval the
// pipeline can hold. Lines whose text fields carry bytes the issue leaves to the fixer (invalid
// UTF-8, CR, NUL, other control bytes: "rejected line by line with the same reasons, or
// accepted identically") are valid-or-rejected, "either".
import { CONTRACT } from './contract.js';
import type { Kind } from './input-lines.js';

/** Field names of each kind (LANL layouts) and which are integers. */
export const LAYOUTS: Record<Kind, { fields: readonly string[]; integers: readonly number[] }> = {
  auth: {
    fields: [
      'time',
      'src_user',
      'dst_user',
      'src_host',
      'dst_host',
      'auth_type',
      'logon_type',
      'orientation',
      'outcome',
    ],
    integers: [0],
  },
  flows: {
    fields: ['time', 'duration', 'src_host', 'src_port', 'dst_host', 'dst_port', 'protocol', 'packets', 'bytes'],
    integers: [0, 1, 7, 8],
  },
  redteam: { fields: ['time', 'user', 'src_host', 'dst_host'], integers: [0] },
};

export type Verdict =
  | { status: 'blank' }
  | { status: 'rejected'; reason: string }
  | { status: 'valid' | 'either'; fields: Buffer[]; ints: number[] };

const MAX = 2n ** 53n - 1n;
/** Largest interval index the pipeline can place (a signed 32-bit index, issue 16.5). */
const MAX_INTERVAL_INDEX = 2 ** 31 - 1;

/** The value of a strict decimal integer field, or undefined. */
export function strictInteger(field: Buffer): number | undefined {
  const s = field.toString('latin1');
  if (!/^-?[0-9]+$/.test(s)) return undefined;
  const v = BigInt(s);
  if (v > MAX || v < -MAX) return undefined;
  return Number(v);
}

const UTF8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** Whether the bytes are valid UTF-8 without CR, NUL or other control bytes (TAB allowed). */
function isPlain(b: Buffer): boolean {
  for (const c of b) if ((c < 0x20 && c !== 0x09) || c === 0x7f) return false;
  try {
    UTF8.decode(b);
    return true;
  } catch {
    return false;
  }
}

/** The verdict on one physical line (without its LF / CRLF) of a `kind` file. */
export function classifyLine(line: Buffer, kind: Kind, interval = 86400): Verdict {
  if (line.length === 0) return { status: 'blank' };
  const layout = LAYOUTS[kind];
  const fields: Buffer[] = [];
  let start = 0;
  for (let i = 0; i <= line.length; i++) {
    if (i === line.length || line[i] === 0x2c) {
      fields.push(line.subarray(start, i));
      start = i + 1;
    }
  }
  if (fields.length !== layout.fields.length) return { status: 'rejected', reason: 'field_count' };
  if (fields.some((f) => f.length > CONTRACT.fieldLimit))
    return { status: 'rejected', reason: CONTRACT.fieldTooLongReason };
  const ints: number[] = [];
  for (const i of layout.integers) {
    const v = strictInteger(fields[i]!);
    if (v === undefined) return { status: 'rejected', reason: `${layout.fields[i]}_not_integer` };
    ints[i] = v;
  }
  if (kind === 'flows' && Math.abs(Math.floor(ints[0]! / interval)) > MAX_INTERVAL_INDEX)
    return { status: 'rejected', reason: 'time_out_of_range' };
  return { status: fields.every(isPlain) ? 'valid' : 'either', fields, ints };
}
