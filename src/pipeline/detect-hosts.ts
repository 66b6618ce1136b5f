import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { peerGroups, PEER_GROUPS_DEFAULTS, type WeightedEdge } from '../graph/index.js';
import { combineScores, peerDeviation, serviceDivergence, uploadKdeScore } from '../detect/index.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { OUTPUT_FILES } from './output-files.js';

/** Options of {@link detectHosts}. */
export interface DetectOptions {
  /** Louvain resolution. Default 1. */
  resolution?: number;
  /** Seed of Louvain. Default 1. */
  seed?: number;
  /** Smallest peer group; smaller ones merge. Default 5. */
  minGroupSize?: number;
  /** Auth edges first seen within this many days of the start are the lateral-movement baseline. Default 1. */
  warmupDays?: number;
  /** Edges written to edges.csv. Default 10,000. */
  topEdges?: number;
}

export const DETECT_DEFAULTS = { ...PEER_GROUPS_DEFAULTS, warmupDays: 1, topEdges: 10_000 };

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
  };
  detection: { hosts: number; new_auth_edges: number; warmup_end: number; components: string[] };
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
 * Peer groups and per-host scores, computed without looking at redteam: writes peer_groups.csv,
 * hosts.csv (compromised filled from redteam only for evaluation) and edges.csv.
 */
