const COMMA = 44;
const ZERO = 48;

/**
 * Builds one row at a time in the LANL layout, in a scratch buffer reused for every row: field i
 * is buf[starts[i], starts[i + 1] - 1) and integer field i is also in ints[i], exactly what a
 * RowHandler receives from the LANL scanner. Each field is followed by a comma, so starts[n] - 1
 * is the end of the row's text.
 */
export class RowWriter {
  /** The scratch buffer; replaced by a larger one when a row does not fit. */
  buf = Buffer.allocUnsafe(1024);
  readonly starts: Int32Array;
  readonly ints: Float64Array;
  private pos = 0;
  private field = 0;
  private cachedValue = -1;
  private cachedLength = 0;
  private readonly cachedDigits = Buffer.alloc(20);

  constructor(
    readonly fieldCount: number,
    slots: number,
  ) {
    this.starts = new Int32Array(fieldCount + 2);
    this.ints = new Float64Array(slots);
  }

  /** Starts a new row. */
  reset(): void {
    this.pos = 0;
    this.field = 0;
    this.starts[0] = 0;
  }

  /** Appends the bytes src[start, end) as the next field. */
  bytes(src: Uint8Array, start: number, end: number): void {
    const n = end - start;
    this.ensure(n + 1);
    const buf = this.buf;
    let p = this.pos;
    // Fields are short: a plain loop beats the native copy's call overhead.
    for (let i = start; i < end; i++) buf[p++] = src[i]!;
    this.pos = p;
    this.next();
  }

  /** Appends a string (UTF-8) as the next field. */
  text(value: string): void {
    this.ensure(value.length * 3 + 1);
    this.pos += this.buf.write(value, this.pos, 'utf8');
    this.next();
  }

  /** Appends a non-negative safe integer as the next field, and stores it in ints[field]. */
  int(value: number): void {
    this.ints[this.field] = value;
    this.ensure(17);
    this.pos = writeDigits(this.buf, this.pos, value);
    this.next();
  }

  /**
   * {@link int} for a value that repeats from row to row (a time in seconds): its digits are kept
   * and copied while it stays the same.
   */
  cachedInt(value: number): void {
    if (value !== this.cachedValue) {
      this.cachedValue = value;
      this.cachedLength = writeDigits(this.cachedDigits, 0, value);
    }
    this.ints[this.field] = value;
    this.ensure(this.cachedLength + 1);
    const buf = this.buf;
    const digits = this.cachedDigits;
    let p = this.pos;
    for (let i = 0; i < this.cachedLength; i++) buf[p++] = digits[i]!;
    this.pos = p;
    this.next();
  }

  /** Appends `prefix` (one ASCII byte) then a non-negative integer, e.g. Zeek's client port as `N52311`. */
  prefixedInt(prefix: number, value: number): void {
    this.ensure(18);
    this.buf[this.pos++] = prefix;
    const field = this.field;
    this.int(value);
    // The field is text (a port), not an integer column: leave its int slot alone.
    this.ints[field] = 0;
  }

  private next(): void {
    this.buf[this.pos++] = COMMA;
    this.starts[++this.field] = this.pos;
  }

  private ensure(room: number): void {
    if (this.pos + room <= this.buf.length) return;
    const bigger = Buffer.allocUnsafe(Math.max(this.buf.length * 2, this.pos + room));
    this.buf.copy(bigger, 0, 0, this.pos);
    this.buf = bigger;
  }
}

/** Writes a non-negative safe integer's decimal digits at `pos`; returns the position after them. */
function writeDigits(buf: Buffer, pos: number, value: number): number {
  if (value < 10) {
    buf[pos] = ZERO + value;
    return pos + 1;
  }
  if (value > 0x7fffffff) {
    // Beyond int32 (rare: byte counts over 2 GiB) the digits come from the number's own text.
    const text = String(value);
    for (let i = 0; i < text.length; i++) buf[pos + i] = text.charCodeAt(i);
    return pos + text.length;
  }
  let digits = 1;
  for (let power = 10; power <= value; power *= 10) digits++;
  const end = pos + digits;
  let v = value | 0;
  for (let p = end - 1; p > pos; p--) {
    const q = (v / 10) | 0;
    buf[p] = ZERO + (v - q * 10);
    v = q;
  }
  buf[pos] = ZERO + v;
  return end;
}
