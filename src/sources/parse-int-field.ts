const MINUS = 45;
const ZERO = 48;
const NINE = 57;

/**
 * Parses the bytes [start, end) as a strict decimal integer: an optional '-', then digits only.
 * Returns NaN for anything else ("", "7.0", " 7", "+7", "1e3") and for values beyond 2^53 - 1,
 * which a double cannot hold exactly.
 */
export function parseIntField(buf: Uint8Array, start: number, end: number): number {
  let i = start;
  let negative = false;
  if (i < end && buf[i] === MINUS) {
    negative = true;
    i++;
  }
  if (i >= end) return NaN;
  let value = 0;
  for (; i < end; i++) {
    const c = buf[i];
    if (c === undefined || c < ZERO || c > NINE) return NaN;
    value = value * 10 + (c - ZERO);
  }
  if (value > Number.MAX_SAFE_INTEGER) return NaN;
  return negative ? -value : value;
}
