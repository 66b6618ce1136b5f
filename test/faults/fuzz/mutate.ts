// Byte-level mutations of a log file, the kinds a broken exporter, a bad disk or a hostile user
// produce: byte flips, deletions, insertions, duplications, truncation, swapped lines.
import { randomInt } from './seeded-random.js';

/** Bytes that matter to a line parser, drawn more often than chance would. */
const PALETTE = [
  0x00, 0x0a, 0x0d, 0x2c, 0x22, 0x2d, 0x2e, 0x20, 0x09, 0xff, 0xc3, 0x80, 0xef, 0x30, 0x31, 0x35, 0x39, 0x41, 0x78,
  0x3f,
];

export const MUTATIONS = ['flip', 'delete', 'insert', 'duplicate', 'truncate', 'swap-lines'] as const;
export type Mutation = (typeof MUTATIONS)[number];

function randomByte(rand: () => number): number {
  return rand() < 0.7 ? PALETTE[randomInt(rand, PALETTE.length)]! : randomInt(rand, 256);
}

function lineBounds(buf: Buffer, pos: number): [number, number] {
  const start = buf.lastIndexOf(0x0a, pos - 1) + 1;
  let end = buf.indexOf(0x0a, pos);
  if (end < 0) end = buf.length;
  return [start, end];
}

/** One mutation of `buf` at a random place; returns the new bytes and a short description. */
export function mutateOnce(buf: Buffer, kind: Mutation, rand: () => number): { bytes: Buffer; op: string } {
  if (buf.length === 0) return { bytes: Buffer.from([randomByte(rand)]), op: 'insert 1 byte into an empty file' };
  const pos = randomInt(rand, buf.length);
  switch (kind) {
    case 'flip': {
      const out = Buffer.from(buf);
      const bit = rand() < 0.5;
      out[pos] = bit ? out[pos]! ^ (1 << randomInt(rand, 8)) : randomByte(rand);
      return { bytes: out, op: `flip byte ${pos} to 0x${out[pos].toString(16)}` };
    }
    case 'delete': {
      const whole = rand() < 0.2;
      const [s, e] = whole ? lineBounds(buf, pos) : [pos, Math.min(buf.length, pos + 1 + randomInt(rand, 8))];
      return {
        bytes: Buffer.concat([buf.subarray(0, s), buf.subarray(whole ? Math.min(buf.length, e + 1) : e)]),
        op: `delete bytes ${s}-${e}${whole ? ' (a line)' : ''}`,
      };
    }
    case 'insert': {
      const n = 1 + randomInt(rand, 8);
      const bytes = Buffer.from(Array.from({ length: n }, () => randomByte(rand)));
      return {
        bytes: Buffer.concat([buf.subarray(0, pos), bytes, buf.subarray(pos)]),
        op: `insert ${bytes.toString('hex')} at ${pos}`,
      };
    }
    case 'duplicate': {
      const whole = rand() < 0.3;
      const [s, e] = whole ? lineBounds(buf, pos) : [pos, Math.min(buf.length, pos + 1 + randomInt(rand, 120))];
      const end = whole ? Math.min(buf.length, e + 1) : e;
      return {
        bytes: Buffer.concat([buf.subarray(0, end), buf.subarray(s, end), buf.subarray(end)]),
        op: `duplicate bytes ${s}-${end}${whole ? ' (a line)' : ''}`,
      };
    }
    case 'truncate': {
      // Within the last 30 %: a cut mid-line or mid-file, not an empty file (which is another case).
      const at = buf.length - randomInt(rand, Math.max(1, Math.floor(buf.length * 0.3)));
      return { bytes: buf.subarray(0, at), op: `truncate at ${at}` };
    }
    case 'swap-lines': {
      const lines = buf.toString('latin1').split('\n');
      const i = randomInt(rand, lines.length);
      const j = randomInt(rand, lines.length);
      [lines[i], lines[j]] = [lines[j]!, lines[i]!];
      return { bytes: Buffer.from(lines.join('\n'), 'latin1'), op: `swap lines ${i + 1} and ${j + 1}` };
    }
  }
}
