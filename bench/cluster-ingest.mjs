// What `ingest --engine clickhouse` costs the servers, A/B between builds:
//
//   node bench/cluster-ingest.mjs [--data DIR] [--rounds 3] [--shards 2] [--settle] [BUILD_ROOT ...]
//
// Starts one loopback cluster (scripts/clickhouse-cluster.sh --log-queries, which also keeps
// system.part_log), and per round runs `node ROOT/dist/cli/main.js ingest DATA --engine clickhouse`
// for each build root given (default: this checkout), the order alternating between rounds, each
// into a fresh database. Per run: wall seconds and rows/s (move with the machine's load), the
// ingest's CPU seconds (its own user + sys, from /proc/self/stat of the waited-for child), each
// server's CPU seconds over the run (/proc/PID/stat), and from system.part_log the parts the
// INSERTs created (NewPart), the merges (MergeParts) and the rows merged, and from
// system.query_log the INSERTs into the data tables. With --settle the servers' CPU and the merges
// are counted until no merge has run on any shard for 3 s after the ingest (background merges of
// the inserted parts), not only while the ingest ran. DATA defaults to the 5 M-row set of
// `npm run bench` (bench-output/data/auth-5000000-days-1-seed-1; generated if missing).
// Prints a markdown table, one row per run, and the median per build.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterFlags, cpuSeconds, fmtCount, fmtRate, log, post, sleep, startCluster } from './cluster-common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  if (i < 0) return fallback;
  const v = args[i + 1];
  args.splice(i, 2);
  return v;
};
const flag = (name) => {
  const i = args.indexOf(`--${name}`);
  if (i >= 0) args.splice(i, 1);
  return i >= 0;
};
const data = resolve(opt('data', join(root, 'bench-output', 'data', 'auth-5000000-days-1-seed-1')));
const rounds = Number(opt('rounds', '3'));
const shards = Number(opt('shards', '2'));
const settle = flag('settle');
const extra = opt('ingest-args', '').split(' ').filter(Boolean);
const builds = (args.length > 0 ? args : [root]).map((b) => resolve(b));

if (!existsSync(join(data, 'truth.json'))) {
  log(`generating ${data} ...`);
  run(
    [join(root, 'dist', 'cli', 'main.js'), 'generate', data, '--scale', String(5e6 / 15_740_768), '--days', '1'].concat(
      ['--seed', '1', '--gz', '--quiet'],
    ),
  );
}

const { dir, env } = startCluster('peerscope-cluster-ingest-', ['--shards', String(shards), '--log-queries']);
const urls = env.PEERSCOPE_CLICKHOUSE_SHARDS.split(',');
const pids = env.PEERSCOPE_CLICKHOUSE_PIDS.split(' ').map(Number);

const runs = [];
let n = 0;
for (let round = 0; round < rounds; round++) {
  const order = round % 2 === 0 ? builds : [...builds].reverse();
  for (const build of order) {
    const database = `ab${n++}`;
    const out = join(dir, `local-${database}`);
    const since = Math.floor(Date.now() / 1000);
    await sleep(1100); // part_log and query_log times are whole seconds
    const client0 = cpuSeconds('self', true);
    const server0 = pids.map((p) => cpuSeconds(p));
    const t0 = performance.now();
    const code = await child([
      join(build, 'dist', 'cli', 'main.js'),
      'ingest',
      data,
      '--out',
      out,
      '-q',
      ...clusterFlags(env, database),
      ...extra,
    ]);
    const wall = (performance.now() - t0) / 1000;
    if (code !== 0) throw new Error(`ingest (${build}) exited ${code}`);
    const cpu = cpuSeconds('self', true) - client0;
    const ingestServer = pids.map((p, i) => cpuSeconds(p) - server0[i]);
    if (settle) await waitForMerges();
    const serverCpu = pids.map((p, i) => cpuSeconds(p) - server0[i]);
    const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
    const rows = Object.values(manifest.files).reduce((a, f) => a + (f?.rows ?? 0), 0);
    const parts = await Promise.all(urls.map((u) => partLog(u, database, since)));
    const r = { build, database, wall, rows, cpu, ingestServer, serverCpu, parts };
    runs.push(r);
    log(
      `${build}: ${wall.toFixed(1)} s wall, ${fmtRate(rows / wall)}, ingest ${cpu.toFixed(1)} CPU s, servers ${serverCpu.map((c) => c.toFixed(1)).join(' + ')} CPU s; ` +
        `new parts ${parts.map((p) => p.newParts).join(' + ')}, merges ${parts.map((p) => p.merges).join(' + ')}, inserts ${parts.map((p) => p.inserts).join(' + ')}`,
    );
    await Promise.all(urls.map((u) => post(u, `DROP DATABASE IF EXISTS ${database}`)));
  }
}

