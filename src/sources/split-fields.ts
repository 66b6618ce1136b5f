const COMMA = 44;

/**
 * Finds the fields of the line [start, end). Writes field i's start to starts[i] and its end
 * (exclusive) to starts[i + 1] - 1, so starts must hold max + 1 entries. Returns the number of
 * fields, or max + 1 as soon as there are more than max (the caller only needs to know "too many").
 */
export function splitFields(buf: Uint8Array, start: number, end: number, starts: Int32Array, max: number): number {
  let n = 0;
  starts[0] = start;
  for (let i = start; i < end; i++) {
    if (buf[i] === COMMA) {
      n++;
      if (n > max - 1) return max + 1;
      starts[n] = i + 1;
    }
  }
  starts[n + 1] = end + 1;
  return n + 1;
}
