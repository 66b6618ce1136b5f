import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { PEER_GROUPS_DEFAULTS } from '../graph/index.js';
import {
  alertReason,
  alertThreshold,
  ALERT_BUDGET_DEFAULTS,
  combineEvidence,
  lateralByHostInterval,
  maxByHostInterval,
  newServiceUse,
  ownPastExcess,
  peerReference,
  selectAlerts,
  selfBaselineEvidence,
  SELF_BASELINE_PARTS,
  serviceDivergence,
  spreadOverIntervals,
  strongestPerHost,
  uploadKdeScore,
  type AlertEvidence,
  type CombinationMethod,
  type EvidenceView,
  type ServiceUse,
} from '../detect/index.js';
import { calibrateByGroup, calibrateTail, type TailDiagnostics } from '../stats/index.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { UsageError } from '../errors.js';
import { beaconPairs, loadBeaconCandidates } from './beacon-pairs.js';
import type { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';
import { detectionFlowRelations } from './detection-flow-relations.js';
import { flowSizes } from './flow-sizes.js';
import { loadHumanFlows } from './human-flows.js';
import { peerGroupsOffThread } from './peer-groups-off-thread.js';
import { peerGraphSql } from './peer-graph-sql.js';
import { peerGraphEdges, PEER_GRAPH_EDGES_DEFAULTS, type PeerGraphPruning } from './peer-graph-edges.js';
import { writeAlertsJsonl } from './write-alerts-jsonl.js';
import { OUTPUT_FILES } from './output-files.js';
import { readBatches } from './read-batches.js';

/** Options of {@link detectHosts}. */
export interface DetectOptions {
  /** Louvain resolution. Default 1. */
  resolution?: number;
  /** Seed of Louvain. Default 1. */
  seed?: number;
  /** Smallest peer group; smaller ones merge. Default 5. */
  minGroupSize?: number;
  /** Most edges of the peer-group graph; beyond, each node keeps its strongest (peer-graph-edges.ts). Default 500,000. */
  maxGraphEdges?: number;
  /** Auth edges first seen within this many days of the start are the lateral-movement baseline. Default 1. */
  warmupDays?: number;
  /** Edges written to edges.csv. Default 10,000. */
  topEdges?: number;
  /** Interval length of the series, seconds. Default 86,400. */
  intervalSeconds?: number;
  /** Expected false alerts per day per 1,000 hosts (alerts.csv). Default 5. */
  alertBudget?: number;
  /** How the views' p-values are combined per host-interval (combine-evidence.ts). Default 'brown-min-p' (docs/detection.md: measured with bench:detect). */
  combination?: CombinationMethod;
  /** Re-calibrate the combined p against all host-intervals (combine-evidence.ts). Default false. */
  recalibrate?: boolean;
  /**
   * The peer views (upload_kde, peer_z, service_jsd) count a host-interval only where it is unlike
   * the host's peers AND unlike the host's own past position among them (an intersection–union
   * test, own-past-excess.ts); false: unlike its peers is enough. Default true.
   */
  peerChange?: boolean;
  /** LANL flow files for the beaconing view (read by the engine); none: the view is left out. */
  flowFiles?: readonly string[];
  /** The input's DETECTION_FLOW_TABLES in the engine: read instead of `flowFiles` (analyze's scan and store paths build them). */
  flowTables?: typeof DETECTION_FLOW_TABLES;
  /** Pairs written to beacons.csv. Default 1,000. */
  topBeacons?: number;
  /**
   * Where detection's steps put their wall seconds, as `detect.<step>` (analyze passes
   * summary.timings). Steps run one after another on this thread, except `detect.peer_groups` (the
   * Louvain worker, from its start) and `detect.flows_load` (the engine's materializing of the
   * beacon flows), which run meanwhile; `detect.groups_wait` is how long this thread then waited for
   * the worker. Default: not recorded.
   */
  timings?: Record<string, number>;
}

export const DETECT_DEFAULTS = {
  ...PEER_GROUPS_DEFAULTS,
  maxGraphEdges: PEER_GRAPH_EDGES_DEFAULTS.maxEdges,
  warmupDays: 1,
  topEdges: 10_000,
  intervalSeconds: SECONDS_PER_DAY,
  alertBudget: ALERT_BUDGET_DEFAULTS.budget,
  combination: 'brown-min-p' as CombinationMethod,
  recalibrate: false,
  peerChange: true,
  topBeacons: 1000,
};

/** The views, in the order of hosts.csv's columns; each is documented with its null in {@link detectHosts}. */
export const VIEW_NAMES = [
  'upload_kde',
  'peer_z',
  'service_jsd',
  'lateral',
  'self_baseline',
  'beacon',
  'new_service',
] as const;
export type ViewName = (typeof VIEW_NAMES)[number];

/** What detection adds to summary.json. */
export interface DetectSummary {
  peer_groups: {
    count: number;
    communities: number;
    merged: number;
    modularity: number;
    sizes: number[];
    graph_nodes: number;
    graph_edges: number;
    /** Whether and how much the graph was pruned before Louvain. */
    pruning: PeerGraphPruning;
  };
  detection: {
    hosts: number;
    new_auth_edges: number;
    warmup_end: number;
    components: string[];
    host_intervals: number;
    combination: CombinationMethod;
    /** Whether the peer views also asked for a change from the host's own past (option peerChange). */
    peer_change: boolean;
    alert_budget: number;
    alert_threshold: number;
    alerts: number;
    alerted_hosts: number;
    expected_false_alerts: number;
    beacon_pairs: number;
    /** Views left out, with why (e.g. beacon without LANL flow files); also `self_baseline.flow_size_ratio`, the part of a view. */
    missing_views: Record<string, string>;
    /** The re-calibration's null model of the combined evidence. */
    combined_null: TailDiagnostics | null;
    /** The beacon view's null over pairs, with the shape a free GPD would have fitted (null without the view). */
    beacon_null: (TailDiagnostics & { gpdShape: number }) | null;
    /** The views' dependence (correlation of −2 ln p, Brown's c and f) and the share of host-intervals at or below each p level. */
    combination_null: {
      views: string[];
      correlation: (number | null)[][];
      brown_scale: number | null;
      brown_dof: number | null;
      shares: { level: number; share: number }[];
    };
  };
}

/**
 * SQL that scores every auth edge (user, src, dst) of auth_edges.parquet for lateral movement: the
 * same rule as the reference implementation test/detect/lateral-movement.ts, run where the edges are, since there can be millions.
 */
export function lateralEdgesSql(engine: Engine, dir: string): string {
  return `WITH e AS (SELECT src_user, src_host, dst_host, first_time FROM ${engine.readParquet(join(dir, OUTPUT_FILES.authEdges))}),
    d AS (SELECT dst_host, count(DISTINCT src_host) AS s, count(DISTINCT src_user) AS a FROM e GROUP BY dst_host),
    t AS (SELECT count(DISTINCT src_host) AS s, count(DISTINCT src_user) AS a,
      (SELECT count(DISTINCT dst_host) FROM e WHERE first_time < $warmup_end) AS dw FROM e),
    w AS (SELECT src_host, count(DISTINCT dst_host) AS n FROM e WHERE first_time < $warmup_end GROUP BY src_host)
    SELECT e.first_time AS time, e.src_host, e.dst_host, e.src_user AS "user",
      CASE WHEN e.first_time >= $warmup_end
        THEN (-log2(d.s / t.s) - log2(d.a / t.a) - log2((coalesce(w.n, 0) + 1) / (t.dw + 1))) / 3 ELSE 0 END AS score
    FROM e JOIN d USING (dst_host) CROSS JOIN t LEFT JOIN w ON w.src_host = e.src_host`;
}

/**
 * Wall seconds of detection's steps into `timings` as `detect.<step>`: `lap` ends the step that
 * began at the previous lap (or at the start), `since` returns a callback that records the time
 * from now to its call (a step that runs meanwhile).
 */
function stepClock(timings: Record<string, number> | undefined) {
  let last = performance.now();
  const put = (step: string, ms: number) => {
    if (timings) timings[`detect.${step}`] = Math.round(ms) / 1000;
  };
  return {
    lap(step: string) {
      const now = performance.now();
      put(step, now - last);
      last = now;
    },
    since(step: string) {
      const t0 = performance.now();
      return () => put(step, performance.now() - t0);
    },
  };
}

/** −log10 of a p given as ln p: the score scale of hosts.csv and alerts.csv (3 = one in a thousand). */
const score10 = (logP: number) => (Number.isNaN(logP) ? 0 : Math.max(0, -logP / Math.LN10));

const round = (x: number, digits = 6) => (Number.isFinite(x) ? Number(x.toPrecision(digits)) : null);

/** "day 9" for daily intervals, "day 9 10:00" for shorter ones. */
function intervalLabel(start: number, len: number): string {
  const day = Math.floor(start / SECONDS_PER_DAY) + 1;
  if (len >= SECONDS_PER_DAY) return `day ${day}`;
  const s = start % SECONDS_PER_DAY;
  return `day ${day} ${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}`;
}

function clock(time: number): string {
  const s = ((time % SECONDS_PER_DAY) + SECONDS_PER_DAY) % SECONDS_PER_DAY;
  return `${String(Math.floor(s / 3600)).padStart(2, '0')}:${String(Math.floor((s % 3600) / 60)).padStart(2, '0')} on day ${Math.floor(time / SECONDS_PER_DAY) + 1}`;
}

/**
 * Peer groups, per-host-interval evidence from seven views, alerts and per-host scores, computed
 * without looking at redteam: writes peer_groups.csv, hosts.csv (compromised filled from redteam
 * only for evaluation, empty without one), edges.csv, beacons.csv, alerts.csv and alerts.jsonl.
 *
 * Every view turns its statistic at each host-interval (the points of series.parquet) into an
 * in-sample tail p against a null estimated from the population: calibrateByGroup, i.e. the
 * statistic over all host-intervals of the host's peer group when the group has ≥ 500 of them and
 * ≥ 100 above its minimum, else over all host-intervals; empirical body, generalized-Pareto tail
 * (calibrate-tail.ts), so a value far beyond the sample's largest gets a p far below 1/n.
 * - upload_kde: −ln leave-host-out KDE density of log2(1 + upload) in the host's group; 0 at or
 *   below the group median (no evidence). Null: the group's host-intervals.
 * - peer_z: max of the upload and download robust z against the group's members in the same
 *   interval (median, 1.4826·MAD, floor 0.5 log2 units); NaN when fewer than 3 are active.
 * - service_jsd: Jensen–Shannon divergence of the host's flows over services from the rest of its
 *   group's in the same interval (0 for a host-interval without flows to a service).
 * - lateral: the strongest first-time auth edge into or out of the host in the interval (rarity
 *   score, lateralEdgesSql), 0 without one (an atom at p = 1).
 * - self_baseline: the host against its own trailing 14 observed intervals: the winsorized CUSUM
 *   of its upload (peer reference for the first 3) and the CUSUM and z of its flow-size ratio
 *   (mean log2 size sent − received, from the flow files), each calibrated, joined by Bonferroni
 *   (self-baseline-evidence.ts).
 * - beacon: the most regular (host, remote host, port) pair active in the interval (beacon-pairs.ts'
 *   statistic), Šidák-corrected for the pairs active; null: all pairs, exponential tail.
 * - new_service: log2(1 + bytes uploaded to services no other group member ever used), 0 without.
 * With `peerChange` (the default), the three peer views (upload_kde, peer_z, service_jsd) are each
 * also calibrated on the statistic less the host's own trailing median of it (ownPastExcess), and
 * the view's p is the larger of the two: a host-interval unlike its peers but where the host has
 * always been counts for nothing, and before 3 own intervals the view has no evidence (p = 1).
 * The views' p are combined per host-interval (combineEvidence, `combination`, default Brown's
 * method with a min-p guard; re-calibrated against all host-intervals with `recalibrate`); a host's score is −log10 of its smallest combined p,
 * with that interval. Host-intervals with p ≤ alertThreshold(budget) are alerts.
 */
export async function detectHosts(
  engine: Engine,
  dir: string,
  firstTime: number | null,
  options: DetectOptions = {},
): Promise<DetectSummary> {
  const o = { ...DETECT_DEFAULTS, ...options };
  const steps = stepClock(options.timings);
  const len = o.intervalSeconds;
  if (!(len > 0)) throw new UsageError((name) => `${name('interval')} must be > 0 seconds, got ${len}`);
  const table = (name: keyof typeof OUTPUT_FILES) => engine.readParquet(join(dir, OUTPUT_FILES[name]));
  const humans = (await engine.all<{ host: string }>(`SELECT host FROM ${table('humansTable')} ORDER BY host`)).map(
    (r) => r.host,
  );
  const idOf = new Map(humans.map((h, i) => [h, i]));
  await engine.load('detect_host', [
    { name: 'host', type: 'VARCHAR', values: humans },
    { name: 'id', type: 'INTEGER', values: humans.map((_, i) => i) },
  ]);

  // The human-relevant graph, aggregated in SQL and capped (peer-graph-edges.ts).
  const { edges, pruning } = await peerGraphEdges(engine, peerGraphSql(table), {
    maxEdges: o.maxGraphEdges,
  });
  steps.lap('graph');
  // The beacon pairs' flows (and, without the input's tables, the one read of the raw flows after
  // the scan) are materialized in the engine's threads while Louvain runs in its worker (on 2
  // cores the two overlap instead of adding up); nothing else queries the engine until it
  // settles, and its error, if any, is both consumers'.
  const flowFiles = o.flowFiles ?? [];
  const withFlows = o.flowTables !== undefined || flowFiles.length > 0;
  const flowRelations = detectionFlowRelations(
    o.flowTables !== undefined ? { tables: o.flowTables } : { humanFlows: 'detect_human_flows' },
    'detect_host',
    len,
  );
  const flowsLoad = !withFlows
    ? null
    : (o.flowTables !== undefined
        ? Promise.resolve()
        : loadHumanFlows(engine, flowFiles, 'detect_host', 'detect_human_flows')
      )
        .then(() => loadBeaconCandidates(engine, flowRelations.started))
        .then(
          () => null,
          (error: unknown) => error,
        )
        .finally(steps.since('flows_load'));
  // Louvain runs in a worker while this thread reads and scores the beacon pairs, so the JS of the
  // two no longer adds up on one thread.
  const groupsJob = peerGroupsOffThread(
    edges,
    humans.map((h) => `h:${h}`),
    { resolution: o.resolution, seed: o.seed, minGroupSize: o.minGroupSize },
  ).finally(steps.since('peer_groups'));
  groupsJob.catch(() => undefined); // awaited below; not an unhandled rejection meanwhile
  const flowsLoadError = flowsLoad === null ? null : await flowsLoad;
  steps.lap('beacon_flows');
  const beaconsRead =
    withFlows && flowsLoadError === null
      ? await beaconPairs(engine).then(
          (value) => ({ value }),
          (error: unknown) => ({ error }),
        )
      : null;
  steps.lap('beacons');

  // The points: every (host, interval) of the series, by host then interval, read in batches.
  const hostCol: number[] = [];
  const ivCol: number[] = [];
  const upCol: number[] = [];
  const downCol: number[] = [];
  await readBatches<{ id: number; interval: number; upload: number; download: number }>(
    engine,
    // DOUBLE, not BIGINT: the engine hands BIGINT to JS as a BigInt first (the values are exact either way).
    `SELECT h.id, s.interval::DOUBLE AS interval, s.upload_bytes::DOUBLE AS upload, s.download_bytes::DOUBLE AS download
     FROM ${table('seriesParquet')} s JOIN detect_host h USING (host)`,
    'id, interval',
    (rows) => {
      for (const r of rows) {
        hostCol.push(Number(r.id));
        ivCol.push(Math.floor(Number(r.interval) / len));
        upCol.push(Number(r.upload));
        downCol.push(Number(r.download));
      }
    },
  );
  const n = hostCol.length;
  const host = Int32Array.from(hostCol);
  const interval = Float64Array.from(ivCol);
  const upload = Float64Array.from(upCol);
  const download = Float64Array.from(downCol);
  const points = { host, interval };
  let span = 1;
  for (let i = 0; i < n; i++) span = Math.max(span, interval[i]! + 1);
  const pointOf = new Map<number, number>();
  for (let i = 0; i < n; i++) pointOf.set(host[i]! * span + interval[i]!, i);
  steps.lap('series');

  // What needs no peer groups is read while Louvain may still run in its worker.
  // lateral: scored first-time edges → strongest per host-interval.
  const warmupEnd = (firstTime ?? 0) + o.warmupDays * SECONDS_PER_DAY;
  const lateralSql = lateralEdgesSql(engine, dir);
  const edgeCols = { src: [] as number[], dst: [] as number[], time: [] as number[], score: [] as number[] };
  const edgeNames = { src: [] as string[], dst: [] as string[], user: [] as string[] };
  const newEdges = await readBatches<{ time: number; src_host: string; dst_host: string; user: string; score: number }>(
    engine,
    `SELECT time::DOUBLE AS time, src_host, dst_host, "user", score FROM (${lateralSql}) WHERE score > 0`,
    'time, src_host, dst_host, "user"',
    (rows) => {
      for (const r of rows) {
        const s = idOf.get(r.src_host) ?? -1;
        const d = idOf.get(r.dst_host) ?? -1;
        if (s < 0 && d < 0) continue;
        edgeCols.src.push(s);
        edgeCols.dst.push(d);
        edgeCols.time.push(Number(r.time));
        edgeCols.score.push(Number(r.score));
        edgeNames.src.push(r.src_host);
        edgeNames.dst.push(r.dst_host);
        edgeNames.user.push(r.user);
      }
    },
    { params: { warmup_end: warmupEnd } },
  );
  const lateral = lateralByHostInterval(
    {
      src: Float64Array.from(edgeCols.src),
      dst: Float64Array.from(edgeCols.dst),
      time: Float64Array.from(edgeCols.time),
      score: Float64Array.from(edgeCols.score),
    },
    { intervalSeconds: len, points },
  );
  steps.lap('lateral');

  // self_baseline's flow-size ratio (the view itself needs the peer reference, below): from the
  // flow files; without readable flow files the view scores the upload alone.
  let sizeRatio: Float64Array | undefined;
  let sizeVariance: Float64Array | undefined;
  let sizeRatioMissing = 'no LANL flow files to read flow sizes from';
  if (withFlows) {
    try {
      if (flowsLoadError !== null) throw flowsLoadError;
      const sizes = await flowSizes(engine, flowRelations.sizes, flowRelations.sizeParams);
      sizeRatio = new Float64Array(n).fill(NaN);
      sizeVariance = new Float64Array(n).fill(NaN);
      for (let r = 0; r < sizes.host.length; r++) {
        const i = pointOf.get(sizes.host[r]! * span + sizes.interval[r]!);
        if (i === undefined) continue;
        sizeRatio[i] = sizes.upload[r]! - sizes.download[r]!;
        sizeVariance[i] = 1 / sizes.uploadFlows[r]! + 1 / sizes.downloadFlows[r]!;
      }
    } catch (error) {
      sizeRatio = undefined;
      sizeVariance = undefined;
      sizeRatioMissing = `flow files could not be read as LANL flows: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
  }
  steps.lap('flow_sizes');

  // new_service's rows: uploads per (host, interval, service).
  const sv = {
    interval: [] as number[],
    host: [] as number[],
    service: [] as number[],
    flows: [] as number[],
    bytes: [] as number[],
  };
  const serviceName: string[] = [];
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE detect_service AS
     SELECT peer_host || ':' || peer_port AS service, (row_number() OVER (ORDER BY peer_host, peer_port) - 1)::INTEGER AS sid
     FROM (SELECT DISTINCT peer_host, peer_port FROM ${table('flowServices')} WHERE direction = 'upload')`,
  );
  await readBatches<{ interval: number; id: number; sid: number; flows: number; bytes: number }>(
    engine,
    `SELECT f.interval::DOUBLE AS interval, h.id, s.sid, f.flows::DOUBLE AS flows, f.bytes::DOUBLE AS bytes FROM ${table('flowServices')} f
     JOIN detect_host h USING (host) JOIN detect_service s ON s.service = f.peer_host || ':' || f.peer_port
     WHERE f.direction = 'upload'`,
    'id, interval, sid',
    (rows) => {
      for (const r of rows) {
        sv.interval.push(Math.floor(Number(r.interval) / len));
        sv.host.push(Number(r.id));
        sv.service.push(Number(r.sid));
        sv.flows.push(Number(r.flows));
        sv.bytes.push(Number(r.bytes));
      }
    },
  );
  const serviceRowsFor = await engine.all<{ sid: number; service: string }>(
    'SELECT sid, service FROM detect_service ORDER BY sid',
  );
  for (const r of serviceRowsFor) serviceName[Number(r.sid)] = r.service;
  steps.lap('new_service_rows');

  const groups = await groupsJob;
  steps.lap('groups_wait');
  const groupOf = new Map<string, number>();
  humans.forEach((h, i) => groupOf.set(h, groups.groupOf[i]!));
  const groupOfId = Int32Array.from(groups.groupOf);
  const group = Int32Array.from(host, (h) => groupOfId[h]!);
  // A host's intervals are serially dependent (habits, runs of a shift): each view's tail is fitted
  // on the maxima of a host's runs of excesses (calibrate-tail.ts, declustering).
  const clusters = { unit: host, time: interval };
  const calibrated = (values: ArrayLike<number>) => calibrateByGroup(values, group, { clusters }).p;

  // upload_kde, per point.
  const kde = uploadKdeScore(
    Array.from(host, (h, i) => ({ host: humans[h]!, interval: interval[i]!, upload: upload[i]! })),
    groupOf,
  );
  steps.lap('upload_kde');
  // peer_z: upload and download against the group in the same interval.
  const refUp = peerReference({ group, interval, bytes: upload });
  const refDown = peerReference({ group, interval, bytes: download });
  const peerZ = new Float64Array(n);
  // 1 where peer_z is the download's z, so the reason speaks of the download.
  const peerZDown = new Uint8Array(n);
  for (let i = 0; i < n; i++) {
    const zu = (Math.log2(1 + upload[i]!) - refUp.location[i]!) / refUp.scale[i]!;
    const zd = (Math.log2(1 + download[i]!) - refDown.location[i]!) / refDown.scale[i]!;
    peerZ[i] = Number.isNaN(zu) ? zd : Number.isNaN(zd) ? zu : Math.max(zu, zd);
    peerZDown[i] = !Number.isNaN(zd) && (Number.isNaN(zu) || zd > zu) ? 1 : 0;
  }
  steps.lap('peer_z');
  // service_jsd: per interval, the host's services against the rest of its group's in that interval.
  const jsd = new Float64Array(n);
  // By host id and service id, numbered in the order of the service names, so each host's
  // services are summed in the order the names would give; ids cost JS no string per row.
  const groupOfHost = new Map<number, number>();
  humans.forEach((_, h) => groupOfHost.set(h, groupOfId[h]!));
  let pending: ServiceUse<number, number>[] = [];
  let pendingInterval = NaN;
  const flush = () => {
    if (pending.length === 0) return;
    const d = serviceDivergence(pending, groupOfHost);
    for (const [h, v] of d.scores) {
      const i = pointOf.get(h * span + pendingInterval);
      if (i !== undefined) jsd[i] = v;
    }
    pending = [];
  };
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE detect_jsd_service AS
     SELECT service, (row_number() OVER (ORDER BY service) - 1)::INTEGER AS sid
     FROM (SELECT DISTINCT peer_host || ':' || peer_port AS service FROM ${table('flowServices')})`,
  );
  await readBatches<{ interval: number; id: number; sid: number; flows: number }>(
    engine,
    `SELECT f.interval::DOUBLE AS interval, h.id, s.sid, sum(f.flows)::DOUBLE AS flows FROM ${table('flowServices')} f
     JOIN detect_host h USING (host) JOIN detect_jsd_service s ON s.service = f.peer_host || ':' || f.peer_port
     GROUP BY f.interval, h.id, s.sid`,
    'interval, id, sid',
    (rows) => {
      for (const r of rows) {
        const iv = Math.floor(r.interval / len);
        if (iv !== pendingInterval) {
          flush();
          pendingInterval = iv;
        }
        pending.push({ host: r.id, service: r.sid, flows: r.flows });
      }
    },
  );
  await engine.run('DROP TABLE detect_jsd_service');
  flush();
  steps.lap('service_jsd');

  // self_baseline: own trailing history of the upload and, from the flow files, of the flow-size
  // ratio (self-baseline-evidence.ts); without readable flow files, the upload alone.
  const selfEvidence = selfBaselineEvidence({
    host,
    interval,
    group,
    upload,
    peerLocation: refUp.location,
    peerScale: refUp.scale,
    ...(sizeRatio ? { sizeRatio } : {}),
    ...(sizeVariance ? { sizeVariance } : {}),
  });
  const self = selfEvidence.upload;
  const selfP = selfEvidence.p;
  steps.lap('self_baseline');

  // new_service: uploads to services no other member of the group used.
  const fresh = newServiceUse(
    {
      interval: Float64Array.from(sv.interval),
      host: Float64Array.from(sv.host),
      service: Float64Array.from(sv.service),
      flows: Float64Array.from(sv.flows),
      bytes: Float64Array.from(sv.bytes),
    },
    groupOfId,
    { points },
  );
  steps.lap('new_service');

  // beacon: regular pairs from the raw flows, read by the engine.
  const missing: Record<string, string> = {};
  // Not a view: the self-baseline view's flow-size parts, without which it scores the upload alone.
  if (!sizeRatio) missing['self_baseline.flow_size_ratio'] = sizeRatioMissing;
  let beacons: Awaited<ReturnType<typeof beaconPairs>> | null = null;
  if (!withFlows) missing.beacon = 'no LANL flow files to read connection times from';
  else {
    try {
      if (flowsLoadError !== null) throw flowsLoadError;
      if (beaconsRead === null || 'error' in beaconsRead) throw beaconsRead?.error;
      beacons = beaconsRead.value;
    } catch (error) {
      missing.beacon = `flow files could not be read as LANL flows: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`;
    }
    await engine.run('DROP TABLE IF EXISTS detect_human_flows');
  }
  // The beacon null is the population of pairs (one value per pair, not per interval it spans, so a
  // long beacon is not its own null); a host-interval takes its most regular active pair, p
  // corrected for the k pairs it had active (Šidák: 1 − (1 − p)^k).
  let beaconP: Float64Array = new Float64Array(n).fill(NaN);
  let beaconPair: Int32Array | null = null;
  let beaconNull: (TailDiagnostics & { gpdShape: number }) | null = null;
  if (beacons) {
    // The pair statistic is a log of a dispersion ratio (−ln MAD/median gap) times factors in [0, 1]:
    // P(−ln R > t) = P(R < e^−t) falls exponentially for any ratio with a bounded density at 0, so
    // its tail is fitted as exponential (used through its predictive law, shape 1/m). A free GPD shape let the few beacons themselves
    // fatten the tail (three beacons among 50 excesses escaped calibrateTail's outlier screen; the
    // fitted shape was 0.81) and capped their p near 1/n, which the Šidák factor and the guard then diluted below
    // flat hosts (docs/detection.md, beacon).
    const pairNull = calibrateTail(beacons.statistic, { tail: 'exponential' });
    // Kept for the record: the shape a free GPD fit would have given (docs/detection.md, beacon).
    beaconNull = { ...pairNull.diagnostics, gpdShape: calibrateTail(beacons.statistic).diagnostics.shape };
    const pairP = pairNull.pValues(beacons.statistic, true);
    const spread = spreadOverIntervals(
      {
        host: beacons.host,
        start: beacons.firstTime,
        end: beacons.lastTime,
        value: Float64Array.from(pairP, (p) => -Math.log(p)),
      },
      { intervalSeconds: len },
    );
    const best = maxByHostInterval(spread, { points, fill: 0 });
    beaconPair = Int32Array.from(best.alignedRow!, (r) => (r >= 0 ? spread.item[r]! : -1));
    const active = new Map<number, number>();
    for (let r = 0; r < spread.host.length; r++) {
      if (spread.interval[r]! >= span || spread.interval[r]! < 0) continue;
      const key = spread.host[r]! * span + spread.interval[r]!;
      active.set(key, (active.get(key) ?? 0) + 1);
    }
    beaconP = Float64Array.from(best.aligned!, (v, i) => {
      const k = active.get(host[i]! * span + interval[i]!) ?? 0;
      return k === 0 ? 1 : -Math.expm1(k * Math.log1p(-Math.exp(-v)));
    });
  }

  steps.lap('beacon');

  // A peer view's p is max(p against the peers, p of the excess over the host's own usual value of
  // the statistic): small only where both are. Before a host has the history for an own-past
  // value it has shown no change, so the view has no evidence there (p = 1).
  const peerView = (values: ArrayLike<number>): Float64Array => {
    const peerP = calibrated(values);
    if (!o.peerChange) return peerP;
    const ownP = calibrated(ownPastExcess(host, interval, values));
    return peerP.map((pp, i) => (Number.isNaN(pp) ? pp : Number.isNaN(ownP[i]!) ? 1 : Math.max(pp, ownP[i]!)));
  };
  const viewP: Record<ViewName, Float64Array> = {
    upload_kde: peerView(kde.pointScores),
    peer_z: peerView(peerZ),
    service_jsd: peerView(jsd),
    lateral: calibrated(lateral.aligned!),
    self_baseline: selfP,
    beacon: beaconP,
    new_service: calibrated(fresh.aligned!),
  };
  const used = VIEW_NAMES.filter((v) => !(v in missing));
  const views: EvidenceView[] = used.map((name) => ({ name, p: viewP[name] }));
  const combined = combineEvidence(views, { method: o.combination, recalibrate: o.recalibrate });
  const strongest = strongestPerHost({ host, interval, logP: combined.logP });
  const threshold = alertThreshold({ budget: o.alertBudget, intervalSeconds: len });
  const alerts = selectAlerts(combined.p, threshold.threshold, { logP: combined.logP });
  steps.lap('combine');

  // Per host: view maxima (−log10 p), first alert.
  const H = humans.length;
  const viewScore = Object.fromEntries(VIEW_NAMES.map((v) => [v, new Float64Array(H)])) as Record<
    ViewName,
    Float64Array
  >;
  for (const v of VIEW_NAMES) {
    const p = viewP[v];
    const s = viewScore[v];
    for (let i = 0; i < n; i++)
      if (p[i]! > 0 || p[i] === 0) s[host[i]!] = Math.max(s[host[i]!]!, score10(Math.log(p[i]!)));
  }
  const firstAlert = new Float64Array(H).fill(NaN);
  for (const i of alerts.points) {
    const h = host[i]!;
    if (!(interval[i]! >= firstAlert[h]!)) firstAlert[h] = interval[i]!;
  }

  // Reasons: the numbers behind a point.
  const sizePart = new Set([SELF_BASELINE_PARTS.indexOf('size_cusum'), SELF_BASELINE_PARTS.indexOf('size_z')]);
  const flowSizeFactor = (i: number): { factor: number } | null => {
    const size = selfEvidence.size;
    if (!size || !sizePart.has(selfEvidence.topPart[i]!) || size.baseline[i] !== 1) return null;
    const factor = 2 ** (sizeRatio![i]! - size.location[i]!);
    return Number.isFinite(factor) ? { factor } : null;
  };
  const evidenceOf = (i: number): { evidence: AlertEvidence; json: Record<string, unknown> } => {
    const h = host[i]!;
    const when = intervalLabel(interval[i]! * len, len);
    const order = used
      .map((name, v) => ({ name, p: viewP[name][i]!, bit: (combined.drivers[i]! >>> v) & 1 }))
      .filter((v) => v.bit === 1 && !Number.isNaN(v.p))
      .sort((a, b) => a.p - b.p)
      .map(({ name, p }) => ({ name, p }));
    const ownMedian = self.baseline[i] === 1 && Number.isFinite(self.location[i]!) ? 2 ** self.location[i]! - 1 : null;
    const groupMedian = Number.isFinite(refUp.location[i]!) ? 2 ** refUp.location[i]! - 1 : null;
    const groupMedianDown = Number.isFinite(refDown.location[i]!) ? 2 ** refDown.location[i]! - 1 : null;
    const e = lateral.alignedEdge![i]!;
    const f = fresh.alignedRow![i]!;
    const b = beaconPair ? beaconPair[i]! : -1;
    const evidence: AlertEvidence = {
      when,
      views: order,
      upload: { bytes: upload[i]!, ownMedian, groupMedian },
      download: peerZDown[i] === 1 ? { bytes: download[i]!, groupMedian: groupMedianDown } : null,
      lateral:
        e >= 0
          ? {
              src: edgeNames.src[e]!,
              dst: edgeNames.dst[e]!,
              user: edgeNames.user[e]!,
              time: clock(edgeCols.time[e]!),
              inbound: edgeCols.dst[e] === h,
            }
          : null,
      newService:
        f >= 0
          ? {
              service: serviceName[sv.service[fresh.topRow[f]!]!]!,
              bytes: fresh.bytes[f]!,
              services: fresh.services[f]!,
            }
          : null,
      beacon:
        b >= 0 && beacons
          ? {
              remote: `${beacons.remoteHost[b]}:${beacons.remotePort[b]}`,
              connections: beacons.connections[b]!,
              medianGap: beacons.medianGap[b]!,
              gapMad: beacons.gapMad[b]!,
              medianBytes: beacons.medianBytes[b]!,
            }
          : null,
      services: { divergence: jsd[i]! },
      flowSize: flowSizeFactor(i),
    };
    const json = {
      p: Object.fromEntries(used.map((name) => [name, round(viewP[name][i]!)])),
      upload_bytes: upload[i]!,
      download_bytes: download[i]!,
      own_median_upload_bytes: ownMedian === null ? null : Math.round(ownMedian),
      group_median_upload_bytes: groupMedian === null ? null : Math.round(groupMedian),
      group_median_download_bytes: groupMedianDown === null ? null : Math.round(groupMedianDown),
      self_z: round(self.z[i]!),
      self_cusum: round(self.cusum[i]!),
      self_size_z: selfEvidence.size ? round(selfEvidence.size.z[i]!) : null,
      self_size_cusum: selfEvidence.size ? round(selfEvidence.size.cusum[i]!) : null,
      self_size_factor: evidence.flowSize ? round(evidence.flowSize.factor) : null,
      peer_z: round(peerZ[i]!),
      service_jsd: round(jsd[i]!),
      lateral_edge: evidence.lateral ?? null,
      new_service: evidence.newService ?? null,
      beacon: evidence.beacon ?? null,
    };
    return { evidence, json };
  };

  await engine.load('peer_groups', [
    { name: 'host', type: 'VARCHAR', values: humans },
    { name: 'peer_group', type: 'INTEGER', values: humans.map((h) => groupOf.get(h)!) },
    { name: 'degree', type: 'DOUBLE', values: groups.degree },
    { name: 'pagerank', type: 'DOUBLE', values: groups.pagerank },
  ]);
  await engine.toCsv('SELECT * FROM peer_groups ORDER BY host', join(dir, OUTPUT_FILES.peerGroups));

  // hosts.csv: strongest host-interval first (ties by host name).
  const hostRow = new Int32Array(H).fill(-1);
  for (let k = 0; k < strongest.host.length; k++) hostRow[strongest.host[k]!] = k;
  const hostScore = Float64Array.from(humans, (_, h) => (hostRow[h]! >= 0 ? score10(strongest.logP[hostRow[h]!]!) : 0));
  const order = humans
    .map((_, h) => h)
    .sort((a, b) => hostScore[b]! - hostScore[a]! || (humans[a]! < humans[b]! ? -1 : 1));
  const rank = new Int32Array(H);
  order.forEach((h, r) => (rank[h] = r + 1));
  const topView: string[] = [];
  const reason: string[] = [];
  const bestInterval: (number | null)[] = [];
  const bestP: number[] = [];
  for (let h = 0; h < H; h++) {
    const k = hostRow[h]!;
    const i = k >= 0 ? strongest.point[k]! : -1;
    if (i < 0) {
      topView.push('');
      reason.push('');
      bestInterval.push(null);
      bestP.push(1);
      continue;
    }
    topView.push(combined.topView[i]! >= 0 ? used[combined.topView[i]!]! : '');
    reason.push(alertReason(evidenceOf(i).evidence));
    bestInterval.push(interval[i]! * len);
    bestP.push(Math.exp(strongest.logP[k]!));
  }
  const byRank = order;
  await engine.load('host_scores', [
    { name: 'host', type: 'VARCHAR', values: byRank.map((h) => humans[h]!) },
    { name: 'peer_group', type: 'INTEGER', values: byRank.map((h) => groupOfId[h]!) },
    { name: 'score', type: 'DOUBLE', values: byRank.map((h) => round(hostScore[h]!)) },
    { name: 'rank', type: 'INTEGER', values: byRank.map((h) => rank[h]!) },
    { name: 'p_value', type: 'DOUBLE', values: byRank.map((h) => round(bestP[h]!)) },
    { name: 'interval', type: 'BIGINT', values: byRank.map((h) => bestInterval[h]!) },
    {
      name: 'first_alert_interval',
      type: 'BIGINT',
      values: byRank.map((h) => (Number.isNaN(firstAlert[h]!) ? null : firstAlert[h]! * len)),
    },
    { name: 'top_view', type: 'VARCHAR', values: byRank.map((h) => topView[h]!) },
    { name: 'reason', type: 'VARCHAR', values: byRank.map((h) => reason[h]!) },
    ...VIEW_NAMES.map((name) => ({
      name,
      type: 'DOUBLE' as const,
      values: byRank.map((h) => round(viewScore[name][h]!)),
    })),
  ]);
  const [{ n: redteamRows }] = (await engine.all<{ n: number }>(
    `SELECT count(*) AS n FROM ${table('redteamTable')}`,
  )) as [{ n: number }];
  await engine.toCsv(
    Number(redteamRows) > 0
      ? `SELECT s.*, (s.host IN (SELECT host FROM ${table('redteamTable')} r(time, "user", src_host, host)))::INTEGER AS compromised
         FROM host_scores s ORDER BY rank`
      : 'SELECT s.*, NULL::INTEGER AS compromised FROM host_scores s ORDER BY rank',
    join(dir, OUTPUT_FILES.hosts),
  );
  steps.lap('write_hosts');

  // alerts.csv / alerts.jsonl.
  const alertRows = Array.from(alerts.points, (i) => {
    const { evidence, json } = evidenceOf(i);
    return {
      interval: interval[i]! * len,
      host: humans[host[i]!]!,
      peer_group: groupOfId[host[i]!]!,
      p_value: round(combined.p[i]!)!,
      score: round(score10(combined.logP[i]!))!,
      views: evidence.views.map((v) => v.name).join(' '),
      reason: alertReason(evidence),
      evidence: json,
    };
  });
  await engine.load('alerts', [
    { name: 'interval', type: 'BIGINT', values: alertRows.map((a) => a.interval) },
    { name: 'host', type: 'VARCHAR', values: alertRows.map((a) => a.host) },
    { name: 'peer_group', type: 'INTEGER', values: alertRows.map((a) => a.peer_group) },
    { name: 'p_value', type: 'DOUBLE', values: alertRows.map((a) => a.p_value) },
    { name: 'score', type: 'DOUBLE', values: alertRows.map((a) => a.score) },
    { name: 'views', type: 'VARCHAR', values: alertRows.map((a) => a.views) },
    { name: 'reason', type: 'VARCHAR', values: alertRows.map((a) => a.reason) },
    { name: 'evidence', type: 'VARCHAR', values: alertRows.map((a) => JSON.stringify(a.evidence)) },
  ]);
  await engine.toCsv('SELECT * FROM alerts', join(dir, OUTPUT_FILES.alerts));
  writeAlertsJsonl(dir, alertRows);
  steps.lap('write_alerts');

  // beacons.csv: the most regular pairs.
  if (beacons) {
    const P = beacons.host.length;
    const top = Array.from({ length: P }, (_, p) => p)
      .filter((p) => !Number.isNaN(beacons.score[p]!))
      .sort((a, b) => beacons.score[b]! - beacons.score[a]! || a - b)
      .slice(0, Math.max(0, Math.floor(o.topBeacons)));
    await engine.load('beacons', [
      { name: 'host', type: 'VARCHAR', values: top.map((p) => humans[beacons.host[p]!]!) },
      { name: 'remote_host', type: 'VARCHAR', values: top.map((p) => beacons.remoteHost[p]!) },
      { name: 'remote_port', type: 'VARCHAR', values: top.map((p) => beacons.remotePort[p]!) },
      { name: 'connections', type: 'INTEGER', values: top.map((p) => beacons.connections[p]!) },
      { name: 'first_time', type: 'BIGINT', values: top.map((p) => beacons.firstTime[p]!) },
      { name: 'last_time', type: 'BIGINT', values: top.map((p) => beacons.lastTime[p]!) },
      { name: 'median_gap_s', type: 'DOUBLE', values: top.map((p) => round(beacons.medianGap[p]!)) },
      { name: 'gap_mad_s', type: 'DOUBLE', values: top.map((p) => round(beacons.gapMad[p]!)) },
      { name: 'median_bytes', type: 'DOUBLE', values: top.map((p) => round(beacons.medianBytes[p]!)) },
      { name: 'score', type: 'DOUBLE', values: top.map((p) => round(beacons.score[p]!)) },
    ]);
    await engine.toCsv('SELECT * FROM beacons', join(dir, OUTPUT_FILES.beacons));
  }

  await engine.toCsv(
    `SELECT * FROM (${lateralSql}) WHERE score > 0 ORDER BY score DESC, time, src_host, dst_host, "user" LIMIT $top`,
    join(dir, OUTPUT_FILES.edges),
    {
      warmup_end: warmupEnd,
      top: Math.max(0, Math.floor(o.topEdges)),
    },
  );
  steps.lap('write_beacons_edges');
  return {
    peer_groups: {
      count: groups.groups.length,
      communities: groups.communities,
      merged: groups.merged,
      modularity: groups.modularity,
      sizes: groups.groups.map((g) => g.size),
      graph_nodes: groups.order,
      graph_edges: groups.size,
      pruning,
    },
    detection: {
      hosts: humans.length,
      new_auth_edges: newEdges,
      warmup_end: warmupEnd,
      components: used,
      host_intervals: n,
      combination: o.combination,
      peer_change: o.peerChange,
      alert_budget: threshold.budget,
      alert_threshold: threshold.threshold,
      alerts: alertRows.length,
      alerted_hosts: new Set(alertRows.map((a) => a.host)).size,
      expected_false_alerts: alerts.expectedFalse,
      beacon_pairs: beacons ? beacons.host.length : 0,
      missing_views: missing,
      combined_null: combined.diagnostics.tail,
      beacon_null: beaconNull,
      combination_null: {
        views: used,
        correlation: used.map((_, u) =>
          used.map((__, v) => round(combined.diagnostics.dependence.moments.correlation[u * used.length + v]!, 3)),
        ),
        brown_scale: round(combined.diagnostics.dependence.scale, 4),
        brown_dof: round(combined.diagnostics.dependence.dof, 4),
        shares: combined.diagnostics.shares,
      },
    },
  };
}
