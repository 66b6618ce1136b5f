const LF = 10;
const CR = 13;

/** Called once per non-blank line; the line is buf[start, end) without its CR/LF. */
export type LineHandler = (buf: Buffer, start: number, end: number, lineNumber: number) => void;

/**
 * Calls `onLine` for every non-blank line of a line-aligned block (LF or CRLF endings), numbering
 * lines from `lineOffset + 1`. Returns the physical and blank line counts.
 */
export function forEachLine(buf: Buffer, lineOffset: number, onLine: LineHandler): { lines: number; blank: number } {
  let line = lineOffset;
  let blank = 0;
  let pos = 0;
  const n = buf.length;
  while (pos < n) {
    let nl = buf.indexOf(LF, pos);
    if (nl < 0) nl = n;
    line++;
    let end = nl;
    if (end > pos && buf[end - 1] === CR) end--;
    if (end === pos) blank++;
    else onLine(buf, pos, end, line);
    pos = nl + 1;
  }
  return { lines: line - lineOffset, blank };
}
