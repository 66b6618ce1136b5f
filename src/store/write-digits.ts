const ZERO = 48;

/**
 * Writes the decimal digits of a non-negative safe integer into buf at `o`, without making a
 * string; returns the offset after the last digit.
 */
export function writeDigits(buf: Uint8Array, o: number, value: number): number {
  if (value === 0) {
    buf[o] = ZERO;
    return o + 1;
  }
  let digits = 0;
  for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = o + digits - 1; i >= o; i--) {
    buf[i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return o + digits;
}
