import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { globLiteral, type Engine } from '../engine/index.js';
import { averagePrecision, peerDeviation, precisionAtK, prCurve, rocAuc, rocCurve } from '../detect/index.js';
import { lateralEdgesSql, VIEW_NAMES } from './detect-hosts.js';
import { OUTPUT_FILES } from './output-files.js';

/** Options of {@link evaluateRun}. */
export interface EvaluateOptions {
  /** An auth edge matches a red-team event with the same hosts within this many seconds. Default 3600. */
  window?: number;
  /** Start of scoring for new edges (from summary.detection.warmup_end). */
  warmupEnd: number;
  /** Interval length, seconds (alert delays are counted in intervals). Default 86,400. */
  intervalSeconds?: number;
  /** The generator's truth/hosts.csv, when it has a campaign column: metrics per campaign too. */
  truthHosts?: string;
}

export const EVALUATE_DEFAULTS = { window: 3600 };

/**
 * Metrics of one score against the truth. A metric is null where it is undefined: ROC-AUC without
 * a positive or without a negative, AP without a positive, precision at k without a host. JSON has
 * no NaN, and a null says "not measured" where a 0 would claim a measurement.
 */
export interface ScoreMetrics {
  roc_auc: number | null;
  average_precision: number | null;
  /** Precision among the 10, 50 and 100 highest scores. */
  precision_at: { '10': number | null; '50': number | null; '100': number | null };
}

/** Alerts against the truth. */
export interface AlertMetrics {
  /** Compromised hosts with at least one alert, and their share. */
  alerted: number;
  alerted_share: number | null;
  /** Median over alerted compromised hosts of (first alert interval − interval of the first red-team time), intervals. */
  median_delay_intervals: number | null;
  /** Alerts on hosts not compromised, per day per 1,000 clean hosts (compare with the budget). */
  false_alerts_per_day_per_1000: number | null;
  false_alerts: number;
  clean_hosts: number;
  days: number;
}

/** One campaign's (or all campaigns') metrics. */
export interface CampaignMetrics {
  hosts: { n: number; compromised: number; by_score: Record<string, ScoreMetrics> };
  alerts: AlertMetrics;
}

/** summary.json's `evaluation`. */
export interface Evaluation {
  hosts: { n: number; compromised: number; by_score: Record<string, ScoreMetrics> };
  compromised_hosts: {
    host: string;
    rank: number;
    first_top1_interval: number | null;
    campaign: string | null;
    first_redteam_time: number | null;
    first_alert_interval: number | null;
    delay_intervals: number | null;
  }[];
  alerts: AlertMetrics;
  /** Per campaign of truth/hosts.csv (its compromised hosts against every clean host); {} without one. */
  by_campaign: Record<string, CampaignMetrics>;
  edges: {
    n: number;
    positives: number;
    redteam_events: number;
    redteam_events_matched: number;
    roc_auc: number | null;
    average_precision: number | null;
    window: number;
  };
  curves: { roc: { fpr: number; tpr: number }[]; pr: { recall: number; precision: number }[] };
}

