// Worker thread of a parallel ingest of LANL files: validates the blocks it is sent and turns
// each block's valid rows into typed columns (a ColumnBlock: lines numbered within the block, the
// text fields as ids in this thread's dictionary), which the main thread spools per day. See
// day-columns.ts.
import { threadId, workerData } from 'node:worker_threads';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { serveBlocks } from '../sources/serve-blocks.js';
import { ColumnBlockBuilder } from './column-block-builder.js';
import type { PartitionedKind } from './store-format.js';

const job = workerData as { kind: PartitionedKind; maxRejectedLines: number };
const format = LOG_FORMATS[job.kind];
const builder = new ColumnBlockBuilder(format, threadId);
let firstTime = Infinity;
let lastTime = -Infinity;

serveBlocks(
  format,
  {
    begin() {},
    onRow(buf, fieldStarts, ints, line) {
      const time = ints[0]!;
      if (time < firstTime) firstTime = time;
      if (time > lastTime) lastTime = time;
      builder.add(buf, fieldStarts, ints, line);
    },
    payload() {
      const { block, transfer } = builder.take();
      return { payload: block, transfer };
    },
    state: () => ({ firstTime, lastTime }),
  },
  job.maxRejectedLines,
  // Partitions are days: a row whose day cannot be indexed is rejected, as analyze does.
  { interval: job.kind === 'flows' ? SECONDS_PER_DAY : undefined },
);
