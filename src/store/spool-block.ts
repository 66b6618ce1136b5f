/**
 * One block's spool text from a parallel ingest worker, in runs of one day: run i is
 * bytes[starts[i], starts[i + 1]) (the last to the end), of day days[i], its first row at line
 * lines[i] of the block.
 */
export interface SpoolBlock {
  bytes: Uint8Array;
  days: number[];
  starts: number[];
  lines: number[];
}
