// Worker thread of a parallel ingest: validates the blocks it is sent and turns each block's
// valid rows into spool text `block,line,<original line>` (line numbered within the block; the
// store's conversion adds the block's offset), cut into runs of one day. See day-spool.ts.
import { workerData } from 'node:worker_threads';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { serveBlocks } from '../sources/serve-blocks.js';
import { writeDigits } from './day-spool.js';
import { dayOf, type PartitionedKind } from './store-format.js';
import type { SpoolBlock } from './spool-block.js';

const COMMA = 44;
const LF = 10;

const job = workerData as { kind: PartitionedKind; maxRejectedLines: number };
const format = LOG_FORMATS[job.kind];
const n = format.fields.length;
let out = new Uint8Array(1 << 20);
let used = 0;
let block = 0;
let days: number[] = [];
let starts: number[] = [];
let lines: number[] = [];
let firstTime = Infinity;
let lastTime = -Infinity;

serveBlocks(
  format,
  {
    begin(index) {
      block = index;
      used = 0;
      days = [];
      starts = [];
      lines = [];
    },
    onRow(buf, fieldStarts, ints, line) {
      const time = ints[0]!;
      if (time < firstTime) firstTime = time;
      if (time > lastTime) lastTime = time;
      const day = dayOf(time);
      if (days.length === 0 || days[days.length - 1] !== day) {
        days.push(day);
        starts.push(used);
        lines.push(line);
      }
      const start = fieldStarts[0]!;
      const end = fieldStarts[n]! - 1;
      // Two numbers of at most 16 digits, their commas and the newline.
      if (used + (end - start) + 40 > out.length) {
        const bigger = new Uint8Array(Math.max(out.length * 2, used + (end - start) + 40));
        bigger.set(out.subarray(0, used));
        out = bigger;
      }
      let o = writeDigits(out, used, block);
      out[o++] = COMMA;
      o = writeDigits(out, o, line);
      out[o++] = COMMA;
      out.set(buf.subarray(start, end), o);
      o += end - start;
      out[o++] = LF;
      used = o;
    },
    payload() {
      const bytes = out.subarray(0, used);
      const payload: SpoolBlock = { bytes, days, starts, lines };
      // The buffer goes to the main thread: start the next block in a fresh one of the same size.
      const transfer = [out.buffer];
      out = new Uint8Array(out.length);
      return { payload, transfer };
    },
    state: () => ({ firstTime, lastTime }),
  },
  job.maxRejectedLines,
  // Partitions are days: a row whose day cannot be indexed is rejected, as analyze does.
  { interval: job.kind === 'flows' ? SECONDS_PER_DAY : undefined },
);
