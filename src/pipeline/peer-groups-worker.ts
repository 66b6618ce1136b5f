// Worker thread of peerGroupsOffThread: runs peerGroups on the edges it is given and posts back
// what detection reads of the result (plain data: the graph itself stays here).
import { parentPort, workerData } from 'node:worker_threads';
import { peerGroups } from '../graph/index.js';
import type { PeerGroupsJob, PeerGroupsReply } from './peer-groups-off-thread.js';

const job = workerData as PeerGroupsJob;
let reply: PeerGroupsReply;
try {
  const r = peerGroups(job.edges, job.hosts, job.options);
  reply = {
    ok: true,
    value: {
      groupOf: job.hosts.map((h) => r.groupOf.get(h)!),
      degree: job.hosts.map((h) => r.degree.get(h) ?? 0),
      pagerank: job.hosts.map((h) => r.pagerank.get(h) ?? 0),
      groups: r.groups,
      modularity: r.modularity,
      communities: r.communities,
      merged: r.merged,
      order: r.graph.order,
      size: r.graph.size,
    },
  };
} catch (error) {
  reply = { ok: false, error: error instanceof Error ? (error.stack ?? error.message) : String(error) };
}
parentPort!.postMessage(reply);
