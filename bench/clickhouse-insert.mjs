// Insert rate into a ClickHouse cluster: RowBinary vs TabSeparated streams, per kind.
//
//   npm run build && node bench/clickhouse-insert.mjs [--rows 2e6] [--rounds 3] [--shards 2] [--data DIR]
//
// Takes the first --rows lines of auth.txt and flows.txt from DIR (default: generated once into
// bench-output/clickhouse-insert-data with `peerscope generate --scale 0.25 --days 1 --redteam none`,
// 3.8 M auth and 2.0 M flow rows), holds them in memory, starts a loopback cluster with
// scripts/clickhouse-cluster.sh (killed at the end), and per round, kind and format (the order
// alternating between rounds): recreates the kind's tables, runs the byte scanner over the text in
// 1 MiB blocks into a ClickHouseRowWriter (one INSERT into the Distributed table, with
// insert_distributed_sync=1, backpressure after each block), waits for the server's answer and
// checks count() on the cluster. Prints wall rows/s (best and median over rounds), rows per
// CPU-second (the client's CPU time plus every server's, from /proc/PID/stat: what the insert
// costs, whatever else runs on the machine) and the RowBinary / TabSeparated ratios; also the scan
// alone (no insert) and the client alone (scan + encode into a sink that drops the bytes: what one
// ingest process can feed a real cluster, whose servers run elsewhere), both per CPU-second.
// The table is written to bench-output/clickhouse-insert.md. Client and servers share the
// machine's cores, so wall rates move with its load.
import { spawnSync } from 'node:child_process';
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readSync,
  closeSync,
  rmSync,
  writeFileSync,
  readFileSync,
} from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const rows = Number(opt('rows', '2e6'));
const rounds = Number(opt('rounds', '3'));
const shards = Number(opt('shards', '2'));
const data = resolve(opt('data', join(root, 'bench-output', 'clickhouse-insert-data')));

const { openClickHouse } = await import(join(root, 'dist', 'engine', 'index.js'));
const { ClickHouseRowWriter, createClickHouseTables, clickhouseDayChecks } = await import(
  join(root, 'dist', 'store', 'index.js')
);
const { scanBlock } = await import(join(root, 'dist', 'sources', 'scan-block.js'));
const { LOG_FORMATS } = await import(join(root, 'dist', 'sources', 'log-formats.js'));

if (!existsSync(join(data, 'flows.txt'))) {
  console.error(`generating ${data} ...`);
  const g = spawnSync(
    process.execPath,
    [
      join(root, 'dist', 'cli', 'main.js'),
      'generate',
      data,
      '--scale',
      '0.25',
      '--days',
      '1',
      '--redteam',
      'none',
      '-q',
    ],
    { stdio: 'inherit' },
  );
  if (g.status !== 0) process.exit(1);
}

/** The first n lines of a file, as one buffer. */
function firstLines(path, n) {
  const fd = openSync(path, 'r');
  const parts = [];
  let lines = 0;
  try {
    const chunk = Buffer.allocUnsafe(8 << 20);
    for (let got; lines < n && (got = readSync(fd, chunk, 0, chunk.length, null)) > 0;) {
      let end = got;
      for (let i = 0; i < got; i++) {
        if (chunk[i] === 10 && ++lines === n) {
          end = i + 1;
          break;
        }
      }
      parts.push(Buffer.from(chunk.subarray(0, end)));
    }
  } finally {
    closeSync(fd);
  }
  if (lines < n) throw new Error(`${path} has only ${lines} lines, fewer than --rows ${n}`);
  return Buffer.concat(parts);
}

/** Line-aligned blocks of about 1 MiB, as the scanner reads files. */
function blocks(buf) {
  const out = [];
  for (let start = 0; start < buf.length;) {
    let end = Math.min(buf.length, start + (1 << 20));
    if (end < buf.length) end = buf.indexOf(10, end) + 1 || buf.length;
    out.push(buf.subarray(start, end));
    start = end;
  }
  return out;
}

async function scan(kind, parts, onRow, afterBlock) {
  let lineOffset = 0,
    valid = 0;
  for (const part of parts) {
    const r = scanBlock(part, LOG_FORMATS[kind], onRow, lineOffset, 0);
    lineOffset += r.lines;
    valid += r.rows;
    await afterBlock?.();
  }
  return valid;
}

const texts = {
  auth: blocks(firstLines(join(data, 'auth.txt'), rows)),
  flows: blocks(firstLines(join(data, 'flows.txt'), rows)),
};
const dir = mkdtempSync(join(tmpdir(), 'peerscope-bench-clickhouse-'));
const script = join(root, 'scripts', 'clickhouse-cluster.sh');
const started = spawnSync('bash', [script, 'start', dir, '--shards', String(shards)], { encoding: 'utf8' });
if (started.status !== 0) {
  console.error(started.stderr);
  process.exit(1);
}
const stop = () =>
  spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' }) && rmSync(dir, { recursive: true, force: true });
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});
const env = Object.fromEntries(
  readFileSync(join(dir, 'cluster.env'), 'utf8')
    .trim()
    .split('\n')
    .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
);

