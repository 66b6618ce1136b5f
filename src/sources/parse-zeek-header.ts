/** The header of a Zeek TSV log (the `#` lines before the first record). */
export interface ZeekHeader {
  /** Field separator byte; Zeek's default is a tab (`#separator \x09`). */
  separator: number;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  /** `#path`: the log's name (`conn`), when given. */
  path: string | undefined;
  /** `#open`: when the writer opened the file, as written (`2019-11-08-11-44-16`, local time of the sensor). */
  open: string | undefined;
  fields: string[];
  types: string[];
  /** Lines the header spans. */
  lines: number;
}

/**
 * Reads the header of a Zeek TSV log from the start of `text`. The first line must be
 * `#separator <escaped byte>` (Zeek writes `\x09`); the other directives are `#name<sep>value...`.
 * Returns undefined when the text does not start with a Zeek header.
 */
export function parseZeekHeader(text: string): ZeekHeader | undefined {
  const lines = text.split('\n');
  const first = (lines[0] ?? '').replace(/\r$/, '');
  const m = /^#separator[ \t](.+)$/.exec(first);
  if (!m) return undefined;
  const separator = unescapeZeek(m[1] ?? '');
  if (separator.length !== 1) return undefined;
  const sep = separator;
  const header: ZeekHeader = {
    separator: sep.charCodeAt(0),
    setSeparator: ',',
    emptyField: '(empty)',
    unsetField: '-',
    path: undefined,
    open: undefined,
    fields: [],
    types: [],
    lines: 1,
  };
  for (let i = 1; i < lines.length; i++) {
    const line = (lines[i] ?? '').replace(/\r$/, '');
    if (!line.startsWith('#')) break;
    // The last line may be cut by the caller's read size: only whole lines count.
    if (i === lines.length - 1) break;
    header.lines = i + 1;
    const parts = line.split(sep);
    const name = (parts[0] ?? '').slice(1);
    const values = parts.slice(1);
    const value = values.join(sep);
    if (name === 'set_separator') header.setSeparator = value;
    else if (name === 'empty_field') header.emptyField = value;
    else if (name === 'unset_field') header.unsetField = value;
    else if (name === 'path') header.path = value;
    else if (name === 'open') header.open = value;
    else if (name === 'fields') header.fields = values;
    else if (name === 'types') header.types = values;
  }
  return header;
}

/** Zeek escapes bytes in its header as `\xHH`. */
function unescapeZeek(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