export async function detectHosts(
  engine: Engine,
  dir: string,
  firstTime: number | null,
  options: DetectOptions = {},
): Promise<DetectSummary> {
  const o = { ...DETECT_DEFAULTS, ...options };
  const table = (name: keyof typeof OUTPUT_FILES) => engine.readParquet(join(dir, OUTPUT_FILES[name]));
  const humans = (await engine.all<{ host: string }>(`SELECT host FROM ${table('humansTable')} ORDER BY host`)).map(
    (r) => r.host,
  );

  // The human-relevant graph, aggregated in SQL; weights are log2(1 + count) so a few chatty
  // servers do not drown the structure.
  const edgeRows = await engine.all<{ a: string; b: string; w: number }>(
    `WITH h AS (SELECT host FROM ${table('humansTable')}),
      ae AS (SELECT * FROM ${table('authEdges')}),
      raw AS (
        SELECT 'u:' || src_user AS a, 'h:' || src_host AS b, sum(events) AS n FROM ae WHERE src_host IN (SELECT host FROM h) AND NOT contains(src_user, '$') GROUP BY ALL
        UNION ALL
        SELECT 'h:' || src_host, 'h:' || dst_host, sum(events) FROM ae WHERE src_host IN (SELECT host FROM h) OR dst_host IN (SELECT host FROM h) GROUP BY ALL
        UNION ALL
        SELECT 'h:' || host, 'h:' || peer_host, sum(flows) FROM ${table('flowServices')} GROUP BY ALL
      )
    SELECT a, b, log2(1 + sum(n)) AS w FROM raw GROUP BY a, b ORDER BY a, b`,
  );
  const edges: WeightedEdge[] = edgeRows.map((r) => ({ source: r.a, target: r.b, weight: Number(r.w) }));
  const groups = peerGroups(
    edges,
    humans.map((h) => `h:${h}`),
    { resolution: o.resolution, seed: o.seed, minGroupSize: o.minGroupSize },
  );
  const groupOf = new Map<string, number>();
  for (const h of humans) groupOf.set(h, groups.groupOf.get(`h:${h}`)!);

  const series = await engine.all<{ interval: number; host: string; upload: number; download: number }>(
    `SELECT interval, host, upload_bytes AS upload, download_bytes AS download FROM ${table('seriesParquet')} ORDER BY interval, host`,
  );
  const points = series.map((r) => ({
    host: r.host,
    interval: Number(r.interval),
    upload: Number(r.upload),
    download: Number(r.download),
  }));
  const kde = uploadKdeScore(points, groupOf);
  const deviation = peerDeviation(points, groupOf);
  const services = await engine.all<{ host: string; service: string; flows: number }>(
    `SELECT host, peer_host || ':' || peer_port AS service, sum(flows) AS flows FROM ${table('flowServices')} GROUP BY ALL ORDER BY host, service`,
  );
  const divergence = serviceDivergence(
    services.map((s) => ({ host: s.host, service: s.service, flows: Number(s.flows) })),
    groupOf,
  );

  const warmupEnd = (firstTime ?? 0) + o.warmupDays * SECONDS_PER_DAY;
  const lateralSql = lateralEdgesSql(engine, dir);
  const lateralRows = await engine.all<{ host: string; score: number }>(
    `WITH s AS (${lateralSql})
     SELECT host, max(score) AS score FROM (SELECT src_host AS host, score FROM s UNION ALL SELECT dst_host, score FROM s) GROUP BY host ORDER BY host`,
    { warmup_end: warmupEnd },
  );
  const lateral = new Map(lateralRows.map((r) => [r.host, Number(r.score)]));
  const [{ n: newEdges }] = (await engine.all<{ n: number }>(
    `SELECT count(*) AS n FROM (${lateralSql}) WHERE score > 0`,
    { warmup_end: warmupEnd },
  )) as [{ n: number }];

  const components = { upload_kde: kde.scores, peer_z: deviation.scores, service_jsd: divergence.scores, lateral };
  const combined = combineScores(humans, components);

  await engine.load('peer_groups', [
    { name: 'host', type: 'VARCHAR', values: humans },
    { name: 'peer_group', type: 'INTEGER', values: humans.map((h) => groupOf.get(h)!) },
    { name: 'degree', type: 'DOUBLE', values: humans.map((h) => groups.degree.get(`h:${h}`) ?? 0) },
    { name: 'pagerank', type: 'DOUBLE', values: humans.map((h) => groups.pagerank.get(`h:${h}`) ?? 0) },
  ]);
  await engine.toCsv('SELECT * FROM peer_groups ORDER BY host', join(dir, OUTPUT_FILES.peerGroups));
  const ranked = combined.hosts;
  await engine.load('host_scores', [
    { name: 'host', type: 'VARCHAR', values: ranked.map((r) => r.host) },
    { name: 'peer_group', type: 'INTEGER', values: ranked.map((r) => groupOf.get(r.host)!) },
    { name: 'score', type: 'DOUBLE', values: ranked.map((r) => r.score) },
    { name: 'rank', type: 'INTEGER', values: ranked.map((r) => r.rank) },
    ...Object.entries(components).map(([name, m]) => ({
      name,
      type: 'DOUBLE' as const,
      values: ranked.map((r) => m.get(r.host) ?? 0),
    })),
  ]);
  await engine.toCsv(
    `SELECT s.*, (s.host IN (SELECT host FROM ${table('redteamTable')} r(time, "user", src_host, host)))::INTEGER AS compromised
     FROM host_scores s ORDER BY rank`,
    join(dir, OUTPUT_FILES.hosts),
  );
  await engine.toCsv(
    `SELECT * FROM (${lateralSql}) WHERE score > 0 ORDER BY score DESC, time, src_host, dst_host, "user" LIMIT $top`,
    join(dir, OUTPUT_FILES.edges),
    {
      warmup_end: warmupEnd,
      top: Math.max(0, Math.floor(o.topEdges)),
    },
  );
  return {
    peer_groups: {
      count: groups.groups.length,
      communities: groups.communities,
      merged: groups.merged,
      modularity: groups.modularity,
      sizes: groups.groups.map((g) => g.size),
      graph_nodes: groups.graph.order,
      graph_edges: groups.graph.size,
    },
    detection: {
      hosts: humans.length,
      new_auth_edges: Number(newEdges),
      warmup_end: warmupEnd,
      components: Object.keys(components),
    },
  };
}
