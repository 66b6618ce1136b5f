// Worker thread of a cluster ingest: validates the blocks it is sent and encodes each block's
// valid rows in RowBinary, each into the buffer of the shard its host hashes to, cut into runs of
// one day (cluster-block.ts) and each run sorted by host (host-run-sorter.ts), so the main thread
// only places them and hands them to the shards' INSERT streams.
import { workerData } from 'node:worker_threads';
import { murmurHash3x86_32 } from '../engine/murmur-hash3-32.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { serveBlocks } from '../sources/serve-blocks.js';
import { CLICKHOUSE_TABLES } from './clickhouse-tables.js';
import type { ClusterBlock } from './cluster-block.js';
import { HostRunSorter } from './host-run-sorter.js';
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

const sorter = new HostRunSorter();

const out = Array.from({ length: n }, () => ({
  bytes: new Uint8Array(1 << 18),
  used: 0,
  rows: new Int32Array(4096),
  hostAt: new Int32Array(4096),
  hostLen: new Int32Array(4096),
  hash: new Int32Array(4096),
  count: 0,
}));
const grow = (a: Int32Array) => {
  const bigger = new Int32Array(2 * a.length);
  bigger.set(a);
  return bigger;
};
const lebSize = (len: number) => (len < 0x80 ? 1 : len < 0x4000 ? 2 : len < 0x200000 ? 3 : len < 0x10000000 ? 4 : 5);
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
      const hostStart = starts[host]!,
        hostEnd = starts[host + 1]! - 1;
      const hash = murmurHash3x86_32(buf, hostStart, hostEnd);
      const o = out[shardOf.ofHash(hash)]!;
      const need = o.used + RowBinary.bound(starts, fields);
      if (need > o.bytes.length) {
        const bigger = new Uint8Array(Math.max(2 * o.bytes.length, need));
        bigger.set(o.bytes.subarray(0, o.used));
        o.bytes = bigger;
      }
      if (o.count === o.rows.length) {
        o.rows = grow(o.rows);
        o.hostAt = grow(o.hostAt);
        o.hostLen = grow(o.hostLen);
        o.hash = grow(o.hash);
      }
      // Where encodeRow puts the host's bytes: after file, line and the fields before it.
      let at = o.used + 12;
      for (let i = 0; i < host; i++) {
        const len = starts[i + 1]! - 1 - starts[i]!;
        at += isInt[i] ? 8 : lebSize(len) + len;
      }
      o.hostAt[o.count] = at + lebSize(hostEnd - hostStart);
      o.hostLen[o.count] = hostEnd - hostStart;
      o.hash[o.count] = hash;
      o.rows[o.count++] = o.used;
      o.used = RowBinary.encodeRow(o.bytes, o.used, buf, starts, ints, isInt, 0, line);
    },
    payload() {
      // The sorted copies go to the main thread; the encoding buffers stay for the next block.
      const shards = out.map((o, s) => {
        const bytes = new Uint8Array(o.used);
        const rows = new Int32Array(o.count);
        const runStarts = days.map((_, r) => runRows[r * n + s]!);
        sorter.sort(o, runStarts, bytes, rows);
        return { bytes, rows };
      });
      const payload: ClusterBlock = { days, lines, runRows, shards };
      return { payload, transfer: shards.flatMap((p) => [p.bytes.buffer, p.rows.buffer]) };
    },
    state: () => ({ firstTime, lastTime }),
  },
  job.maxRejectedLines,
);
