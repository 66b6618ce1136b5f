// `npm run build && node bench/ingest-sources.mjs [--connections 1000000] [--days 7] [--threads 1,2]`:
// `ingest` of a seeded, unsorted Zeek conn.log (TSV, random ts over --days) into a Parquet store,
// once per thread count (more than 1: parsed in worker threads, `parallelSources`), in this process: wall seconds, rows (directed flow rows, ~1.8 per
// connection) per second of wall time and per CPU second (user + sys of the whole process: the
// parser threads and DuckDB's converting ones), and the process peak RSS so far (it only grows: read the first run's). Checks the stores are byte-identical.
// The log goes to bench-output/ingest-sources/ (made once). The machine is shared: wall times
// move with its load; CPU seconds less.
import { createWriteStream, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { ingest } from '../dist/store/index.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
};
const CONNECTIONS = Number(arg('connections', '1000000'));
const DAYS = Number(arg('days', '7'));
const THREADS = arg('threads', '1,2').split(',').map(Number);
const dir = join('bench-output', 'ingest-sources');
const log = join(dir, `conn-${CONNECTIONS}-${DAYS}d.log`);

async function writeLog() {
  mkdirSync(dir, { recursive: true });
  let s = 11;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const int = (k) => Math.floor(rand() * k);
  const fields =
    'ts uid id.orig_h id.orig_p id.resp_h id.resp_p proto service duration orig_bytes resp_bytes conn_state local_orig local_resp missed_bytes history orig_pkts orig_ip_bytes resp_pkts resp_ip_bytes tunnel_parents';
  const out = createWriteStream(`${log}.tmp`);
  const header = ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn'];
  out.write(`${header.join('\n')}\n#fields\t${fields.split(' ').join('\t')}\n`);
  const peers = Array.from({ length: 300 }, (_, i) =>
    i < 100 ? `10.2.${i >> 4}.${i & 15}` : `93.184.${i >> 8}.${i & 255}`,
  );
  const t0 = 1_699_920_000;
  let chunk = [];
  for (let i = 0; i < CONNECTIONS; i++) {
    const up = int(5000);
    const down = rand() < 0.2 ? 0 : int(50000);
    chunk.push(
      [
        (t0 + rand() * DAYS * 86400).toFixed(6),
        `C${i}`,
        `10.1.${int(4)}.${1 + int(200)}`,
        49152 + int(16000),
        peers[int(300)],
        [80, 443, 445, 53][int(4)],
        rand() < 0.8 ? 'tcp' : 'udp',
        '-',
        (rand() * 30).toFixed(6),
        up,
        down,
        'SF',
        '-',
        '-',
        0,
        '-',
        1 + int(20),
        up + 40,
        down === 0 ? 0 : 1 + int(40),
        down === 0 ? 0 : down + 40,
        '(empty)',
      ].join('\t'),
    );
    if (chunk.length === 10_000 || i === CONNECTIONS - 1) {
      if (!out.write(chunk.join('\n') + '\n')) await new Promise((r) => out.once('drain', r));
      chunk = [];
    }
  }
  await new Promise((r) => out.end(r));
  const { renameSync } = await import('node:fs');
  renameSync(`${log}.tmp`, log);
}

function tree(d) {
  const out = new Map();
  const walk = (p) => {
    for (const n of readdirSync(p).sort()) {
      const q = join(p, n);
      if (statSync(q).isDirectory()) walk(q);
      else out.set(q.slice(d.length), readFileSync(q));
    }
  };
  walk(d);
  return out;
}

if (!existsSync(log)) await writeLog();
console.log(
  `${log}: ${(statSync(log).size / 1e6).toFixed(1)} MB, ${CONNECTIONS} connections over ${DAYS} days, unsorted`,
);
const stores = [];
for (const threads of THREADS) {
  const store = join(dir, `store-${threads}`);
  rmSync(store, { recursive: true, force: true });
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  let scan;
  const manifest = await ingest({
    flows: log,
    out: store,
    threads,
    parallelSources: threads > 1,
    onProgress: (e) => {
      if (e.done) scan = { wall: (performance.now() - t0) / 1000, cpu: process.cpuUsage(cpu0) };
    },
  });
  const wall = (performance.now() - t0) / 1000;
  const cpu = process.cpuUsage(cpu0);
  const scanCpu = (scan.cpu.user + scan.cpu.system) / 1e6;
  const cpuS = (cpu.user + cpu.system) / 1e6;
  const rows = manifest.sources.flows.emitted;
  console.log(
    `threads ${threads}: ${wall.toFixed(1)} s wall, ${cpuS.toFixed(1)} s CPU (user+sys), ${Math.round(rows / wall / 1000)} k rows/s wall, ` +
      `${Math.round(rows / cpuS / 1000)} k rows per CPU-s (scan: ${scan.wall.toFixed(1)} s wall, ${scanCpu.toFixed(1)} s CPU, ${Math.round(rows / scanCpu / 1000)} k rows per CPU-s), ${rows} rows, ${manifest.partitions.flows.length} partitions, peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`,
  );
  stores.push(store);
}
const [first, ...rest] = stores.map(tree);
for (const [i, t] of rest.entries()) {
  const same = t.size === first.size && [...first].every(([k, v]) => t.get(k)?.equals(v));
  console.log(`store ${THREADS[i + 1]} threads ${same ? 'byte-identical to' : 'DIFFERS from'} ${THREADS[0]} thread(s)`);
}
