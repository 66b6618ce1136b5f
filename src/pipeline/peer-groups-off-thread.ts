import { extname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { EdgeColumns, PeerGroupsOptions } from '../graph/index.js';

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
  edges: EdgeColumns;
  hosts: string[];
  options: PeerGroupsOptions;
}

export type PeerGroupsReply = { ok: true; value: PeerGroupsSummary } | { ok: false; error: string };

/**
 * peerGroups (src/graph: graph build, Louvain, PageRank, all synchronous JS) in a worker thread,
 * so the main thread keeps working (the beacon pairs: DuckDB's result rows and scoreBeacons) on
 * the other core meanwhile. Same input, same seed, same result as calling it here; the graph
 * never crosses threads, only the per-host results do.
 *
 * The edge columns' buffers are transferred, not copied: after the call `edges`' typed arrays are
 * detached (length 0) here, so the edges are held once, by the worker, which drops them once its
 * graph is built.
 */
export function peerGroupsOffThread(
  edges: EdgeColumns,
  hosts: string[],
  options: PeerGroupsOptions,
): Promise<PeerGroupsSummary> {
  const job: PeerGroupsJob = { edges, hosts, options };
  const transferList = [...new Set([edges.source.buffer, edges.target.buffer, edges.weight.buffer])].filter(
    (b): b is ArrayBuffer => b instanceof ArrayBuffer,
  );
  const url = new URL(`./peer-groups-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url);
  const worker =
    extname(fileURLToPath(url)) === '.ts'
      ? new Worker(
          `import('tsx/esm/api').then((tsx) => { tsx.register(); return import(${JSON.stringify(url.href)}); })`,
          { eval: true, workerData: job, transferList },
        )
      : new Worker(url, { workerData: job, transferList });
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
