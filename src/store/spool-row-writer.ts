import { InputError } from '../errors.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { ROW_EXTRAS } from '../sources/row-extras.js';
import type { PartitionedKind } from './store-format.js';
import { writeDigits } from './write-digits.js';

const COMMA = 44;
const LF = 10;
const CR = 13;
const MINUS = 45;

/** The ROW_EXTRAS slots stored per kind, in ADAPTED_COLUMNS' order, and their value when a row has none (LANL rows). */
const SLOTS = {
  auth: { slots: [ROW_EXTRAS.auth.timeMicros, ROW_EXTRAS.auth.eventId], missing: [0, 0] },
  flows: {
    slots: [
      ROW_EXTRAS.flows.timeMicros,
      ROW_EXTRAS.flows.durationMicros,
      ROW_EXTRAS.flows.srcLocal,
      ROW_EXTRAS.flows.dstLocal,
      ROW_EXTRAS.flows.reverse,
    ],
    // A side's locality is unknown (-1), not "not local", when the row's adapter does not say.
    missing: [0, 0, -1, -1, 0],
  },
} as const;

/** Bytes a spool line needs beyond its row's text: two numbers, five extras, commas and the newline. */
export const SPOOL_ROW_SLACK = 200;

/**
 * A writer of the spool lines of a kind read through source adapters: `origin,line,<row>,<extras>`
 * into out at `o` (with room for the row's text plus {@link SPOOL_ROW_SLACK}), returning the offset
 * after it. `origin` is the split index (serial ingest) or the block index (parallel). A field
 * holding a comma or a line break cannot be read back apart: an InputError at `line` (no file; the
 * scan names it).
 */
export function spoolRowWriter(
  kind: PartitionedKind,
): (
  out: Uint8Array,
  o: number,
  origin: number,
  b: Uint8Array,
  starts: Int32Array,
  ints: Float64Array,
  line: number,
) => number {
  const n = LOG_FORMATS[kind].fields.length;
  const { slots, missing } = SLOTS[kind];
  return (out, o, origin, b, starts, ints, line) => {
    const start = starts[0]!;
    const end = starts[n]! - 1;
    let commas = 0;
    for (let i = start; i < end; i++) {
      const c = b[i]!;
      if (c === COMMA) commas++;
      else if (c === LF || c === CR) commas = -Infinity;
    }
    if (commas !== n - 1) {
      throw new InputError(
        'a field holds a comma or a line break, which the store cannot keep apart; analyze the raw files instead',
        { line },
      );
    }
    o = writeDigits(out, o, origin);
    out[o++] = COMMA;
    o = writeDigits(out, o, line);
    out[o++] = COMMA;
    out.set(b.subarray(start, end), o);
    o += end - start;
    for (let i = 0; i < slots.length; i++) {
      const value = ints[slots[i]!] ?? missing[i]!;
      out[o++] = COMMA;
      if (value < 0) out[o++] = MINUS;
      o = writeDigits(out, o, Math.abs(value));
    }
    out[o++] = LF;
    return o;
  };
}
