import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { globLiteral, type Engine } from '../engine/index.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { readEvaluation, type Evaluation } from './evaluate-run.js';
import { OUTPUT_FILES } from './output-files.js';

/**
 * Everything report.html shows, as small aggregates computed by the engine from an analyze
 * output folder: nothing here grows with the number of input rows or host-intervals. The report
 * (src/report) only formats them; the series never reaches JS row by row.
 */

/** Options of {@link reportData}: the bound of each aggregate. */
export interface ReportDataOptions {
  /** Width of an upload histogram bin, log2 bytes. Default 0.5. */
  histogramBin?: number;
  /** Points of the KDE's fine grid (linear binning, done by the engine). Default 2,048. */
  kdeBins?: number;
  /** Points of the KDE curve drawn. Default 200. */
  kdeGrid?: number;
  /** Values per population kept for the bootstrap: a pseudo-random sample (smallest hashes) when there are more. Default 10,000. */
  sampleSize?: number;
  /** Points of the traffic charts at most; more intervals are summed into buckets of whole intervals. Default 2,000. */
  trafficPoints?: number;
  /** The largest uploaders and the largest downloaders listed. Default 50 each. */
  topHosts?: number;
  /** Alert cards: the highest-ranked hosts. Default 20. */
  cards?: number;
  /** Rows of the ranked-hosts table. Default 100. */
  rankedHosts?: number;
  /** Rows of each sample table. Default 100. */
  sampleRows?: number;
}

export const REPORT_DATA_DEFAULTS: Readonly<Required<ReportDataOptions>> = {
  histogramBin: 0.5,
  kdeBins: 2048,
  kdeGrid: 200,
  sampleSize: 10_000,
  trafficPoints: 2_000,
  topHosts: 50,
  cards: 20,
  rankedHosts: 100,
  sampleRows: 100,
};

/** Totals of one traffic bucket (one interval unless the span has more than `trafficPoints`). */
export interface TrafficPoint {
  /** Bucket start and end, seconds. */
  start: number;
  end: number;
  upload: number;
  download: number;
  /** Distinct human hosts with a series row in the bucket. */
  hosts: number;
}

/** log2 of the upload bytes of a population's host-intervals with an upload (> 0). */
export interface UploadPopulation {
  n: number;
  mean: number;
  /** Sample variance (n − 1). */
  variance: number;
  min: number;
  max: number;
  median: number;
  /** Histogram: count per bin [bin·width, (bin + 1)·width), ascending by bin. */
  histogram: { bin: number; count: number }[];
  /** Linear-binning weights on the KDE's fine grid (shared by the populations); empty when n < 2. */
  kdeWeights: Float64Array;
  /** Kernel standard deviation (Scott's rule, as scipy.stats.gaussian_kde); NaN when n < 2 or no spread. */
  bandwidth: number;
  /** At most `sampleSize` values (all of them when fewer), in (interval, host) order: the bootstrap's input. */
  sample: Float64Array;
}

/** The upload populations: every host-interval and the compromised hosts' ones. */
export interface UploadData {
  histogramBin: number;
  /** Host-intervals with no upload (log2 undefined), all hosts. */
  zeros: number;
  /** The KDE's fine grid: weight k sits at lo + k·delta. */
  kde: { lo: number; delta: number; bins: number; gridMin: number; gridMax: number; gridPoints: number };
  total: UploadPopulation;
  compromised: UploadPopulation;
}

/** One host of the top uploaders/downloaders table. */
export interface TopHostRow {
  host: string;
  upload: number;
  download: number;
  flows: number;
  intervals: number;
  compromised: boolean;
}

/** A ranked host as hosts.csv has it (the alert cards' columns). */
export interface RankedHostRow {
  host: string;
  peer_group: number;
  score: number;
  rank: number;
  p_value: number;
  interval: number | null;
  first_alert_interval: number | null;
  top_view: string | null;
  reason: string | null;
}

/** The alert cards' data: the top hosts, their own uploads, their groups' quartiles per interval, their alerts. */
export interface AlertCardData {
  hosts: RankedHostRow[];
  /** The top hosts' series (interval start, upload bytes), by host then interval. */
  uploads: { host: string; interval: number; upload: number }[];
  /** Per (peer group, interval) the quartiles of its members' uploads (type 7, as quantileSorted), for the top hosts' groups. */
  bands: { peer_group: number; interval: number; q1: number; median: number; q3: number }[];
  /** The top hosts' alerts. */
  alerts: { host: string; interval: number; score: number }[];
}

