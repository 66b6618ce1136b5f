// The cluster ingest's HostRunSorter alone, A/B between builds, on a synthetic shard block shaped
// like a parser thread's (8,700 rows of ~67 bytes, hosts `C<n>` drawn with a skew toward the small
// numbers, as in LANL):
//
//   node bench/host-run-sorter-speed.mjs [--hosts 3000] [BUILD_ROOT ...]
//
// Per build root (default: this checkout; its dist/ must be built), ms per block sorted (mean of
// 1,000 after 200 warm-up sorts), ns per row, and seconds for the ~850 such blocks per shard the
// 5 M set makes.
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const at = args.indexOf('--hosts');
const hosts = at >= 0 ? Number(args.splice(at, 2)[1]) : 3000;
const roots = args.length > 0 ? args.map((a) => resolve(a)) : [here];
const { murmurHash3x86_32 } = await import(resolve(here, 'dist/engine/murmur-hash3-32.js'));

const N = 8700;
let seed = 1;
const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
const bytes = new Uint8Array(N * 100);
const rows = new Int32Array(N),
  hostAt = new Int32Array(N),
  hostLen = new Int32Array(N),
  hash = new Int32Array(N);
let used = 0;
for (let i = 0; i < N; i++) {
  rows[i] = used;
  used += 20; // file, line, time
  const h = `C${Math.floor(random() ** 2 * hosts)}`;
  bytes[used++] = h.length;
  hostAt[i] = used;
  for (const c of h) bytes[used++] = c.charCodeAt(0);
  hostLen[i] = h.length;
  hash[i] = murmurHash3x86_32(bytes, hostAt[i], hostAt[i] + h.length);
  used += 40; // the other fields
}
const block = { bytes, used, rows, count: N, hostAt, hostLen, hash };
const out = new Uint8Array(used),
  outRows = new Int32Array(N);
for (const root of roots) {
  const { HostRunSorter } = await import(resolve(root, 'dist/store/host-run-sorter.js'));
  const sorter = new HostRunSorter();
  for (let k = 0; k < 200; k++) sorter.sort(block, [0], out, outRows);
  const t = performance.now();
  for (let k = 0; k < 1000; k++) sorter.sort(block, [0], out, outRows);
  const ms = (performance.now() - t) / 1000;
  console.log(
    `${root}: ${hosts} hosts, ${ms.toFixed(3)} ms per ${N}-row block, ${((ms * 1e6) / N).toFixed(0)} ns/row, ` +
      `×850 blocks ${((ms * 850) / 1000).toFixed(2)} s`,
  );
}
