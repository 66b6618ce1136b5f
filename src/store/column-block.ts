/**
 * One block's valid rows of a LANL kind as typed columns, from the ingest's scan (a worker thread
 * or the main thread): rows in line order, cut into runs of one day (run i is rows
 * [starts[i], starts[i + 1]), the last to `rows`, of day days[i]). Text fields are ids in the
 * dictionary of the thread that scanned the block (`dictionary`); `added` holds the strings that
 * dictionary gained with this block, per text field, in id order.
 */
export interface ColumnBlock {
  /** Which scan thread's dictionary the ids refer to. */
  dictionary: number;
  rows: number;
  days: number[];
  starts: number[];
  /** Line of each row, within the block (parallel scan) or its file (serial scan). */
  lines: Float64Array;
  /** The integer fields, in the format's order (the time first). */
  ints: Float64Array[];
  /** The text fields' ids, in the format's order. */
  ids: Uint32Array[];
  added: string[][];
}
