/**
 * ClickHouse's RowBinary encoding of the cluster tables' rows (`file` Int32, `line` Int64, then
 * the log's fields: Int64 little-endian, String as a LEB128 length and the bytes), written
 * straight from a scanned line's bytes. Parser threads encode rows before their block's place in
 * the file is known; {@link RowBinary.shiftPlace} then sets the row's file and adds the lines of
 * the file before its block, in place.
 */
export const RowBinary = {
  /** Upper bound of a row's encoded size: its fields' bytes, the lengths and integers. */
  bound(starts: Int32Array, fields: number): number {
    return starts[fields]! - starts[0]! + 10 * fields + 16;
  },

  /**
   * Encodes one row at out[o…] and returns the end: field i is buf[starts[i], starts[i + 1] - 1),
   * integer fields (isInt[i]) parsed in ints[i]. `out` must hold {@link RowBinary.bound} more bytes.
   */
  encodeRow(
    out: Uint8Array,
    o: number,
    buf: Uint8Array,
    starts: Int32Array,
    ints: Float64Array,
    isInt: readonly boolean[],
    file: number,
    line: number,
  ): number {
    // Byte stores and short copy loops: Buffer's write*/copy calls cost more than they move here.
    o = writeInt32(out, o, file);
    o = writeInt64(out, o, line);
    for (let i = 0; i < isInt.length; i++) {
      if (isInt[i]) {
        o = writeInt64(out, o, ints[i]!);
        continue;
      }
      const start = starts[i]!,
        end = starts[i + 1]! - 1;
      let len = end - start;
      while (len >= 0x80) {
        out[o++] = (len & 0x7f) | 0x80;
        len >>>= 7;
      }
      out[o++] = len;
      if (end - start > 32) {
        out.set(buf.subarray(start, end), o);
        o += end - start;
      } else for (let k = start; k < end; k++) out[o++] = buf[k]!;
    }
    return o;
  },

  /** For the row encoded at bytes[at…] with file 0 and a line below 2^32: sets its file and adds `lines` to its line. */
  shiftPlace(bytes: Uint8Array, at: number, file: number, lines: number): void {
    writeInt32(bytes, at, file);
    const local = (bytes[at + 4]! | (bytes[at + 5]! << 8) | (bytes[at + 6]! << 16) | (bytes[at + 7]! << 24)) >>> 0;
    writeInt64(bytes, at + 4, local + lines);
  },
} as const;

const TWO_32 = 2 ** 32;

function writeInt32(out: Uint8Array, o: number, v: number): number {
  out[o] = v & 0xff;
  out[o + 1] = (v >>> 8) & 0xff;
  out[o + 2] = (v >>> 16) & 0xff;
  out[o + 3] = (v >>> 24) & 0xff;
  return o + 4;
}

/** Writes an integral double (|v| ≤ 2^53) as Int64 little-endian without a BigInt: low word mod 2^32, high word floor(v / 2^32). */
function writeInt64(out: Uint8Array, o: number, v: number): number {
  writeInt32(out, o, v >>> 0);
  return writeInt32(out, o + 4, Math.floor(v / TWO_32) | 0);
}
