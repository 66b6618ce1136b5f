// Worker thread of a parallel ingest of a kind read through source adapters (Zeek, Windows
// events): parses the blocks it is sent with its file's adapter and turns the rows into spool
// text `block,line,<row>,<extras>` (line numbered within the block; the conversion adds the
// block's offset and maps the block to its file), grouped by day. See ingest.ts, day-buckets.ts.
import { parentPort, workerData } from 'node:worker_threads';
import { InputError } from '../errors.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import type { BlockReply, BlockRequest } from '../sources/parallel-blocks.js';
import type { BlockScanner, SourceConfig } from '../sources/source-adapter.js';
import { scannerFor } from '../sources/source-adapters.js';
import { dayOf, type PartitionedKind } from './store-format.js';
import type { SourceSpoolBlock } from './source-spool-block.js';
import { SPOOL_ROW_SLACK, spoolRowWriter } from './spool-row-writer.js';

const job = workerData as { kind: PartitionedKind; configs: SourceConfig[]; maxRejectedLines: number };
const scanners = new Map<number, BlockScanner>();
let firstTime = Infinity;
let lastTime = -Infinity;
const n = LOG_FORMATS[job.kind].fields.length;
const write = spoolRowWriter(job.kind);
/** The block's spool text per day, in the order the days came. */
let days = new Map<number, { buf: Uint8Array; used: number }>();
let block = 0;

const port = parentPort!;
port.on('message', (request: BlockRequest) => {
  if (request.type === 'end') {
    port.postMessage({ type: 'state', state: { firstTime, lastTime } } satisfies BlockReply);
    return;
  }
  block = request.index;
  days = new Map();
  let scanner = scanners.get(request.fileIndex);
  if (scanner === undefined) scanners.set(request.fileIndex, (scanner = scannerFor(job.configs[request.fileIndex]!)));
  const buf = Buffer.from(request.buf.buffer, request.buf.byteOffset, request.buf.byteLength);
  try {
    const result = scanner.scan(
      buf,
      (b, starts, ints, line) => {
        const time = ints[0]!;
        if (time < firstTime) firstTime = time;
        if (time > lastTime) lastTime = time;
        const day = dayOf(time);
        let run = days.get(day);
        if (run === undefined) days.set(day, (run = { buf: new Uint8Array(1 << 14), used: 0 }));
        const room = starts[n]! - starts[0]! + SPOOL_ROW_SLACK;
        if (run.used + room > run.buf.length) {
          const bigger = new Uint8Array(Math.max(run.buf.length * 2, run.used + room));
          bigger.set(run.buf.subarray(0, run.used));
          run.buf = bigger;
        }
        run.used = write(run.buf, run.used, block, b, starts, ints, line);
      },
      0,
      job.maxRejectedLines,
      request.first,
    );
    let total = 0;
    for (const run of days.values()) total += run.used;
    const bytes = new Uint8Array(total);
    const payload: SourceSpoolBlock = {
      bytes,
      days: [],
      starts: [],
      lines: [],
      totals: { skipped: result.skipped, skippedReasons: result.skippedReasons, emitted: result.emitted },
    };
    let o = 0;
    for (const [day, run] of days) {
      payload.days.push(day);
      payload.starts.push(o);
      bytes.set(run.buf.subarray(0, run.used), o);
      o += run.used;
    }
    port.postMessage({ type: 'block', index: request.index, result, payload } satisfies BlockReply, [bytes.buffer]);
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    port.postMessage({
      type: 'error',
      index: request.index,
      reason: error.reason,
      line: error.line,
    } satisfies BlockReply);
  }
});