function measured(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

const metric = z.number().nullable();
const scoreMetrics = z.object({
  roc_auc: metric,
  average_precision: metric,
  precision_at: z.object({ '10': metric, '50': metric, '100': metric }),
});
const hostMetrics = z.object({
  n: z.number(),
  compromised: z.number(),
  by_score: z.record(z.string(), scoreMetrics),
});
const alertMetrics = z.object({
  alerted: z.number(),
  alerted_share: metric,
  median_delay_intervals: metric,
  false_alerts_per_day_per_1000: metric,
  false_alerts: z.number(),
  clean_hosts: z.number(),
  days: z.number(),
});
const evaluationSchema = z.object({
  hosts: hostMetrics,
  compromised_hosts: z.array(
    z.object({
      host: z.string(),
      rank: z.number(),
      first_top1_interval: z.number().nullable(),
      campaign: z.string().nullable(),
      first_redteam_time: z.number().nullable(),
      first_alert_interval: z.number().nullable(),
      delay_intervals: z.number().nullable(),
    }),
  ),
  alerts: alertMetrics,
  by_campaign: z.record(z.string(), z.object({ hosts: hostMetrics, alerts: alertMetrics })),
  edges: z.object({
    n: z.number(),
    positives: z.number(),
    redteam_events: z.number(),
    redteam_events_matched: z.number(),
    roc_auc: metric,
    average_precision: metric,
    window: z.number(),
  }),
  curves: z.object({
    roc: z.array(z.object({ fpr: z.number(), tpr: z.number() })),
    pr: z.array(z.object({ recall: z.number(), precision: z.number() })),
  }),
});

/** Reads an evaluation.json back, checked against its shape. */
export function readEvaluation(path: string): Evaluation {
  return evaluationSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
}

const COMPONENTS = ['score', ...VIEW_NAMES];

function scoreMetricsOf(scores: number[], labels: boolean[]): ScoreMetrics {
  return {
    roc_auc: measured(rocAuc(scores, labels)),
    average_precision: measured(averagePrecision(scores, labels)),
    precision_at: {
      '10': measured(precisionAtK(scores, labels, 10)),
      '50': measured(precisionAtK(scores, labels, 50)),
      '100': measured(precisionAtK(scores, labels, 100)),
    },
  };
}

function medianOf(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** Evaluates hosts.csv and every scored auth edge of an output folder against its redteam table. */
export async function evaluateRun(engine: Engine, dir: string, options: EvaluateOptions): Promise<Evaluation> {
  const window = options.window ?? EVALUATE_DEFAULTS.window;
  const redteam = engine.readParquet(join(dir, OUTPUT_FILES.redteamTable));
  const hosts = await engine.all<Record<string, number | string>>(
    `SELECT h.*, (h.host IN (SELECT dst_host FROM ${redteam}))::INTEGER AS truth FROM read_csv($path, header = true, types = {'host': 'VARCHAR'}) h ORDER BY rank`,
    { path: globLiteral(join(dir, OUTPUT_FILES.hosts)) },
  );
  const labels = hosts.map((h) => Number(h.truth) === 1);
  const bySubset = (keep: (i: number) => boolean) => {
    const idx = hosts.map((_, i) => i).filter(keep);
    const by_score: Record<string, ScoreMetrics> = {};
    for (const c of COMPONENTS)
      if (c in (hosts[0] ?? {}))
        by_score[c] = scoreMetricsOf(
          idx.map((i) => Number(hosts[i]![c] ?? 0)),
          idx.map((i) => labels[i]!),
        );
    return { n: idx.length, compromised: idx.filter((i) => labels[i]).length, by_score };
  };
  const by_score = bySubset(() => true).by_score;

  // First interval in which each compromised host's upload peer z was in the top 1 % of all.
  const groupRows = await engine.all<{ host: string; peer_group: number }>(
    "SELECT host, peer_group FROM read_csv($path, header = true, types = {'host': 'VARCHAR'})",
    { path: globLiteral(join(dir, OUTPUT_FILES.peerGroups)) },
  );
  const groupOf = new Map(groupRows.map((r) => [r.host, Number(r.peer_group)]));
  const series = await engine.all<{ interval: number; host: string; upload: number; download: number }>(
    `SELECT interval, host, upload_bytes AS upload, download_bytes AS download FROM ${engine.readParquet(join(dir, OUTPUT_FILES.seriesParquet))}`,
  );
  const dev = peerDeviation(
    series.map((r) => ({
      host: r.host,
      interval: Number(r.interval),
      upload: Number(r.upload),
      download: Number(r.download),
    })),
    groupOf,
  );
  const zs = dev.points.map((p) => p.z).sort((a, b) => b - a);
  const cut = zs.length > 0 ? zs[Math.max(0, Math.ceil(zs.length * 0.01) - 1)]! : Infinity;
  const firstTop = new Map<string, number>();
  for (const p of [...dev.points].sort((a, b) => a.interval - b.interval))
    if (p.z >= cut && !firstTop.has(p.host)) firstTop.set(p.host, p.interval);
  const len = options.intervalSeconds ?? 86_400;
  const firstRed = new Map(
    (
      await engine.all<{ host: string; t: number }>(
        `SELECT dst_host AS host, min(time) AS t FROM ${redteam} GROUP BY dst_host`,
      )
    ).map((r) => [r.host, Number(r.t)]),
  );
  const campaignOf = new Map<string, string>();
  if (options.truthHosts !== undefined && existsSync(options.truthHosts)) {
    const truth = await engine.all<Record<string, unknown>>(
      'SELECT * FROM read_csv($p, header = true, all_varchar = true)',
      {
        p: globLiteral(options.truthHosts),
      },
    );
    for (const r of truth)
      if (typeof r.campaign === 'string' && r.campaign !== '' && String(r.compromised) === '1')
        campaignOf.set(String(r.host), r.campaign);
  }
  const numberOrNull = (v: unknown) => (v === null || v === undefined || v === '' ? null : Number(v));
  const compromised_hosts = hosts
    .filter((h) => Number(h.truth) === 1)
    .map((h) => {
      const host = String(h.host);
      const first = firstRed.get(host) ?? null;
      const alert = numberOrNull(h.first_alert_interval);
      return {
        host,
        rank: Number(h.rank),
        first_top1_interval: firstTop.get(host) ?? null,
        campaign: campaignOf.get(host) ?? null,
        first_redteam_time: first,
        first_alert_interval: alert,
        delay_intervals: alert !== null && first !== null ? Math.round(alert / len) - Math.floor(first / len) : null,
      };
    });

  // Alerts on clean hosts per day per 1,000 clean hosts: the budget's promise.
  const alertCounts = existsSync(join(dir, OUTPUT_FILES.alerts))
    ? await engine.all<{ host: string; n: number }>(
        'SELECT host, count(*) AS n FROM read_csv($p, header = true, all_varchar = true) GROUP BY host',
        { p: globLiteral(join(dir, OUTPUT_FILES.alerts)) },
      )
    : [];
  const alertsOf = new Map(alertCounts.map((r) => [String(r.host), Number(r.n)]));
  const [{ d }] = (await engine.all<{ d: number }>(
    `SELECT count(DISTINCT interval) * $len / 86400.0 AS d FROM ${engine.readParquet(join(dir, OUTPUT_FILES.seriesParquet))}`,
    { len },
  )) as [{ d: number }];
  const days = Number(d);
  const alertMetricsOf = (keep: (i: number) => boolean): AlertMetrics => {
    const positives = compromised_hosts.filter((c) => keep(hosts.findIndex((h) => String(h.host) === c.host)));
    const alerted = positives.filter((c) => c.first_alert_interval !== null);
    let falseAlerts = 0;
    let clean = 0;
    hosts.forEach((h, i) => {
      if (labels[i]) return;
      clean++;
      falseAlerts += alertsOf.get(String(h.host)) ?? 0;
    });
    return {
      alerted: alerted.length,
      alerted_share: positives.length > 0 ? alerted.length / positives.length : null,
      median_delay_intervals: medianOf(
        alerted.filter((c) => c.delay_intervals !== null).map((c) => c.delay_intervals!),
      ),
      false_alerts_per_day_per_1000: clean > 0 && days > 0 ? falseAlerts / days / (clean / 1000) : null,
      false_alerts: falseAlerts,
      clean_hosts: clean,
      days,
    };
  };
  const by_campaign: Record<string, CampaignMetrics> = {};
  for (const campaign of [...new Set(campaignOf.values())].sort()) {
    const keep = (i: number) => !labels[i] || campaignOf.get(String(hosts[i]!.host)) === campaign;
    by_campaign[campaign] = { hosts: bySubset(keep), alerts: alertMetricsOf(keep) };
  }

  const edgeGroups = await engine.all<{ score: number; label: boolean; n: number }>(
    `WITH s AS (${lateralEdgesSql(engine, dir)}), r AS (SELECT time, src_host, dst_host FROM ${redteam})
     SELECT s.score, EXISTS (SELECT 1 FROM r WHERE r.src_host = s.src_host AND r.dst_host = s.dst_host AND abs(r.time - s.time) <= $window) AS label, count(*) AS n
     FROM s GROUP BY ALL`,
    { warmup_end: options.warmupEnd, window },
  );
  const total = edgeGroups.reduce((a, g) => a + Number(g.n), 0);
  const edgeScores = new Float64Array(total);
  const edgeLabels = new Uint8Array(total);
  let k = 0;
  for (const g of edgeGroups)
    for (let i = 0; i < Number(g.n); i++, k++) {
      edgeScores[k] = Number(g.score);
      edgeLabels[k] = g.label ? 1 : 0;
    }
  const [matched] = await engine.all<{ events: number; matched: number }>(
    `WITH e AS (SELECT src_host, dst_host, first_time FROM ${engine.readParquet(join(dir, OUTPUT_FILES.authEdges))})
     SELECT count(*) AS events, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM e WHERE e.src_host = r.src_host AND e.dst_host = r.dst_host AND abs(r.time - e.first_time) <= $window)) AS matched
     FROM ${redteam} r`,
    { window },
  );
  const scores = hosts.map((h) => Number(h.score));
  return {
    hosts: { n: hosts.length, compromised: labels.filter(Boolean).length, by_score },
    compromised_hosts,
    alerts: alertMetricsOf(() => true),
    by_campaign,
    edges: {
      n: total,
      positives: edgeLabels.reduce((a, b) => a + b, 0),
      redteam_events: Number(matched!.events),
      redteam_events_matched: Number(matched!.matched),
      roc_auc: measured(rocAuc(edgeScores, edgeLabels)),
      average_precision: measured(averagePrecision(edgeScores, edgeLabels)),
      window,
    },
    curves: { roc: rocCurve(scores, labels), pr: prCurve(scores, labels) },
  };
}
