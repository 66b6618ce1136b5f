import { isAscii } from 'node:buffer';
import { BlockTally } from './block-tally.js';
import { bomLength } from './bom-length.js';
import { forEachLine } from './for-each-line.js';
import type { LogonRowWriter } from './logon-row-writer.js';
import { parseEventJson } from './parse-event-json.js';
import type { RowHandler } from './scan-block.js';
import type { BlockScanner, SourceBlockResult } from './source-adapter.js';

/** Parses blocks of Winlogbeat JSON lines (see {@link parseEventJson}) into auth rows. */
export class WinlogonJsonScanner implements BlockScanner {
  constructor(private readonly rows: LogonRowWriter) {}

  scan(
    buf: Buffer,
    onRow: RowHandler,
    lineOffset: number,
    maxRejections: number,
    firstBlock: boolean,
  ): SourceBlockResult {
    const tally = new BlockTally(buf.length, maxRejections);
    const body = firstBlock ? buf.subarray(bomLength(buf)) : buf;
    const encoding = isAscii(body) ? 'latin1' : 'utf8';
    const counts = forEachLine(body, lineOffset, (b, start, end, line) => {
      const text = b.toString(encoding, start, end);
      let value: unknown;
      try {
        value = JSON.parse(text);
      } catch (error) {
        tally.reject(line, 'json_syntax', `not JSON (${(error as Error).message})`, () => text);
        return;
      }
      const event =
        typeof value === 'object' && value !== null && !Array.isArray(value)
          ? parseEventJson(value as Record<string, unknown>)
          : undefined;
      if (event === undefined) {
        tally.reject(line, 'not_winlogbeat', 'not a Winlogbeat event (no winlog field)', () => text);
        return;
      }
      this.rows.write(event, line, () => text, tally, onRow);
    });
    tally.result.lines = counts.lines;
    tally.result.blank = counts.blank;
    return tally.result;
  }
}
