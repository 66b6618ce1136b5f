const ZERO = 48;
const NINE = 57;
const DOT = 46;

/**
 * Parses buf[start, end) as a non-negative decimal with an optional fraction (`1342775668.389949`,
 * `0.000357`, `12`), as Zeek writes times and intervals, into whole microseconds: digits beyond
 * the sixth decimal are truncated. Returns NaN for anything else (a sign, an exponent, an empty
 * field) and for values beyond 2^53 microseconds.
 */
export function parseFixedMicros(buf: Uint8Array, start: number, end: number): number {
  let whole = 0;
  let i = start;
  let digits = 0;
  for (; i < end; i++) {
    const c = buf[i]!;
    if (c === DOT) break;
    if (c < ZERO || c > NINE) return NaN;
    whole = whole * 10 + (c - ZERO);
    digits++;
  }
  let fraction = 0;
  let scale = 100000;
  if (i < end) {
    i++;
    if (i === end && digits === 0) return NaN;
    for (; i < end; i++) {
      const c = buf[i]!;
      if (c < ZERO || c > NINE) return NaN;
      if (scale >= 1) {
        fraction += (c - ZERO) * scale;
        scale /= 10;
      }
      digits++;
    }
  }
  if (digits === 0) return NaN;
  const micros = whole * 1e6 + fraction;
  return micros > Number.MAX_SAFE_INTEGER ? NaN : micros;
}
