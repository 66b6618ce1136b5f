import type { Engine } from '../engine/index.js';
import { BEACON_DEFAULTS, scoreBeacons } from '../detect/index.js';

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
}

/**
 * Materializes the beaconing view's input in the engine, for {@link beaconPairs}: from `started`
 * (DetectionFlowRelations.started, the flows human hosts started; the lines never enter JS), the
 * (host, remote host, remote port) pairs with at least `minConnections` connections, numbered in
 * (host, remote host, remote port) order (table beacon_candidates), and their flows (table
 * beacon_flows: pair, time, bytes). `started` is read once into a temporary table (on the scan path
 * a view over the started-flows files: parsing them and joining the host ids was most of this step,
 * and counting then joining read it twice); DuckDB keeps the tables in its buffer pool, spilling
 * past its memory limit.
 */
export async function loadBeaconCandidates(
  engine: Engine,
  started: string,
  minConnections: number = BEACON_DEFAULTS.minConnections,
): Promise<void> {
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE beacon_started AS SELECT host, remote_host, remote_port, time, bytes FROM ${started}`,
  );
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE beacon_candidates AS
     SELECT (row_number() OVER (ORDER BY host, remote_host, remote_port) - 1)::INTEGER AS pair, host, remote_host, remote_port, n
     FROM (SELECT host, remote_host, remote_port, count(*) AS n FROM beacon_started GROUP BY ALL HAVING count(*) >= $min)`,
    { min: minConnections },
  );
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE beacon_flows AS
     SELECT c.pair, f.time, f.bytes FROM beacon_started f JOIN beacon_candidates c USING (host, remote_host, remote_port)`,
  );
  await engine.run('DROP TABLE beacon_started');
}

/**
 * The beaconing view's pairs, from the tables {@link loadBeaconCandidates} made (dropped here):
 * read as one list of times and one of sizes per pair, and handed to scoreBeacons (src/detect) a bounded batch of
 * whole pairs at a time.
 */
export async function beaconPairs(engine: Engine, options: BeaconPairsOptions = {}): Promise<BeaconPairs> {
  const minConnections = options.minConnections ?? BEACON_DEFAULTS.minConnections;
  const batchRows = options.batchRows ?? 500_000;
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
    // A list of times and one of sizes per pair, unordered: scoreBeacons sorts each pair's times and
    // sizes separately (their rows need not agree), and the engine hands JS a few thousand rows of
    // arrays far faster than a row object per flow.
    const lists = await engine.all<{ pair: number; time: number[]; bytes: number[] }>(
      'SELECT pair, list(time) AS time, list(bytes) AS bytes FROM beacon_flows WHERE pair >= $from AND pair < $to GROUP BY pair ORDER BY pair',
      { from, to },
    );
    let flows = 0;
    for (const l of lists) flows += l.time.length;
    const pair = new Float64Array(flows);
    const time = new Float64Array(flows);
    const bytes = new Float64Array(flows);
    let k = 0;
    for (const l of lists) {
      pair.fill(l.pair, k, k + l.time.length);
      time.set(l.time, k);
      bytes.set(l.bytes, k);
      k += l.time.length;
    }
    const r = scoreBeacons({ pair, time, bytes }, { minConnections });
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
    out.diagnostics.flows += flows;
    out.diagnostics.batches++;
    from = to;
  }
  await engine.run('DROP TABLE IF EXISTS beacon_candidates');
  await engine.run('DROP TABLE IF EXISTS beacon_flows');
  return out;
}