const pids = env.PEERSCOPE_CLICKHOUSE_PIDS.split(' ').map(Number);
const ticks = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
/** CPU seconds so far: this process and every server. */
function cpuSeconds() {
  const own = process.cpuUsage();
  let servers = 0;
  for (const pid of pids) {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    servers += (Number(fields[11]) + Number(fields[12])) / ticks;
  }
  return { client: (own.user + own.system) / 1e6, servers };
}
const results = {
  auth: { scan: [], RowBinary: [], TabSeparated: [] },
  flows: { scan: [], RowBinary: [], TabSeparated: [] },
};
const perCpu = { auth: { RowBinary: [], TabSeparated: [] }, flows: { RowBinary: [], TabSeparated: [] } };
const clientOnly = { auth: { RowBinary: [], TabSeparated: [] }, flows: { RowBinary: [], TabSeparated: [] } };
const split = { auth: { RowBinary: [], TabSeparated: [] }, flows: { RowBinary: [], TabSeparated: [] } };
/** A cluster engine whose INSERT reads the stream and drops it. */
const sink = {
  database: 'bench',
  async insert({ body }) {
    for await (const chunk of body) void chunk;
  },
};
let version;
try {
  const engine = await openClickHouse({
    url: env.PEERSCOPE_CLICKHOUSE_URL,
    cluster: env.PEERSCOPE_CLICKHOUSE_CLUSTER,
    shardUrls: env.PEERSCOPE_CLICKHOUSE_SHARDS.split(','),
    database: 'bench',
  });
  version = engine.version;
  for (let round = 0; round < rounds; round++) {
    for (const kind of ['auth', 'flows']) {
      const s0 = process.cpuUsage();
      const scanned = await scan(kind, texts[kind], () => undefined);
      const s1 = process.cpuUsage(s0);
      results[kind].scan.push(scanned / ((s1.user + s1.system) / 1e6));
      let t0;
      const formats = round % 2 === 0 ? ['RowBinary', 'TabSeparated'] : ['TabSeparated', 'RowBinary'];
      for (const format of formats) {
        const drop = new ClickHouseRowWriter(sink, kind, { format });
        const u0 = process.cpuUsage();
        const encoded = await scan(
          kind,
          texts[kind],
          (b, starts, ints, line) => drop.add(b, starts, ints, 0, line),
          () => drop.settle(),
        );
        await drop.commit();
        const u1 = process.cpuUsage(u0);
        clientOnly[kind][format].push(encoded / ((u1.user + u1.system) / 1e6));
      }
      for (const format of formats) {
        await createClickHouseTables(engine, { replace: true, kinds: [kind] });
        const writer = new ClickHouseRowWriter(engine, kind, { format });
        const c0 = cpuSeconds();
        t0 = performance.now();
        const valid = await scan(
          kind,
          texts[kind],
          (b, starts, ints, line) => writer.add(b, starts, ints, 0, line),
          () => writer.settle(),
        );
        await writer.commit();
        const seconds = (performance.now() - t0) / 1000;
        const c1 = cpuSeconds();
        const cpu = { client: c1.client - c0.client, servers: c1.servers - c0.servers };
        perCpu[kind][format].push(valid / (cpu.client + cpu.servers));
        split[kind][format].push(cpu);
        const stored = (await clickhouseDayChecks(engine, kind)).reduce((n, d) => n + d.rows, 0);
        if (stored !== valid) throw new Error(`${kind} ${format}: ${stored} rows stored, ${valid} sent`);
        results[kind][format].push(valid / seconds);
        console.error(
          `round ${round + 1} ${kind} ${format}: ${valid} rows in ${seconds.toFixed(2)} s = ${fmt(valid / seconds)} rows/s; CPU s client ${cpu.client.toFixed(2)} + servers ${cpu.servers.toFixed(2)} (${writer.stats.chunks} chunks, ${writer.stats.waits} waits)`,
        );
      }
    }
  }
  await engine.close();
} finally {
  stop();
}

function fmt(x) {
  return x >= 1e6 ? `${(x / 1e6).toFixed(2)} M` : `${Math.round(x / 1e3)} k`;
}
const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const best = (xs) => Math.max(...xs);
const lines = [
  `ClickHouse insert — ${shards}-shard loopback cluster (clickhouse-server ${version}), ${cpus().length} cores (${cpus()[0]?.model.trim()}) shared by client and servers, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`,
  '',
  `${fmt(rows)} rows per kind, one INSERT into the Distributed table (insert_distributed_sync=1), ${rounds} rounds alternating the order`,
  '',
  '| kind | stream | insert wall rows/s, best | insert wall rows/s, median | insert rows per CPU-second (client + servers), median | insert CPU µs/row, client + servers, median | client alone (scan + encode), rows per client CPU-second, median |',
  '|---|---|---:|---:|---:|---:|---:|',
];
const us = (cpus) => {
  const c = median(cpus.map((x) => x.client)),
    s = median(cpus.map((x) => x.servers));
  return `${((c / rows) * 1e6).toFixed(2)} + ${((s / rows) * 1e6).toFixed(2)}`;
};
for (const kind of ['auth', 'flows']) {
  const r = results[kind],
    c = perCpu[kind],
    o = clientOnly[kind];
  lines.push(`| ${kind} | scan only (no insert) | | | | | ${fmt(median(r.scan))} |`);
  for (const format of ['RowBinary', 'TabSeparated']) {
    lines.push(
      `| ${kind} | ${format} | ${fmt(best(r[format]))} | ${fmt(median(r[format]))} | ${fmt(median(c[format]))} | ${us(split[kind][format])} | ${fmt(median(o[format]))} |`,
    );
  }
  const ratio = (x) => (median(x.RowBinary) / median(x.TabSeparated)).toFixed(2);
  lines.push(`| ${kind} | RowBinary ÷ TabSeparated | | ${ratio(r)}× | ${ratio(c)}× | | ${ratio(o)}× |`);
}
lines.push('', `load average at the end: ${readFileSync('/proc/loadavg', 'utf8').split(' ').slice(0, 3).join(' ')}`);
const table = lines.join('\n') + '\n';
process.stdout.write(table);
mkdirSync(join(root, 'bench-output'), { recursive: true });
writeFileSync(join(root, 'bench-output', 'clickhouse-insert.md'), table);
