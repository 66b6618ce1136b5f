// Worker thread of a cluster ingest: validates the blocks it is sent and encodes each block's
// valid rows in RowBinary, each into the buffer of the shard its host hashes to, cut into runs of
// one day (cluster-block.ts), so the main thread only places them and hands them to the shards'
// INSERT streams.
import { workerData } from 'node:worker_threads';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { serveBlocks } from '../sources/serve-blocks.js';
import { CLICKHOUSE_TABLES } from './clickhouse-tables.js';
import type { ClusterBlock } from './cluster-block.js';
import { RowBinary } from './row-binary.js';
import { ShardOfHost } from './shard-of-host.js';
import { dayOf } from './store-format.js';

const job = workerData as { kind: 'auth' | 'flows'; maxRejectedLines: number; weights: number[] };
const format = LOG_FORMATS[job.kind];
const layout = CLICKHOUSE_TABLES[job.kind];
const fields = format.fields.length;
const isInt = layout.columns.slice(2).map((c) => c.type === 'Int64');
const host = format.fields.indexOf(layout.shardBy);
const shardOf = new ShardOfHost(job.weights);
const n = job.weights.length;

const out = Array.from({ length: n }, () => ({
  bytes: new Uint8Array(1 << 18),
  used: 0,
  rows: new Int32Array(4096),
  count: 0,
}));
let days: number[] = [];
let lines: number[] = [];
let runRows: number[] = [];
let firstTime = Infinity;
let lastTime = -Infinity;

serveBlocks(
  format,
  {
    begin() {
      days = [];
      lines = [];
      runRows = [];
      for (const o of out) {
        o.used = 0;
        o.count = 0;
      }
    },
    onRow(buf, starts, ints, line) {
      const time = ints[0]!;
      if (time < firstTime) firstTime = time;
      if (time > lastTime) lastTime = time;
      const day = dayOf(time);
      if (days.length === 0 || days[days.length - 1] !== day) {
        days.push(day);
        lines.push(line);
        for (const o of out) runRows.push(o.count);
      }
      const o = out[shardOf.of(buf, starts[host]!, starts[host + 1]! - 1)]!;
      const need = o.used + RowBinary.bound(starts, fields);
      if (need > o.bytes.length) {
        const bigger = new Uint8Array(Math.max(2 * o.bytes.length, need));
        bigger.set(o.bytes.subarray(0, o.used));
        o.bytes = bigger;
      }
      if (o.count === o.rows.length) {
        const bigger = new Int32Array(2 * o.rows.length);
        bigger.set(o.rows);
        o.rows = bigger;
      }
      o.rows[o.count++] = o.used;
      o.used = RowBinary.encodeRow(o.bytes, o.used, buf, starts, ints, isInt, 0, line);
    },
    payload() {
      const payload: ClusterBlock = {
        days,
        lines,
        runRows,
        shards: out.map((o) => ({ bytes: o.bytes.subarray(0, o.used), rows: o.rows.subarray(0, o.count) })),
      };
      // The buffers go to the main thread: the next block starts in fresh ones of the same sizes.
      const transfer = out.flatMap((o) => [o.bytes.buffer, o.rows.buffer]);
      for (const o of out) {
        o.bytes = new Uint8Array(o.bytes.length);
        o.rows = new Int32Array(o.rows.length);
      }
      return { payload, transfer };
    },
    state: () => ({ firstTime, lastTime }),
  },
  job.maxRejectedLines,
);
