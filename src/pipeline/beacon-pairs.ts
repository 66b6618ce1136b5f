import type { Engine } from '../engine/index.js';
import { BEACON_DEFAULTS, scoreBeacons } from '../detect/index.js';
import { LOG_FORMATS } from '../sources/log-formats.js';

/** Every scored (host, remote host, remote port) pair, columns aligned by index. */
export interface BeaconPairs {
  /** Host id (the row of the host table). */
  host: Int32Array;
  remoteHost: string[];
  remotePort: string[];
  connections: Int32Array;
  firstTime: Float64Array;
  lastTime: Float64Array;
  medianGap: Float64Array;
  gapMad: Float64Array;
  medianBytes: Float64Array;
  score: Float64Array;
  /**
   * The statistic calibrated over pairs: coverage · −ln max(10⁻³, gap MAD/median gap) · (½ + ½·size
   * regularity), clamped at 0; 0 when the median gap is below 1 s (bursts).
   * Unlike −ln(1 − score), it does not clamp irregular pairs to 0: the score is 0 for 99 % of real
   * pairs, which leaves no null tail to fit, while this spreads them (Poisson gaps give ≈ 0.4) and
   * puts a 2 %-jitter timer near 4.
   */
  statistic: Float64Array;
  diagnostics: { flows: number; pairs: number; batches: number };
}

/** Options of {@link beaconPairs}. */
export interface BeaconPairsOptions {
  /** Pairs with fewer connections are not scored. Default 10 (scoreBeacons' default). */
  minConnections?: number;
  /** Flows handed to JS per batch (whole pairs; a pair larger than this is its own batch). Default 500,000. */
  batchRows?: number;
  /**
   * The pending {@link loadBeaconFlows} of the same files and host table, started earlier so the
   * engine reads the flow files while JS does other work; no other query may run on the engine
   * until it settles. Default: beaconPairs loads them itself.
   */
  loaded?: Promise<void>;
}

/**
 * Fills the temporary table beacon_flows (host id, remote host, remote port, time, bytes) with the
 * connections human hosts start, read from the LANL flow files by the engine: the slow part of
 * the beaconing view (a second read of the raw flows), so detection can start it early.
 */
export function loadBeaconFlows(engine: Engine, flowFiles: readonly string[], hostTable: string): Promise<void> {
  const columns = LOG_FORMATS.flows.fields.map((name) => ({ name, type: 'VARCHAR' as const }));
  const files = flowFiles.map((f) => `SELECT * FROM ${engine.readLines(f, columns)}`).join(' UNION ALL ');
  return engine.run(
    `CREATE OR REPLACE TEMP TABLE beacon_flows AS
     SELECT h.id AS host, f.dst_host AS remote_host, f.dst_port AS remote_port,
       TRY_CAST(f.time AS DOUBLE) AS time, coalesce(TRY_CAST(f.bytes AS DOUBLE), 0) AS bytes
     FROM (${files}) f JOIN ${hostTable} h ON h.host = f.src_host
     WHERE TRY_CAST(f.time AS DOUBLE) IS NOT NULL`,
  );
}

/**
 * The beaconing view's pairs. The LANL flow files are read by DuckDB (never into JS as lines): the
 * connections a human host starts, grouped by (host, remote host, remote port), pairs with at least
 * `minConnections` connections kept, sorted by pair and time in SQL, and handed to scoreBeacons
 * (src/detect) a bounded batch of whole pairs at a time. `hostTable` maps host names to ids:
 * a relation with columns (host VARCHAR, id INTEGER).
 */
export async function beaconPairs(
  engine: Engine,
  flowFiles: readonly string[],
  hostTable: string,
  options: BeaconPairsOptions = {},
): Promise<BeaconPairs> {
  const minConnections = options.minConnections ?? BEACON_DEFAULTS.minConnections;
  const batchRows = options.batchRows ?? 500_000;
  await (options.loaded ?? loadBeaconFlows(engine, flowFiles, hostTable));
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE beacon_candidates AS
     SELECT row_number() OVER (ORDER BY host, remote_host, remote_port) - 1 AS pair, host, remote_host, remote_port, n
     FROM (SELECT host, remote_host, remote_port, count(*) AS n FROM beacon_flows GROUP BY ALL HAVING count(*) >= $min)`,
    { min: minConnections },
  );
  const pairs = await engine.all<{ pair: number; host: number; remote_host: string; remote_port: string; n: number }>(
    'SELECT pair, host, remote_host, remote_port, n FROM beacon_candidates ORDER BY pair',
  );
  const P = pairs.length;
  const out: BeaconPairs = {
    host: Int32Array.from(pairs, (p) => Number(p.host)),
    remoteHost: pairs.map((p) => p.remote_host),
    remotePort: pairs.map((p) => p.remote_port),
    connections: new Int32Array(P),
    firstTime: new Float64Array(P),
    lastTime: new Float64Array(P),
    medianGap: new Float64Array(P),
    gapMad: new Float64Array(P),
    medianBytes: new Float64Array(P),
    score: new Float64Array(P).fill(NaN),
    statistic: new Float64Array(P).fill(NaN),
    diagnostics: { flows: 0, pairs: P, batches: 0 },
  };
  for (let from = 0; from < P;) {
    let to = from;
    let rows = 0;
    while (to < P && (to === from || rows + Number(pairs[to]!.n) <= batchRows)) rows += Number(pairs[to++]!.n);
    const flows = await engine.all<{ pair: number; time: number; bytes: number }>(
      `SELECT c.pair, f.time, f.bytes FROM beacon_flows f JOIN beacon_candidates c USING (host, remote_host, remote_port)
       WHERE c.pair >= $from AND c.pair < $to ORDER BY c.pair, f.time`,
      { from, to },
    );
    const r = scoreBeacons(
      {
        pair: Float64Array.from(flows, (f) => Number(f.pair)),
        time: Float64Array.from(flows, (f) => Number(f.time)),
        bytes: Float64Array.from(flows, (f) => Number(f.bytes)),
      },
      { minConnections },
    );
    for (let g = 0; g < r.pair.length; g++) {
      const p = r.pair[g]!;
      out.connections[p] = r.connections[g]!;
      out.firstTime[p] = r.firstTime[g]!;
      out.lastTime[p] = r.lastTime[g]!;
      out.medianGap[p] = r.medianGap[g]!;
      out.gapMad[p] = r.gapMad[g]!;
      out.medianBytes[p] = r.medianBytes[g]!;
      out.score[p] = r.score[g]!;
      const timing = r.medianGap[g]! >= 1 ? -Math.log(Math.max(1e-3, r.gapMad[g]! / r.medianGap[g]!)) : 0;
      out.statistic[p] = Number.isNaN(r.score[g]!)
        ? NaN
        : Math.max(0, r.coverage[g]! * timing * (0.5 + 0.5 * r.sizes[g]!));
    }
    out.diagnostics.flows += flows.length;
    out.diagnostics.batches++;
    from = to;
  }
  await engine.run('DROP TABLE IF EXISTS beacon_flows');
  await engine.run('DROP TABLE IF EXISTS beacon_candidates');
  return out;
}
