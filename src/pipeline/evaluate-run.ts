import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import type { Engine } from '../engine/index.js';
import { averagePrecision, peerDeviation, precisionAtK, prCurve, rocAuc, rocCurve } from '../detect/index.js';
import { lateralEdgesSql } from './detect-hosts.js';
import { OUTPUT_FILES } from './output-files.js';

/** Options of {@link evaluateRun}. */
export interface EvaluateOptions {
  /** An auth edge matches a red-team event with the same hosts within this many seconds. Default 3600. */
  window?: number;
  /** Start of scoring for new edges (from summary.detection.warmup_end). */
  warmupEnd: number;
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

/** summary.json's `evaluation`. */
export interface Evaluation {
  hosts: { n: number; compromised: number; by_score: Record<string, ScoreMetrics> };
  compromised_hosts: { host: string; rank: number; first_top1_interval: number | null }[];
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
const evaluationSchema = z.object({
  hosts: z.object({ n: z.number(), compromised: z.number(), by_score: z.record(z.string(), scoreMetrics) }),
  compromised_hosts: z.array(
    z.object({ host: z.string(), rank: z.number(), first_top1_interval: z.number().nullable() }),
  ),
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

const COMPONENTS = ['score', 'upload_kde', 'peer_z', 'service_jsd', 'lateral'];

/** Evaluates hosts.csv and every scored auth edge of an output folder against its redteam table. */
export async function evaluateRun(engine: Engine, dir: string, options: EvaluateOptions): Promise<Evaluation> {
  const window = options.window ?? EVALUATE_DEFAULTS.window;
  const redteam = engine.readParquet(join(dir, OUTPUT_FILES.redteamTable));
  const hosts = await engine.all<Record<string, number | string>>(
    `SELECT h.*, (h.host IN (SELECT dst_host FROM ${redteam}))::INTEGER AS truth FROM read_csv($path, header = true, types = {'host': 'VARCHAR'}) h ORDER BY rank`,
    { path: join(dir, OUTPUT_FILES.hosts) },
  );
  const labels = hosts.map((h) => Number(h.truth) === 1);
  const by_score: Record<string, ScoreMetrics> = {};
  for (const c of COMPONENTS) {
    const scores = hosts.map((h) => Number(h[c]));
    by_score[c] = {
      roc_auc: measured(rocAuc(scores, labels)),
      average_precision: measured(averagePrecision(scores, labels)),
      precision_at: {
        '10': measured(precisionAtK(scores, labels, 10)),
        '50': measured(precisionAtK(scores, labels, 50)),
        '100': measured(precisionAtK(scores, labels, 100)),
      },
    };
  }

  // First interval in which each compromised host's upload peer z was in the top 1 % of all.
  const groupRows = await engine.all<{ host: string; peer_group: number }>(
    "SELECT host, peer_group FROM read_csv($path, header = true, types = {'host': 'VARCHAR'})",
    { path: join(dir, OUTPUT_FILES.peerGroups) },
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
  const compromised_hosts = hosts
    .filter((h) => Number(h.truth) === 1)
    .map((h) => ({
      host: String(h.host),
      rank: Number(h.rank),
      first_top1_interval: firstTop.get(String(h.host)) ?? null,
    }));

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
