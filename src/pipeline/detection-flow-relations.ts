import { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';

/** SQL relations (subqueries) detection's beacon and self-baseline views read, in host ids. */
export interface DetectionFlowRelations {
  /** (host INTEGER id, remote_host, remote_port, time, bytes): the flows a human host started. */
  started: string;
  /** (id, iv, up, down, nu, nd): FlowSizes' rows, before ordering; parameter `$len` when `sizeParams` says so. */
  sizes: string;
  /** Parameters the `sizes` query binds. */
  sizeParams: Record<string, number>;
}

/**
 * Where the beacon pairs and flow sizes come from: the input's DETECTION_FLOW_TABLES (names, so
 * joined to `hostTable`, a relation (host VARCHAR, id INTEGER)), or the engine's table of the
 * flows touching a human host that detection read from the flow files itself (loadHumanFlows,
 * columns src, dst, remote_host, remote_port, time, bytes).
 */
export function detectionFlowRelations(
  source: { tables: typeof DETECTION_FLOW_TABLES } | { humanFlows: string },
  hostTable: string,
  intervalSeconds: number,
): DetectionFlowRelations {
  if ('tables' in source) {
    const { started, sizes } = source.tables;
    return {
      started: `(SELECT h.id AS host, f.remote_host, f.remote_port, f.time, f.bytes FROM ${started} f JOIN ${hostTable} h ON h.host = f.host)`,
      sizes: `(SELECT h.id, s.iv, s.up, s.down, s.nu, s.nd FROM ${sizes} s JOIN ${hostTable} h ON h.host = s.host)`,
      sizeParams: {},
    };
  }
  const flows = source.humanFlows;
  return {
    started: `(SELECT src AS host, remote_host, remote_port, time, bytes FROM ${flows} WHERE src IS NOT NULL)`,
    sizes: `(WITH f AS (SELECT src, dst, floor(time / $len) AS iv, log2(1 + greatest(0, bytes)) AS lb FROM ${flows}),
     d AS (
       SELECT src AS id, iv, 'u' AS dir, lb FROM f WHERE src IS NOT NULL
       UNION ALL
       SELECT dst AS id, iv, 'd' AS dir, lb FROM f WHERE dst IS NOT NULL)
     SELECT id, iv, avg(lb) FILTER (WHERE dir = 'u') AS up, avg(lb) FILTER (WHERE dir = 'd') AS down,
       count(*) FILTER (WHERE dir = 'u') AS nu, count(*) FILTER (WHERE dir = 'd') AS nd
     FROM d GROUP BY id, iv HAVING nu > 0 AND nd > 0)`,
    sizeParams: { len: intervalSeconds },
  };
}