const lines = [
  `${runs[0]?.rows.toLocaleString('en-US')} rows, ${shards} shards, ${rounds} rounds, servers' CPU ${settle ? 'until merges settle' : 'while ingest ran'}:`,
  '',
  '| build | wall s | rows/s | ingest CPU s | servers CPU s | new parts | merges | rows merged | data INSERTs |',
  '|---|---|---|---|---|---|---|---|---|',
];
const row = (name, r) =>
  `| ${name} | ${r.wall.toFixed(1)} | ${fmtRate(r.rows / r.wall)} | ${r.cpu.toFixed(1)} | ${r.serverCpu.map((c) => c.toFixed(1)).join(' + ')} = ${sum(r.serverCpu).toFixed(1)} | ` +
  `${r.parts.map((p) => p.newParts).join(' + ')} | ${r.parts.map((p) => p.merges).join(' + ')} | ${fmtCount(sum(r.parts.map((p) => p.rowsMerged)))} | ${r.parts.map((p) => p.inserts).join(' + ')} |`;
for (const r of runs) lines.push(row(r.build, r));
for (const build of builds) {
  const mine = runs.filter((r) => r.build === build);
  const med = (f) => median(mine.map(f));
  lines.push(
    `| median ${build} | ${med((r) => r.wall).toFixed(1)} | ${fmtRate(med((r) => r.rows / r.wall))} | ${med((r) => r.cpu).toFixed(1)} | ${med((r) => sum(r.serverCpu)).toFixed(1)} | ${med((r) => sum(r.parts.map((p) => p.newParts)))} | ${med((r) => sum(r.parts.map((p) => p.merges)))} |  |  |`,
  );
}
process.stdout.write(lines.join('\n') + '\n');

/** A shard's part_log and query_log for one database since `since`: parts inserted, merges, rows merged, INSERTs into the data tables. */
async function partLog(url, database, since) {
  await post(url, 'SYSTEM FLUSH LOGS');
  const db = `'${database}'`;
  const [newParts, merges, rowsMerged] = (
    await post(
      url,
      `SELECT countIf(event_type = 1), countIf(event_type = 2), sumIf(rows, event_type = 2) FROM system.part_log WHERE database = ${db} AND table IN ('auth_local', 'flows_local') AND event_time >= toDateTime(${since})`,
    )
  )
    .trim()
    .split('\t')
    .map(Number);
  const inserts = Number(
    (
      await post(
        url,
        `SELECT count() FROM system.query_log WHERE type = 2 AND event_time >= toDateTime(${since}) AND (query LIKE 'INSERT INTO \`${database}\`.\`auth_local\`%' OR query LIKE 'INSERT INTO \`${database}\`.\`flows_local\`%')`,
      )
    ).trim(),
  );
  return { newParts, merges, rowsMerged, inserts };
}

/** Waits until no shard has run a merge for 3 s. */
async function waitForMerges() {
  let quiet = 0;
  while (quiet < 3) {
    await sleep(1000);
    const busy = (await Promise.all(urls.map((u) => post(u, 'SELECT count() FROM system.merges')))).map(Number);
    quiet = busy.every((b) => b === 0) ? quiet + 1 : 0;
  }
}

function child(argv) {
  return new Promise((done) => {
    const c = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'inherit'] });
    c.on('exit', (code) => done(code));
  });
}

function run(argv) {
  const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed`);
}

function sum(a) {
  return a.reduce((x, y) => x + y, 0);
}

function median(a) {
  const s = [...a].sort((x, y) => x - y);
  return s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
}
