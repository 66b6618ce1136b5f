// Worker thread of parallelScan: parses the blocks it is sent into its own aggregator and, at
// the end, sends the aggregator's state back. See src/sources/parallel-blocks.ts for the protocol.
import { workerData } from 'node:worker_threads';
import { ByteInterner } from '../sources/byte-interner.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { serveBlocks } from '../sources/serve-blocks.js';
import { AuthAggregator } from './auth-aggregator.js';
import { FlowAggregator } from './flow-aggregator.js';
import type { ScanJob } from './parallel-scan.js';

const job = workerData as ScanJob;
const hosts = new ByteInterner();
let aggregator: AuthAggregator | FlowAggregator;
if (job.kind === 'auth') {
  aggregator = new AuthAggregator(hosts, new ByteInterner(), {
    humanRule: job.humanRule,
    sampleSize: job.sampleSize,
    edges: job.graphTables,
    spill: job.spill,
  });
} else {
  // Human hosts take the first ids, so "is human" is "id < number of humans".
  hosts.internAll(job.humans);
  aggregator = new FlowAggregator(hosts, new Uint8Array(job.humans.length).fill(1), {
    interval: job.interval,
    sampleSize: job.sampleSize,
    services: job.graphTables,
    spill: job.spill,
    detectionFlows: job.detectionFlows,
  });
}
const task = aggregator;
serveBlocks(
  LOG_FORMATS[job.kind],
  {
    onRow: task.onRow,
    begin: (index) => (task.block = index),
    state: () => task.state(),
  },
  job.maxRejectedLines,
  { interval: job.kind === 'flows' ? job.interval : undefined },
);
