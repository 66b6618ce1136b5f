import { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';
import { flowSizesSql } from './flow-sizes-sql.js';

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
    sizes: `(${flowSizesSql({
      from: flows,
      src: 'src',
      dst: 'dst',
      srcHuman: 'src IS NOT NULL',
      dstHuman: 'dst IS NOT NULL',
      time: 'time',
      bytes: 'bytes',
      intervalParam: 'len',
      key: 'id',
    })})`,
    sizeParams: { len: intervalSeconds },
  };
}
