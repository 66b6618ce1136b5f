import type { Engine } from '../engine/index.js';
import { LOG_FORMATS } from '../sources/log-formats.js';

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
 * The typical (geometric-mean) size of a human host's flows per interval, each way, aggregated by
 * DuckDB from the LANL flow files (the lines never enter JS): the self-baseline view's second
 * series. A day's byte total is dominated by its few largest flows, so it swings several-fold from
 * day to day; the mean of log sizes is what every flow says, and a busy day that inflates both
 * directions cancels in the upload − download difference. Exact duplicate lines count as flows,
 * as they do in the series. `hostTable` maps host names to ids: a relation (host VARCHAR, id INTEGER).
 */
export async function flowSizes(
  engine: Engine,
  flowFiles: readonly string[],
  hostTable: string,
  intervalSeconds: number,
): Promise<FlowSizes> {
  const columns = LOG_FORMATS.flows.fields.map((name) => ({ name, type: 'VARCHAR' as const }));
  const files = flowFiles.map((f) => `SELECT * FROM ${engine.readLines(f, columns)}`).join(' UNION ALL ');
  const rows = await engine.all<{ id: number; iv: number; up: number; down: number; nu: number; nd: number }>(
    `WITH f AS (
       SELECT src_host, dst_host, floor(TRY_CAST(time AS DOUBLE) / $len) AS iv,
         log2(1 + greatest(0, coalesce(TRY_CAST(bytes AS DOUBLE), 0))) AS lb
       FROM (${files}) WHERE TRY_CAST(time AS DOUBLE) IS NOT NULL),
     d AS (
       SELECT h.id, f.iv, 'u' AS dir, f.lb FROM f JOIN ${hostTable} h ON h.host = f.src_host
       UNION ALL
       SELECT h.id, f.iv, 'd' AS dir, f.lb FROM f JOIN ${hostTable} h ON h.host = f.dst_host)
     SELECT id, iv, avg(lb) FILTER (WHERE dir = 'u') AS up, avg(lb) FILTER (WHERE dir = 'd') AS down,
       count(*) FILTER (WHERE dir = 'u') AS nu, count(*) FILTER (WHERE dir = 'd') AS nd
     FROM d GROUP BY id, iv HAVING nu > 0 AND nd > 0 ORDER BY id, iv`,
    { len: intervalSeconds },
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
