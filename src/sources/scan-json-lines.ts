import { isAscii } from 'node:buffer';
import { BlockTally } from './block-tally.js';
import { forEachLine } from './for-each-line.js';
import type { SourceBlockResult } from './source-adapter.js';

/** Called with each JSON line that parses: its value, line number, text (for a rejection) and the block's tally. */
export type JsonLineHandler = (value: unknown, line: number, text: string, tally: BlockTally) => void;

/**
 * The part of a JSON-lines block scan that does not depend on the format: each non-blank line parsed (a line that is not JSON rejected as `json_syntax`),
 * and the block's line accounting. ASCII blocks decode as latin1, which is the same text and faster.
 */
export function scanJsonLines(
  buf: Buffer,
  lineOffset: number,
  maxRejections: number,
  onValue: JsonLineHandler,
): SourceBlockResult {
  const tally = new BlockTally(buf.length, maxRejections);
  const encoding = isAscii(buf) ? 'latin1' : 'utf8';
  const counts = forEachLine(buf, lineOffset, (b, start, end, line) => {
    const text = b.toString(encoding, start, end);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      tally.reject(line, 'json_syntax', `not JSON (${(error as Error).message})`, () => text);
      return;
    }
    onValue(value, line, text, tally);
  });
  tally.result.lines = counts.lines;
  tally.result.blank = counts.blank;
  return tally.result;
}
