import type { ColumnType } from './engine.js';
import type { ClusterColumn, ClusterValue } from './cluster-engine.js';

/**
 * Decodes ClickHouse's `TabSeparatedWithNamesAndTypes` output, chunk by chunk, into typed rows.
 * The one text format every server version writes with types (18.16 has no
 * RowBinaryWithNamesAndTypes and no JSONCompactEachRow). Escapes are undone at the byte level
 * (`\t`, `\n`, `\\`, `\0`, `\xHH`, …; `\N` alone is NULL) before UTF-8 decoding, so a tab or a
 * newline in a value never splits it.
 */
export class TabSeparatedReader {
  /** The columns, known once the two header lines have been read. */
  columns: ClusterColumn[] | undefined;
  private names: string[] | undefined;
  private decoders: ((text: string) => ClusterValue)[] = [];
  private rest: Buffer = Buffer.alloc(0);

  /** Feeds a chunk; returns the rows it completed. */
  push(chunk: Buffer): ClusterValue[][] {
    const buf = this.rest.length > 0 ? Buffer.concat([this.rest, chunk]) : chunk;
    const rows: ClusterValue[][] = [];
    let start = 0;
    for (let nl = buf.indexOf(LF, start); nl !== -1; nl = buf.indexOf(LF, start)) {
      this.line(buf, start, nl, rows);
      start = nl + 1;
    }
    this.rest = Buffer.from(buf.subarray(start));
    return rows;
  }

  /** Ends the stream: the output must end on a line break, after both header lines. */
  end(): void {
    if (this.rest.length > 0)
      throw new Error(
        `the result ends inside a row: ${JSON.stringify(this.rest.toString('utf8', 0, Math.min(200, this.rest.length)))}`,
      );
    if (this.columns === undefined) throw new Error('the result has no header (names and types)');
  }

  private line(buf: Buffer, start: number, end: number, rows: ClusterValue[][]): void {
    const fields = splitFields(buf, start, end);
    if (this.names === undefined) {
      this.names = fields.map((f) => (f === null ? '\\N' : f.toString('utf8')));
      return;
    }
    if (this.columns === undefined) {
      const types = fields.map((f) => (f === null ? '' : f.toString('utf8')));
      if (types.length !== this.names.length)
        throw new Error(`the result header has ${this.names.length} names but ${types.length} types`);
      this.columns = this.names.map((name, i) => ({
        name,
        type: types[i] ?? '',
        columnType: columnTypeOf(types[i] ?? ''),
      }));
      this.decoders = this.columns.map((c) => decoderFor(c.type));
      return;
    }
    if (fields.length !== this.columns.length) {
      // A server error after the first rows arrives as text in the body: report it, not a parse error.
      throw new Error(
        `a result row has ${fields.length} fields, expected ${this.columns.length}: ${JSON.stringify(buf.toString('utf8', start, Math.min(end, start + 300)))}`,
      );
    }
    const row: ClusterValue[] = new Array(fields.length);
    for (let i = 0; i < fields.length; i++) {
      const f = fields[i];
      row[i] = f === null || f === undefined ? null : this.decoders[i]!(f.toString('utf8'));
    }
    rows.push(row);
  }
}

const LF = 0x0a,
  TAB = 0x09,
  BACKSLASH = 0x5c;
const SIMPLE_ESCAPES: Record<number, number> = {
  0x62: 0x08,
  0x66: 0x0c,
  0x6e: 0x0a,
  0x72: 0x0d,
  0x74: 0x09,
  0x30: 0x00,
  0x61: 0x07,
  0x76: 0x0b,
  0x65: 0x1b,
};

/** The fields of one line, unescaped; null for `\N`. */
function splitFields(buf: Buffer, start: number, end: number): (Buffer | null)[] {
  const out: (Buffer | null)[] = [];
  let fieldStart = start;
  for (let i = start; i <= end; i++) {
    if (i === end || buf[i] === TAB) {
      out.push(unescape(buf, fieldStart, i));
      fieldStart = i + 1;
    }
  }
  return out;
}

function unescape(buf: Buffer, start: number, end: number): Buffer | null {
  const first = buf.indexOf(BACKSLASH, start);
  if (first === -1 || first >= end) return buf.subarray(start, end);
  if (end - start === 2 && first === start && buf[start + 1] === 0x4e) return null;
  const out = Buffer.allocUnsafe(end - start);
  let o = 0;
  for (let i = start; i < end; i++) {
    const b = buf[i]!;
    if (b !== BACKSLASH || i + 1 === end) {
      out[o++] = b;
      continue;
    }
    const e = buf[++i]!;
    const simple = SIMPLE_ESCAPES[e];
    if (simple !== undefined) out[o++] = simple;
    else if (e === 0x78 && i + 2 < end && isHex(buf[i + 1]!) && isHex(buf[i + 2]!)) {
      out[o++] = parseInt(buf.toString('latin1', i + 1, i + 3), 16);
      i += 2;
    } else out[o++] = e;
  }
  return out.subarray(0, o);
}

function isHex(b: number): boolean {
  return (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x46) || (b >= 0x61 && b <= 0x66);
}

/** The server type without the wrappers that do not change the values' text. */
function baseType(type: string): string {
  const m = /^(?:Nullable|LowCardinality)\((.*)\)$/.exec(type);
  return m ? baseType(m[1]!) : type;
}

function columnTypeOf(type: string): ColumnType {
  const t = baseType(type);
  if (/^U?Int(8|16)$/.test(t) || t === 'Int32') return 'INTEGER';
  if (/^U?Int(32|64)$/.test(t)) return 'BIGINT';
  if (/^Float(32|64)$/.test(t)) return 'DOUBLE';
  return 'VARCHAR';
}

function decoderFor(type: string): (text: string) => ClusterValue {
  const t = baseType(type);
  if (/^U?Int(8|16|32)$/.test(t)) return (s) => Number(s);
  if (/^U?Int(64|128|256)$/.test(t)) {
    return (s) => {
      const n = Number(s);
      return Number.isSafeInteger(n) ? n : BigInt(s);
    };
  }
  if (/^Float(32|64)$/.test(t)) return (s) => FLOAT_WORDS[s] ?? Number(s);
  return (s) => s;
}

const FLOAT_WORDS: Record<string, number> = {
  nan: NaN,
  '-nan': NaN,
  inf: Infinity,
  '+inf': Infinity,
  '-inf': -Infinity,
};
