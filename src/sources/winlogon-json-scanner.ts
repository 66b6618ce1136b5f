import type { LogonRowWriter } from './logon-row-writer.js';
import { parseEventJson } from './parse-event-json.js';
import type { RowHandler } from './scan-block.js';
import { scanJsonLines } from './scan-json-lines.js';
import type { BlockScanner, SourceBlockResult } from './source-adapter.js';

/** Parses blocks of Winlogbeat JSON lines (see {@link parseEventJson}) into auth rows. */
export class WinlogonJsonScanner implements BlockScanner {
  constructor(private readonly rows: LogonRowWriter) {}

  scan(buf: Buffer, onRow: RowHandler, lineOffset: number, maxRejections: number): SourceBlockResult {
    return scanJsonLines(buf, lineOffset, maxRejections, (value, line, text, tally) => {
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
  }
}