/** The peer-group section's data. */
export interface PeerData {
  groups: { group: number; hosts: number }[];
  /** Services (remote host:port) both groups use plus logons between them. */
  links: { a: number; b: number; shared: number }[];
  /** The first `rankedHosts` rows of hosts.csv, every column. */
  ranked: Record<string, string | number | null>[];
  evaluation: Evaluation | null;
}

/** A sample table of samples/ (every value as text). */
export interface SampleTable {
  file: string;
  columns: string[];
  rows: string[][];
}

/** What report.html is built from. */
export interface ReportData {
  traffic: { bucketSeconds: number; total: TrafficPoint[]; compromised: TrafficPoint[] };
  /** null when no host-interval has an upload. */
  upload: UploadData | null;
  topHosts: TopHostRow[];
  samples: SampleTable[];
  /** null without detection outputs (hosts.csv). */
  alertCards: AlertCardData | null;
  peers: PeerData | null;
  diagnostics: { seriesRows: number; queries: number };
}

const num = (v: unknown) => Number(v);

/**
 * The report's aggregates, computed by `engine` from the analyze output folder `dir` (series.parquet,
 * hosts.csv, peer_groups.csv, alerts.csv, the graph tables, samples/, evaluation.json).
 */
export async function reportData(
  engine: Engine,
  dir: string,
  summary: AnalyzeSummary,
  options: ReportDataOptions = {},
): Promise<ReportData> {
  const o: Required<ReportDataOptions> = { ...REPORT_DATA_DEFAULTS, ...options };
  let queries = 0;
  const all = <T>(sql: string, params?: Record<string, string | number>) => {
    queries++;
    return engine.all<T>(sql, params);
  };
  const series = engine.readParquet(join(dir, OUTPUT_FILES.seriesParquet));
  // Paths are bound as parameters ($hosts, $groups, $alerts), never spliced into the SQL.
  const files = {
    hosts: join(dir, OUTPUT_FILES.hosts),
    groups: join(dir, OUTPUT_FILES.peerGroups),
    alerts: join(dir, OUTPUT_FILES.alerts),
  };
  // DuckDB would read a path with * ? [ as a glob.
  const bound = {
    hosts: globLiteral(files.hosts),
    groups: globLiteral(files.groups),
    alerts: globLiteral(files.alerts),
  };
  const csv = (name: keyof typeof files, types = "{'host': 'VARCHAR'}") =>
    `read_csv($${name}, header = true, types = ${types})`;

  const [{ rows, intervals }] = (await all<{ rows: number; intervals: number }>(
    `SELECT count(*)::DOUBLE AS rows, count(DISTINCT interval)::DOUBLE AS intervals FROM ${series}`,
  )) as [{ rows: number; intervals: number }];
  const bucketSeconds = summary.interval * Math.max(1, Math.ceil(num(intervals) / o.trafficPoints));
  // A series row is one (interval, host): with one interval a bucket its rows are its hosts.
  const hosts = bucketSeconds === summary.interval ? 'count(*)' : 'count(DISTINCT host)';
  const traffic = await all<{
    start: number;
    upload: number;
    download: number;
    hosts: number;
    c_upload: number;
    c_download: number;
    c_hosts: number;
  }>(
    `SELECT (floor(interval / $w) * $w)::DOUBLE AS start,
       sum(upload_bytes)::DOUBLE AS upload, sum(download_bytes)::DOUBLE AS download, ${hosts}::DOUBLE AS hosts,
       coalesce(sum(upload_bytes) FILTER (WHERE compromised = 1), 0)::DOUBLE AS c_upload,
       coalesce(sum(download_bytes) FILTER (WHERE compromised = 1), 0)::DOUBLE AS c_download,
       ${hosts} FILTER (WHERE compromised = 1)::DOUBLE AS c_hosts
     FROM ${series} GROUP BY 1 ORDER BY 1`,
    { w: bucketSeconds },
  );
  const point = (start: number, upload: number, download: number, hosts: number): TrafficPoint => ({
    start,
    end: start + bucketSeconds,
    upload,
    download,
    hosts,
  });

  const upload = await uploadData(all, series, o);

  const topHosts = (
    await all<{ host: string; upload: number; download: number; flows: number; intervals: number; c: number }>(
      `WITH h AS (SELECT host, sum(upload_bytes)::DOUBLE AS upload, sum(download_bytes)::DOUBLE AS download,
           sum(flows)::DOUBLE AS flows, count(*)::DOUBLE AS intervals, max(compromised) AS c FROM ${series} GROUP BY host)
       SELECT * FROM h
       WHERE host IN (SELECT host FROM h ORDER BY upload DESC, host LIMIT $k) OR host IN (SELECT host FROM h ORDER BY download DESC, host LIMIT $k)
       ORDER BY upload DESC, host`,
      { k: o.topHosts },
    )
  ).map((r) => ({
    host: r.host,
    upload: num(r.upload),
    download: num(r.download),
    flows: num(r.flows),
    intervals: num(r.intervals),
    compromised: num(r.c) === 1,
  }));

  const samples: SampleTable[] = [];
  for (const file of [OUTPUT_FILES.sampleAuth, OUTPUT_FILES.sampleFlows, OUTPUT_FILES.sampleEnriched]) {
    const path = join(dir, file);
    if (!existsSync(path)) continue;
    const rows = await all<Record<string, string>>(
      'SELECT * FROM read_csv($path, header = true, all_varchar = true) LIMIT $n',
      { path: globLiteral(path), n: o.sampleRows },
    );
    if (rows.length === 0) continue;
    const columns = Object.keys(rows[0]!);
    samples.push({ file, columns, rows: rows.map((r) => columns.map((c) => r[c] ?? '')) });
  }

  const hasHosts = existsSync(files.hosts);
  const hostTypes = "{'host': 'VARCHAR', 'reason': 'VARCHAR', 'top_view': 'VARCHAR'}";
  let alertCards: AlertCardData | null = null;
  let peers: PeerData | null = null;
  if (hasHosts) {
    const hosts = (
      await all<RankedHostRow>(
        `SELECT host, peer_group, score, rank, p_value, interval, first_alert_interval, top_view, reason
         FROM ${csv('hosts', hostTypes)} ORDER BY rank LIMIT $n`,
        { n: o.cards, hosts: bound.hosts },
      )
    ).map((h) => ({
      ...h,
      peer_group: num(h.peer_group),
      score: num(h.score),
      rank: num(h.rank),
      p_value: num(h.p_value),
      interval: h.interval === null ? null : num(h.interval),
      first_alert_interval: h.first_alert_interval === null ? null : num(h.first_alert_interval),
    }));
    const top = `(SELECT host, peer_group FROM ${csv('hosts', hostTypes)} ORDER BY rank LIMIT $n)`;
    const uploads = (
      await all<{ host: string; interval: number; upload: number }>(
        `SELECT s.host, s.interval::DOUBLE AS interval, s.upload_bytes::DOUBLE AS upload
         FROM ${series} s WHERE s.host IN (SELECT host FROM ${top}) ORDER BY s.host, s.interval`,
        { n: o.cards, hosts: bound.hosts },
      )
    ).map((r) => ({ host: r.host, interval: num(r.interval), upload: num(r.upload) }));
    const bands = (
      await all<{ peer_group: number; interval: number; q1: number; median: number; q3: number }>(
        `SELECT g.peer_group, s.interval::DOUBLE AS interval, quantile_cont(s.upload_bytes, 0.25) AS q1,
           quantile_cont(s.upload_bytes, 0.5) AS median, quantile_cont(s.upload_bytes, 0.75) AS q3
         FROM ${series} s JOIN ${csv('groups')} g USING (host)
         WHERE g.peer_group IN (SELECT peer_group FROM ${top}) GROUP BY 1, 2 ORDER BY 1, 2`,
        { n: o.cards, hosts: bound.hosts, groups: bound.groups },
      )
    ).map((r) => ({
      peer_group: num(r.peer_group),
      interval: num(r.interval),
      q1: num(r.q1),
      median: num(r.median),
      q3: num(r.q3),
    }));
    // Alerts are bounded by the budget (a few per day per 1,000 hosts); only the top hosts' are kept.
    const alerts = existsSync(files.alerts)
      ? (
          await all<{ host: string; interval: number; score: number }>(
            `SELECT host, interval::DOUBLE AS interval, score FROM ${csv('alerts')}
             WHERE host IN (SELECT host FROM ${top})`,
            { n: o.cards, hosts: bound.hosts, alerts: bound.alerts },
          )
        ).map((a) => ({ host: a.host, interval: num(a.interval), score: num(a.score) }))
      : [];
    alertCards = hosts.length === 0 ? null : { hosts, uploads, bands, alerts };

    const groups = (
      await all<{ g: number; hosts: number }>(
        `SELECT peer_group AS g, count(*) AS hosts FROM ${csv('groups')} GROUP BY 1 ORDER BY 1`,
        { groups: bound.groups },
      )
    ).map((g) => ({ group: num(g.g), hosts: num(g.hosts) }));
    // Groups are linked by what their members share: services (remote host:port) both groups use,
    // and logons from a member of one to a member of the other. Flows between two human hosts are
    // rare (humans talk to servers), which is why joining flows to peers left this graph empty.
    const links = (
      await all<{ a: number; b: number; shared: number }>(
        `WITH g AS (SELECT host, peer_group FROM ${csv('groups')}),
          s AS (SELECT DISTINCT g.peer_group, f.peer_host || ':' || f.peer_port AS service
                FROM ${engine.readParquet(join(dir, OUTPUT_FILES.flowServices))} f JOIN g USING (host)),
          by_service AS (SELECT x.peer_group AS a, y.peer_group AS b, count(*) AS n FROM s x JOIN s y USING (service)
                         WHERE x.peer_group < y.peer_group GROUP BY 1, 2),
          by_logon AS (SELECT least(x.peer_group, y.peer_group) AS a, greatest(x.peer_group, y.peer_group) AS b, count(*) AS n
                       FROM ${engine.readParquet(join(dir, OUTPUT_FILES.authEdges))} e JOIN g x ON x.host = e.src_host JOIN g y ON y.host = e.dst_host
                       WHERE x.peer_group <> y.peer_group GROUP BY 1, 2)
         SELECT a, b, sum(n)::DOUBLE AS shared FROM (SELECT * FROM by_service UNION ALL SELECT * FROM by_logon) GROUP BY 1, 2 ORDER BY 1, 2`,
        { groups: bound.groups },
      )
    ).map((l) => ({ a: num(l.a), b: num(l.b), shared: num(l.shared) }));
    const ranked = await all<Record<string, string | number | null>>(
      `SELECT * FROM ${csv('hosts', hostTypes)} ORDER BY rank LIMIT $n`,
      { n: o.rankedHosts, hosts: bound.hosts },
    );
    const evalPath = join(dir, OUTPUT_FILES.evaluation);
    const evaluation = (summary.files.redteam?.rows ?? 0) > 0 && existsSync(evalPath) ? readEvaluation(evalPath) : null;
    peers = { groups, links, ranked, evaluation };
  }

  return {
    traffic: {
      bucketSeconds,
      total: traffic.map((t) => point(num(t.start), num(t.upload), num(t.download), num(t.hosts))),
      compromised: traffic
        .filter((t) => num(t.c_hosts) > 0)
        .map((t) => point(num(t.start), num(t.c_upload), num(t.c_download), num(t.c_hosts))),
    },
    upload,
    topHosts,
    samples,
    alertCards,
    peers,
    diagnostics: { seriesRows: num(rows), queries },
  };
}

