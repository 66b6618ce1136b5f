import type { Engine } from '../engine/index.js';
import { LOG_FORMATS } from '../sources/log-formats.js';

/**
 * Fills the temporary table `table` with the LANL flows that touch a human host, read once from
 * the flow files by the engine, for the two detection steps that need raw flows: beaconPairs (the
 * flows a human host starts) and flowSizes (the flows it sends and receives). Each pass over the
 * files gunzips and parses all of them, the slow part of both, so detection reads them once and
 * starts it early. Columns: src and dst (host ids, NULL when that side is not a human host),
 * remote_host and remote_port (the destination, only where src is set), time (seconds) and bytes
 * (0 when unreadable); lines whose time is not a number are left out, exact duplicate lines kept.
 * `hostTable` maps host names to ids: a relation with columns (host VARCHAR, id INTEGER), one row
 * per host. The caller drops the table.
 */
export function loadHumanFlows(
  engine: Engine,
  flowFiles: readonly string[],
  hostTable: string,
  table = 'human_flows',
): Promise<void> {
  const columns = LOG_FORMATS.flows.fields.map((name) => ({ name, type: 'VARCHAR' as const }));
  const files = flowFiles.map((f) => `SELECT * FROM ${engine.readLines(f, columns)}`).join(' UNION ALL ');
  return engine.run(
    `CREATE OR REPLACE TEMP TABLE ${table} AS
     SELECT s.id AS src, d.id AS dst,
       CASE WHEN s.id IS NOT NULL THEN f.dst_host END AS remote_host,
       CASE WHEN s.id IS NOT NULL THEN f.dst_port END AS remote_port,
       TRY_CAST(f.time AS DOUBLE) AS time, coalesce(TRY_CAST(f.bytes AS DOUBLE), 0) AS bytes
     FROM (${files}) f LEFT JOIN ${hostTable} s ON s.host = f.src_host LEFT JOIN ${hostTable} d ON d.host = f.dst_host
     WHERE TRY_CAST(f.time AS DOUBLE) IS NOT NULL AND (s.id IS NOT NULL OR d.id IS NOT NULL)`,
  );
}
