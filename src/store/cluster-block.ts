/**
 * One block's valid rows from a cluster ingest's parser thread, RowBinary-encoded per shard and
 * cut into runs of one day. Run r is of day days[r], its first row at line lines[r] of the
 * block; shard s's rows of run r are rows runRows[r * shards + s] up to the next run's (or the
 * shard's row count) in shards[s], row i at bytes offset rows[i] (to the next row's, or the end).
 * Rows carry file 0 and their line within the block, until RowBinary.shiftPlace places them.
 */
export interface ClusterBlock {
  days: number[];
  lines: number[];
  runRows: number[];
  shards: { bytes: Uint8Array; rows: Int32Array }[];
}
