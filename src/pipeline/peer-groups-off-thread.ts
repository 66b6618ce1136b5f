import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { PeerGroupsOptions, WeightedEdge } from '../graph/index.js';

/** What detection reads of a PeerGroupsResult, per host in the order given. */
export interface PeerGroupsSummary {
  groupOf: number[];
  degree: number[];
  pagerank: number[];
  groups: { id: number; size: number }[];
  modularity: number;
  communities: number;
  merged: number;
  /** The graph's nodes and edges. */
  order: number;
  size: number;
}

/** The worker's input (peer-groups-worker.ts). */
export interface PeerGroupsJob {
  sources: string[];
  targets: string[];
  weights: Float64Array;
  hosts: string[];
  options: PeerGroupsOptions;
}

export type PeerGroupsReply = { ok: true; value: PeerGroupsSummary } | { ok: false; error: string };

/**
 * peerGroups (src/graph: graph build, Louvain, PageRank, all synchronous JS) in a worker thread,
 * so the main thread keeps working (the beacon pairs: DuckDB's result rows and scoreBeacons) on
 * the other core meanwhile. Same input, same seed, same result as calling it here; the graph
 * never crosses threads, only the per-host results do.
 */
export function peerGroupsOffThread(
  edges: readonly WeightedEdge[],
  hosts: string[],
  options: PeerGroupsOptions,
): Promise<PeerGroupsSummary> {
  const job: PeerGroupsJob = {
    sources: edges.map((e) => e.source),
    targets: edges.map((e) => e.target),
    weights: Float64Array.from(edges, (e) => e.weight),
    hosts,
    options,
  };
  const url = new URL(`./peer-groups-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const worker =
    extname(fileURLToPath(url)) === '.ts'
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true, workerData: job },
        )
      : new Worker(url, { workerData: job });
  return new Promise<PeerGroupsSummary>((resolve, reject) => {
    let settled = false;
    worker.once('message', (reply: PeerGroupsReply) => {
      settled = true;
      if (reply.ok) resolve(reply.value);
      else reject(new Error(`peer groups failed: ${reply.error}`));
    });
    worker.once('error', (error) => {
      settled = true;
      reject(error);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`the peer-groups worker exited with code ${code} before replying`));
    });
  });
}
