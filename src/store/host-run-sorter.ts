/**
 * Reorders a shard's RowBinary rows, run by run, into the cluster tables' sort order (host, then
 * time): within each run the rows are grouped by host, the hosts put in ClickHouse's String order
 * (bytes compared unsigned, a prefix first) and each host's rows kept in their input order, which
 * in a time-sorted log is time order. A server that receives a block already in its table's
 * order skips or shortens its sort; a block that is not (a log unsorted within a day) is sorted
 * by the server as before, so the tables' contents never depend on this.
 *
 * Rows are found by their hash (the shard hash, already computed) in an open-addressing table,
 * and equal hashes are told apart by their bytes, so a collision only costs a compare.
 */
export class HostRunSorter {
  private table = new Int32Array(0);
  private groupRow = new Int32Array(0);
  private groupTail = new Int32Array(0);
  private next = new Int32Array(0);
  private keys = new Float64Array(0);
  private order = new Int32Array(0);

  /**
   * Writes rows [0, count) of `bytes` into `out` (which must hold `used` bytes), each run
   * [runStarts[k], runStarts[k + 1]) (the last up to count) sorted by host. Row i spans
   * bytes[rows[i], rows[i + 1]) (the last up to `used`); its host is bytes[hostAt[i], +hostLen[i])
   * and hash[i] its hash. Fills outRows with the rows' offsets in `out`, and returns out's bytes used.
   */
  sort(
    rows: {
      bytes: Uint8Array;
      used: number;
      rows: Int32Array;
      count: number;
      hostAt: Int32Array;
      hostLen: Int32Array;
      hash: Int32Array;
    },
    runStarts: readonly number[],
    out: Uint8Array,
    outRows: Int32Array,
  ): number {
    const { bytes, used, rows: at, count, hostAt, hostLen, hash } = rows;
    this.reserve(count);
    const { groupRow, groupTail, next } = this;
    const rowEnd = (i: number) => (i + 1 < count ? at[i + 1]! : used);
    const sameHost = (i: number, j: number) => {
      const n = hostLen[i]!;
      if (hostLen[j] !== n) return false;
      const a = hostAt[i]!,
        b = hostAt[j]!;
      for (let k = 0; k < n; k++) if (bytes[a + k] !== bytes[b + k]) return false;
      return true;
    };
    const compareHosts = (i: number, j: number) => {
      const a = hostAt[i]!,
        b = hostAt[j]!;
      const n = Math.min(hostLen[i]!, hostLen[j]!);
      for (let k = 0; k < n; k++) {
        const d = bytes[a + k]! - bytes[b + k]!;
        if (d !== 0) return d;
      }
      return hostLen[i]! - hostLen[j]!;
    };
    let o = 0;
    let r = 0;
    for (let k = 0; k < runStarts.length; k++) {
      const from = runStarts[k]!;
      const to = k + 1 < runStarts.length ? runStarts[k + 1]! : count;
      if (to <= from) continue;
      let size = 1;
      while (size < 2 * (to - from)) size <<= 1;
      const mask = size - 1;
      const table = this.table.subarray(0, size).fill(-1);
      let groups = 0;
      for (let i = from; i < to; i++) {
        next[i] = -1;
        let slot = hash[i]! & mask;
        for (;;) {
          const g = table[slot]!;
          if (g < 0) {
            table[slot] = groups;
            groupRow[groups] = i;
            groupTail[groups] = i;
            groups++;
            break;
          }
          const head = groupRow[g]!;
          if (hash[head] === hash[i] && sameHost(head, i)) {
            next[groupTail[g]!] = i;
            groupTail[g] = i;
            break;
          }
          slot = (slot + 1) & mask;
        }
      }
      // Each host's first bytes and its group's index packed into one exact double, so the typed
      // array's native sort does the work (a comparator sort cost 3× the rest of this method);
      // hosts that share the packed prefix are then put in order by their full bytes.
      let indexBits = 1;
      while (2 ** indexBits < groups) indexBits++;
      const prefix = Math.floor((53 - indexBits) / 8);
      const scale = 2 ** indexBits;
      const keys = this.keys.subarray(0, groups);
      for (let g = 0; g < groups; g++) {
        const row = groupRow[g]!,
          a = hostAt[row]!,
          n = hostLen[row]!;
        let key = 0;
        for (let b = 0; b < prefix; b++) key = key * 256 + (b < n ? bytes[a + b]! : 0);
        keys[g] = key * scale + g;
      }
      keys.sort();
      const order = this.order.subarray(0, groups);
      for (let g = 0; g < groups; g++) order[g] = groupRow[keys[g]! % scale]!;
      for (let from = 0, g = 1; g <= groups; g++) {
        if (g < groups && Math.floor(keys[g]! / scale) === Math.floor(keys[from]! / scale)) continue;
        if (g - from > 1) order.subarray(from, g).sort(compareHosts);
        from = g;
      }
      for (const head of order)
        for (let i = head; i >= 0; i = next[i]!) {
          const start = at[i]!,
            end = rowEnd(i);
          outRows[r++] = o;
          if (end - start > 64) {
            out.set(bytes.subarray(start, end), o);
            o += end - start;
          } else for (let b = start; b < end; b++) out[o++] = bytes[b]!;
        }
    }
    return o;
  }

  private reserve(count: number): void {
    if (this.next.length >= count) return;
    const n = Math.max(count, 2 * this.next.length);
    this.groupRow = new Int32Array(n);
    this.groupTail = new Int32Array(n);
    this.next = new Int32Array(n);
    this.keys = new Float64Array(n);
    this.order = new Int32Array(n);
    let size = 1;
    while (size < 2 * n) size <<= 1;
    this.table = new Int32Array(size);
  }
}
