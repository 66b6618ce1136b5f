/**
 * The one way a value or an identifier reaches ClickHouse SQL. The Debian server (18.16) has no
 * query parameters (`{name:Type}` is sent as a setting `param_name`, which it rejects), so every
 * value is written into the SQL text as a literal, escaped here, and every name is backquoted.
 *
 * Escapes are those both 18.16 and current servers read in quoted strings and backquoted names:
 * `\\`, `\'` or `` \` ``, `\n`, `\r`, `\t`, `\0` and `\xHH` for other control bytes (and, in byte
 * strings, for every byte outside printable ASCII), so the SQL text itself is plain printable
 * text whatever the data holds: a NUL, a newline, invalid UTF-8 or a `'); DROP TABLE x; --`.
 */

/** A value {@link clickhouseQuote.value} turns into a literal. */
export type ClickHouseLiteral = string | Uint8Array | number | bigint | boolean | null | readonly ClickHouseLiteral[];

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const MIN_NORMAL = 2.2250738585072014e-308;
const SUBNORMAL_SHIFT = 600;
const INT64_MIN = -(2n ** 63n);
const UINT64_MAX = 2n ** 64n - 1n;

export const clickhouseQuote = {
  /** A string literal: `'...'`. The string must be well-formed UTF-16 (no lone surrogate), so its UTF-8 is exact. */
  string(value: string): string {
    if (typeof value !== 'string')
      throw new TypeError(`clickhouseQuote.string: expected a string, got ${typeof value}`);
    if (LONE_SURROGATE.test(value))
      throw new RangeError(
        `clickhouseQuote.string: ${JSON.stringify(value.slice(0, 40))} holds a lone surrogate, which has no UTF-8 form`,
      );
    return `'${escapeText(value, "'")}'`;
  },

  /** A string literal holding exactly these bytes (invalid UTF-8 included). */
  bytes(value: Uint8Array): string {
    let out = "'";
    for (const b of value) {
      if (b === 0x5c) out += '\\\\';
      else if (b === 0x27) out += "\\'";
      else if (b >= 0x20 && b < 0x7f) out += String.fromCharCode(b);
      else out += `\\x${b.toString(16).padStart(2, '0')}`;
    }
    return `${out}'`;
  },

  /** A backquoted identifier (database, table, column or alias name). */
  ident(name: string): string {
    if (typeof name !== 'string' || name.length === 0)
      throw new RangeError('clickhouseQuote.ident: an identifier cannot be empty');
    if (LONE_SURROGATE.test(name))
      throw new RangeError(`clickhouseQuote.ident: ${JSON.stringify(name.slice(0, 40))} holds a lone surrogate`);
    return `\`${escapeText(name, '`')}\``;
  },

  /** `database`.`table`. */
  table(database: string, table: string): string {
    return `${clickhouseQuote.ident(database)}.${clickhouseQuote.ident(table)}`;
  },

  /**
   * A numeric literal that ClickHouse reads back as the same value: a safe integer as digits, any
   * other finite number as a Float64 in JavaScript's shortest round-trip form, or a bigint in
   * Int64/UInt64 range. Negative integers are parenthesised so `x - (-1)` never reads as a comment `--`.
   */
  number(value: number | bigint): string {
    if (typeof value === 'bigint') {
      if (value < INT64_MIN || value > UINT64_MAX)
        throw new RangeError(`clickhouseQuote.number: ${value} is outside Int64/UInt64`);
      return value < 0n ? `(${value})` : String(value);
    }
    if (typeof value !== 'number' || !Number.isFinite(value))
      throw new RangeError(`clickhouseQuote.number: ${String(value)} is not a finite number`);
    if (Number.isSafeInteger(value)) {
      const digits = String(Object.is(value, -0) ? 0 : value);
      return value < 0 ? `(${digits})` : digits;
    }
    // 18.16 cannot read a subnormal literal (a syntax error in SQL, 0 in VALUES): it is the exact
    // product of two normal doubles instead.
    if (Math.abs(value) < MIN_NORMAL)
      return `(${clickhouseQuote.number(value * 2 ** SUBNORMAL_SHIFT)} * ${String(2 ** -SUBNORMAL_SHIFT)})`;
    // An integral double beyond 2^53 as digits would be read as an integer literal, whose digits
    // the double does not hold exactly: the exponent form keeps it a Float64. Always in
    // parentheses: 18.16's VALUES reads a bare float with a fast parser that is off by one ulp for
    // ~4 % of doubles, and a parenthesised one with the SQL parser, which is exact.
    return `(${Number.isInteger(value) ? value.toExponential() : String(value)})`;
  },

  /** Any literal: strings, byte strings, numbers, booleans as 1/0, null as NULL, arrays as `[...]`. */
  value(value: ClickHouseLiteral): string {
    if (value === null) return 'NULL';
    if (typeof value === 'string') return clickhouseQuote.string(value);
    if (typeof value === 'number' || typeof value === 'bigint') return clickhouseQuote.number(value);
    if (typeof value === 'boolean') return value ? '1' : '0';
    if (value instanceof Uint8Array) return clickhouseQuote.bytes(value);
    if (Array.isArray(value)) return clickhouseQuote.array(value);
    throw new TypeError(`clickhouseQuote.value: cannot quote a ${typeof value}`);
  },

  /**
   * An array literal. An empty one is `[]`, which 18.16 types Array(Nothing) and refuses in
   * `has([], x)`: callers test emptiness themselves (see {@link clickhouseQuote.inList}).
   */
  array(values: readonly ClickHouseLiteral[]): string {
    return `[${values.map((v) => clickhouseQuote.value(v)).join(', ')}]`;
  },

  /** `has([values], expression)`, or `0` (false) for no values, which both old and new servers accept. */
  inList(expression: string, values: readonly ClickHouseLiteral[]): string {
    return values.length === 0 ? '0' : `has(${clickhouseQuote.array(values)}, ${expression})`;
  },
} as const;

function escapeText(value: string, quote: "'" | '`'): string {
  let out = '';
  let from = 0;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    let escaped: string | undefined;
    if (c === 0x5c) escaped = '\\\\';
    else if (c === quote.charCodeAt(0)) escaped = `\\${quote}`;
    else if (c < 0x20 || c === 0x7f)
      escaped =
        c === 0x0a
          ? '\\n'
          : c === 0x0d
            ? '\\r'
            : c === 0x09
              ? '\\t'
              : c === 0
                ? '\\0'
                : `\\x${c.toString(16).padStart(2, '0')}`;
    if (escaped !== undefined) {
      out += value.slice(from, i) + escaped;
      from = i + 1;
    }
  }
  return out + value.slice(from);
}
