import type { Engine } from '../engine/index.js';

/** Per (host, interval) with flows in both directions: the mean log2 size of its flows each way. */
export interface FlowSizes {
  /** Host id (the row of the host table). */
  host: Int32Array;
  /** Interval index ⌊time / intervalSeconds⌋. */
  interval: Float64Array;
  /** Mean of log2(1 + bytes) over the flows the host sent (upload) and received (download). */
  upload: Float64Array;
  download: Float64Array;
  /** Flows each way. */
  uploadFlows: Int32Array;
  downloadFlows: Int32Array;
}

/**
 * The typical (geometric-mean) size of a human host's flows per interval, each way: the
 * self-baseline view's second series, read from `sizes` (DetectionFlowRelations.sizes: the
 * scan's sums, or an aggregate DuckDB computes over the flows; the lines never enter JS). A
 * day's byte total is dominated by its few largest flows, so it swings several-fold from day to
 * day; the mean of log sizes is what every flow says, and a busy day that inflates both directions
 * cancels in the upload − download difference. Exact duplicate lines count as flows, as they do in
 * the series; a flow from a human host to itself counts both ways.
 */
export async function flowSizes(
  engine: Engine,
  sizes: string,
  params: Record<string, number> = {},
): Promise<FlowSizes> {
  const rows = await engine.all<{ id: number; iv: number; up: number; down: number; nu: number; nd: number }>(
    `SELECT id, iv, up, down, nu, nd FROM ${sizes} ORDER BY id, iv`,
    params,
  );
  return {
    host: Int32Array.from(rows, (r) => Number(r.id)),
    interval: Float64Array.from(rows, (r) => Number(r.iv)),
    upload: Float64Array.from(rows, (r) => Number(r.up)),
    download: Float64Array.from(rows, (r) => Number(r.down)),
    uploadFlows: Int32Array.from(rows, (r) => Number(r.nu)),
    downloadFlows: Int32Array.from(rows, (r) => Number(r.nd)),
  };
}
