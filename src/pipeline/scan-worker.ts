// Worker thread of parallelScan: parses the blocks it is sent into its own aggregator and, at
// the end, sends the aggregator's state back. See parallel-scan.ts for the protocol.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { ByteInterner } from '../sources/byte-interner.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { scanBlock } from '../sources/scan-block.js';
import { AuthAggregator } from './auth-aggregator.js';
import { FlowAggregator } from './flow-aggregator.js';
import type { ScanJob, WorkerReply, WorkerRequest } from './parallel-scan.js';

const job = workerData as ScanJob;
const port = parentPort!;
const hosts = new ByteInterner();
const format = LOG_FORMATS[job.kind];
let aggregator: AuthAggregator | FlowAggregator;
if (job.kind === 'auth') {
  aggregator = new AuthAggregator(hosts, new ByteInterner(), {
    humanRule: job.humanRule,
    sampleSize: job.sampleSize,
    edges: job.graphTables,
  });
} else {
  // Human hosts take the first ids, so "is human" is "id < number of humans".
  hosts.internAll(job.humans);
  aggregator = new FlowAggregator(hosts, new Uint8Array(job.humans.length).fill(1), {
    interval: job.interval,
    sampleSize: job.sampleSize,
    services: job.graphTables,
  });
}

port.on('message', (request: WorkerRequest) => {
  if (request.type === 'end') {
    const state = aggregator.state();
    reply({ type: 'state', state });
    return;
  }
  aggregator.block = request.index;
  const buf = Buffer.from(request.buf.buffer, request.buf.byteOffset, request.buf.byteLength);
  try {
    const result = scanBlock(buf, format, aggregator.onRow, 0, job.maxRejectedLines, {
      interval: job.kind === 'flows' ? job.interval : undefined,
    });
    reply({ type: 'block', index: request.index, result });
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    reply({ type: 'error', index: request.index, reason: error.reason, line: error.line });
  }
});

function reply(message: WorkerReply): void {
  port.postMessage(message);
}
