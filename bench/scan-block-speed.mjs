// CPU seconds of the scan's per-block work on one thread, without gunzip or threads: inflates a
// kind's file into memory, cuts it into 1 MiB line-aligned blocks as readBlocks does, and runs
// scanBlock over them (3 passes; the last is printed) with no aggregation (noop), the seed
// analysis's aggregator (seed) or the full analysis's (full: auth edges; flow services, sizes and
// the started-flows file). Flows need the human hosts: a humans.csv of an earlier analyze.
//   node bench/scan-block-speed.mjs dist DATA auth|flows noop|seed|full [OUT/humans.csv]
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';

const [distArg, data, kind, mode = 'noop', humansCsv] = process.argv.slice(2);
const dist = resolve(distArg);
const { scanBlock } = await import(join(dist, 'sources/scan-block.js'));
const { LOG_FORMATS } = await import(join(dist, 'sources/log-formats.js'));
const { ByteInterner } = await import(join(dist, 'sources/byte-interner.js'));
const { HUMAN_RULE_DEFAULTS } = await import(join(dist, 'sources/human-rule.js'));
const { AuthAggregator } = await import(join(dist, 'pipeline/auth-aggregator.js'));
const { FlowAggregator } = await import(join(dist, 'pipeline/flow-aggregator.js'));
const all = gunzipSync(readFileSync(join(data, `${kind}.txt.gz`)));
const blocks = [];
for (let p = 0; p < all.length;) {
  let e = Math.min(all.length, p + (1 << 20));
  if (e < all.length) e = all.indexOf(10, e) + 1 || all.length;
  const b = Buffer.allocUnsafeSlow(e - p);
  all.copy(b, 0, p, e);
  blocks.push(b);
  p = e;
}
const tmp = mkdtempSync(join(tmpdir(), 'scan-block-speed-'));
let onRow = () => {};
if (mode !== 'noop') {
  const full = mode === 'full';
  if (kind === 'auth') {
    const a = new AuthAggregator(new ByteInterner(), new ByteInterner(), {
      humanRule: HUMAN_RULE_DEFAULTS,
      sampleSize: 1000,
      edges: full,
    });
    onRow = a.onRow;
  } else {
    const humans = readFileSync(humansCsv, 'utf8')
      .trim()
      .split('\n')
      .slice(1)
      .map((l) => l.split(',')[0]);
    const hosts = new ByteInterner();
    hosts.internAll(humans);
    const f = new FlowAggregator(hosts, new Uint8Array(humans.length).fill(1), {
      interval: 86400,
      sampleSize: 1000,
      services: full,
      detectionFlows: full ? tmp : undefined,
    });
    onRow = f.onRow;
  }
}
let line = '';
for (let pass = 0; pass < 3; pass++) {
  const t = process.cpuUsage();
  let rows = 0;
  for (const b of blocks)
    rows += scanBlock(b, LOG_FORMATS[kind], onRow, 0, 10, kind === 'flows' ? { interval: 86400 } : {}).rows;
  const u = process.cpuUsage(t);
  line = `${kind} ${mode}: ${rows} rows, ${(all.length / 1e6).toFixed(0)} MB, ${((u.user + u.system) / 1e6).toFixed(2)} s CPU`;
}
console.log(line);
rmSync(tmp, { recursive: true, force: true });
