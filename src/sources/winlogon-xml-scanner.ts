import { isAscii } from 'node:buffer';
import { BlockTally } from './block-tally.js';
import type { LogonRowWriter } from './logon-row-writer.js';
import { parseEventXml } from './parse-event-xml.js';
import type { RowHandler } from './scan-block.js';
import type { BlockScanner, SourceBlockResult } from './source-adapter.js';

/** What may stand between events: the XML declaration, an `<Events>` root, comments, whitespace. */
const WRAPPERS = /<\?xml[^>]*\?>|<\/?Events(?:\s[^>]*)?>|<!--[\s\S]*?-->/g;
const END = '</Event>';

/**
 * Parses blocks of Windows Event XML: `<Event>` records back to back (as `wevtutil qe /f:xml`
 * writes them, often with no line break between them) or inside an `<Events>` root, one per line
 * or pretty-printed. Blocks are cut after `</Event>`; line numbers count line breaks, so a record's
 * line is where its `<Event` starts. Text between records that is not a wrapper is rejected, and
 * so is a last record without `</Event>` (a truncated export).
 */
export class WinlogonXmlScanner implements BlockScanner {
  constructor(private readonly rows: LogonRowWriter) {}

  scan(buf: Buffer, onRow: RowHandler, lineOffset: number, maxRejections: number): SourceBlockResult {
    const tally = new BlockTally(buf.length, maxRejections);
    // Exports are mostly ASCII, and decoding ASCII as such is several times faster than as UTF-8.
    const text = buf.toString(isAscii(buf) ? 'latin1' : 'utf8');
    let pos = 0;
    let line = lineOffset + 1;
    // The next line break at or after pos, found once: a one-line wevtutil export has none.
    let newline = text.indexOf('\n');
    const advance = (to: number) => {
      while (newline >= 0 && newline < to) {
        line++;
        newline = text.indexOf('\n', newline + 1);
      }
      pos = to;
    };
    const between = (from: number, to: number) => {
      const gap = text.slice(from, to);
      const rest = gap.replace(WRAPPERS, '');
      if (rest.trim() === '') return;
      const offset = from + gap.search(/\S/);
      const junkLine = line + countNewlines(text, from, offset);
      const junk = gap.trim();
      tally.reject(
        junkLine,
        'xml_not_event',
        `text outside an <Event> record: ${JSON.stringify(junk.slice(0, 60))}`,
        () => junk,
      );
    };
    for (;;) {
      const start = nextEventStart(text, pos);
      if (start < 0) {
        between(pos, text.length);
        advance(text.length);
        break;
      }
      between(pos, start);
      advance(start);
      const close = text.indexOf(END, start);
      if (close < 0) {
        const partial = text.slice(start);
        tally.reject(line, 'xml_truncated', 'an <Event> record without </Event> (truncated export?)', () => partial);
        advance(text.length);
        break;
      }
      const end = close + END.length;
      const record = text.slice(start, end);
      this.rows.write(parseEventXml(record), line, () => record, tally, onRow);
      advance(end);
    }
    tally.result.lines = line - lineOffset - 1;
    return tally.result;
  }
}

/** Index of the next `<Event` start tag (not `<Events`, `<EventID`, `<EventData`) at or after `from`, or -1. */
function nextEventStart(text: string, from: number): number {
  for (let i = text.indexOf('<Event', from); i >= 0; i = text.indexOf('<Event', i + 1)) {
    const c = text.charCodeAt(i + 6);
    if (c === 62 || c === 47 || c === 32 || c === 9 || c === 10 || c === 13) return i;
  }
  return -1;
}

function countNewlines(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf('\n', from); i >= 0 && i < to; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