type All = <T>(sql: string, params?: Record<string, string | number>) => Promise<T[]>;

/** Fixed-point units of the integer sums (see uploadData). */
const V_UNIT = 2 ** 32;
const W_UNIT = 2 ** 24;

/** The upload populations' moments, histograms, KDE binning and bootstrap samples, each one GROUP BY. */
async function uploadData(all: All, series: string, o: Required<ReportDataOptions>): Promise<UploadData | null> {
  const part = (population: string, where: string) =>
    `SELECT '${population}' AS population, interval, host, log2(upload_bytes) AS v FROM ${series} WHERE upload_bytes > 0${where}`;
  const parts = [part('total', ''), part('compromised', ' AND compromised = 1')];
  const u = `(${parts.join(' UNION ALL ')})`;
  // Sums of doubles in parallel threads depend on their order, so the page would differ between
  // runs in its last digits: the moments and the KDE weights are summed as integers instead
  // (v in units of 2^-32, weights in units of 2^-24), exact in any order.
  const raw = await all<{
    population: string;
    n: number;
    s1: string;
    s2: string;
    min: number;
    max: number;
    median: number;
  }>(
    `WITH q AS (SELECT population, v, round(v * ${V_UNIT})::HUGEINT AS iv FROM ${u})
     SELECT population, count(*)::DOUBLE AS n, sum(iv)::VARCHAR AS s1, sum(iv * iv)::VARCHAR AS s2,
       min(v) AS min, max(v) AS max, quantile_cont(v, 0.5) AS median FROM q GROUP BY 1`,
  );
  const moments = raw.map((r) => {
    const n = BigInt(num(r.n));
    const s1 = BigInt(r.s1);
    const s2 = BigInt(r.s2);
    const mean = Number(s1) / Number(n) / V_UNIT;
    // (n·Σv² − (Σv)²) / (n(n − 1)), exact in BigInt up to the last division.
    const variance = n >= 2n ? Number(n * s2 - s1 * s1) / Number(n * (n - 1n)) / V_UNIT ** 2 : null;
    return { population: r.population, n: num(r.n), mean, variance, min: r.min, max: r.max, median: r.median };
  });
  const [{ zeros }] = (await all<{ zeros: number }>(
    `SELECT count(*)::DOUBLE AS zeros FROM ${series} WHERE NOT (upload_bytes > 0)`,
  )) as [{ zeros: number }];
  const m = new Map(moments.map((r) => [r.population, r]));
  const total = m.get('total');
  if (!total || num(total.n) === 0) return null;
  // Scott's rule as gaussianKde: factor n^(−1/5) times the sample standard deviation.
  const bandwidth = (p: typeof total | undefined) =>
    p && num(p.n) >= 2 && num(p.variance) > 0 ? Math.sqrt(num(p.variance)) * num(p.n) ** -0.2 : NaN;
  const hs = [bandwidth(total), bandwidth(m.get('compromised'))].filter((h) => h > 0);
  const pad = 6 * Math.max(0, ...hs);
  const gridMin = num(total.min) - 1;
  const gridMax = num(total.max) + 1;
  const lo = gridMin - pad;
  const delta = (gridMax + pad - lo) / (o.kdeBins - 1);
  const histogram = await all<{ population: string; bin: number; count: number }>(
    `SELECT population, floor(v / $w)::DOUBLE AS bin, count(*)::DOUBLE AS count FROM ${u} GROUP BY 1, 2 ORDER BY 1, 2`,
    { w: o.histogramBin },
  );
  const weights = await all<{ population: string; k: number; w: number }>(
    `WITH p AS (SELECT population, least($m - 2, floor((v - $lo) / $delta)) AS k, (v - $lo) / $delta AS pos FROM ${u})
     , f AS (SELECT population, k, round((pos - k) * ${W_UNIT})::BIGINT AS wf FROM p)
     SELECT population, k::DOUBLE AS k, sum(${W_UNIT} - wf)::DOUBLE AS w FROM f GROUP BY 1, 2
     UNION ALL SELECT population, (k + 1)::DOUBLE, sum(wf)::DOUBLE FROM f GROUP BY 1, 2`,
    { m: o.kdeBins, lo, delta },
  );
  // A deterministic pseudo-random sample (smallest hashes), then in series order, so a population
  // no larger than the sample is itself, in the order the series has.
  const sample = await all<{ population: string; v: number }>(
    `SELECT population, v FROM (${parts.map((q) => `(${q} ORDER BY hash(host, interval), host, interval LIMIT $k)`).join(' UNION ALL ')})
     ORDER BY population, interval, host`,
    { k: o.sampleSize },
  );
  const population = (name: string): UploadPopulation => {
    const r = m.get(name);
    const kdeWeights = new Float64Array(r && num(r.n) >= 2 ? o.kdeBins : 0);
    if (kdeWeights.length > 0) for (const w of weights) if (w.population === name) kdeWeights[num(w.k)]! += num(w.w);
    for (let k = 0; k < kdeWeights.length; k++) kdeWeights[k]! /= W_UNIT;
    return {
      n: r ? num(r.n) : 0,
      mean: r ? num(r.mean) : NaN,
      variance: r && r.variance !== null ? num(r.variance) : NaN,
      min: r ? num(r.min) : NaN,
      max: r ? num(r.max) : NaN,
      median: r ? num(r.median) : NaN,
      histogram: histogram.filter((h) => h.population === name).map((h) => ({ bin: num(h.bin), count: num(h.count) })),
      kdeWeights,
      bandwidth: bandwidth(r),
      sample: Float64Array.from(
        sample.filter((s) => s.population === name),
        (s) => num(s.v),
      ),
    };
  };
  return {
    histogramBin: o.histogramBin,
    zeros: num(zeros),
    kde: { lo, delta, bins: o.kdeBins, gridMin, gridMax, gridPoints: o.kdeGrid },
    total: population('total'),
    compromised: population('compromised'),
  };
}
