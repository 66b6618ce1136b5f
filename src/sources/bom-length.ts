/** Length of a UTF-8 byte-order mark at the start of `buf` (0 or 3): Windows tools often write one. */
export function bomLength(buf: Uint8Array): number {
  return buf.length >= 3 && buf[0] === 0xef && buf[1] === 0xbb && buf[2] === 0xbf ? 3 : 0;
}
