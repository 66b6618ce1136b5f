// `npm run bench:cluster`: peerscope on a local ClickHouse cluster next to the one-machine paths,
// on the data sets of `npm run bench` (same generate command, same folder, reused).
//
// For each size, one after another:
//   raw         analyze DATA (the byte scanner)
//   store       ingest DATA --out STORE (Parquet), then analyze --store STORE
//   cluster-2   a 2-shard loopback cluster (scripts/clickhouse-cluster.sh --log-queries): ingest
//               --engine clickhouse (rows/s), analyze --engine clickhouse, and the rows each shard
//               scanned for that analyze (system.query_log: the shards' own parts of the distributed
//               queries, read_rows summed per shard)
//   cluster-1   the same on 1 shard: the rows one server scans for the whole analysis
// Each analyze runs twice: `seed` (--no-detect --no-report: the aggregations the cluster takes
// over) and `full` (--no-report: with peer groups and scores, which run locally on every path).
// The outputs of the cluster runs are compared with the raw runs' (every file but summary.json).
// Besides wall time, each step's CPU seconds: peerscope's (the child's, from /proc/self/stat) and
// each server's (from /proc/PID/stat), which say more than wall time on a shared machine.
//
//   npm run bench:cluster                      5 M auth rows
//   npm run bench:cluster -- --sizes 5e6,50e6  also 50 M
//   npm run bench:cluster -- --only seed       skip the full runs
// Prints a markdown table, also written to bench-output/cluster.md (raw numbers in cluster.json).
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterFlags, cpuSeconds, fmtCount, fmtRate, log, post, sleep } from './cluster-common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'bench-output');
const cli = join(root, 'dist', 'cli', 'main.js');
const script = join(root, 'scripts', 'clickhouse-cluster.sh');
const LANL_DAY1_AUTH = 15_740_768;

const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const sizes = opt('sizes', '5e6').split(',').map(Number);
const authPerDay = Number(opt('auth-per-day', '5e6'));
const seed = Number(opt('seed', '1'));
const variants = opt('only', 'seed,full').split(',');
const VARIANT_FLAGS = { seed: ['--no-detect', '--no-report'], full: ['--no-report'] };

const results = [];
const clusters = [];
process.on('exit', () => clusters.forEach((dir) => stopCluster(dir)));
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

for (const authRows of sizes) {
  const days = Math.max(1, Math.round(authRows / authPerDay));
  const scale = authRows / (days * LANL_DAY1_AUTH);
  const data = join(outRoot, 'data', `auth-${authRows}-days-${days}-seed-${seed}`);
  if (!existsSync(join(data, 'truth.json'))) {
    log(`generating ${data} (peerscope generate --scale ${scale.toFixed(4)} --days ${days} --gz) ...`);
    rmSync(data, { recursive: true, force: true });
    run([
      cli,
      'generate',
      data,
      '--scale',
      String(scale),
      '--days',
      String(days),
      '--seed',
      String(seed),
      '--gz',
      '--quiet',
    ]);
  }
  const runDir = join(outRoot, 'cluster-runs', `auth-${authRows}`);
  rmSync(runDir, { recursive: true, force: true });
  mkdirSync(runDir, { recursive: true });
  const size = { authRows, days, data, runs: {} };
  results.push(size);

  for (const v of variants) {
    size.runs[`raw ${v}`] = await timed(`raw analyze (${v})`, [
      cli,
      'analyze',
      data,
      '--out',
      join(runDir, `raw-${v}`),
      '-q',
      ...VARIANT_FLAGS[v],
    ]);
  }
  const rawSummary = JSON.parse(readFileSync(join(runDir, `raw-${variants[0]}`, 'summary.json'), 'utf8'));
  size.rows = rawSummary.files.auth.rows + rawSummary.files.flows.rows + (rawSummary.files.redteam?.rows ?? 0);
  size.runs['store ingest'] = await timed('ingest (Parquet)', [
    cli,
    'ingest',
    data,
    '--out',
    join(runDir, 'store'),
    '-q',
  ]);
  for (const v of variants) {
    size.runs[`store ${v}`] = await timed(`analyze --store (${v})`, [
      cli,
      'analyze',
      '--store',
      join(runDir, 'store'),
      '--out',
      join(runDir, `store-${v}`),
      '-q',
      ...VARIANT_FLAGS[v],
    ]);
  }

  for (const shards of [2, 1]) {
    const dir = join(runDir, `clickhouse-${shards}`);
    const env = startCluster(dir, shards);
    const flags = clusterFlags(env, 'bench');
    const urls = env.PEERSCOPE_CLICKHOUSE_SHARDS.split(',');
    const pids = env.PEERSCOPE_CLICKHOUSE_PIDS.split(' ').map(Number);
    size.runs[`cluster-${shards} ingest`] = await timed(
      `ingest --engine clickhouse (${shards} shards)`,
      [cli, 'ingest', data, '--out', join(runDir, `cluster-${shards}-local`), '-q', ...flags],
      pids,
    );
    for (const v of shards === 2 ? variants : variants.slice(0, 1)) {
      await sleep(1100); // query_log times are whole seconds: this run's queries start in a second of their own
      const since = Math.floor(Date.now() / 1000);
      const out = join(runDir, `cluster-${shards}-${v}`);
      const m = await timed(
        `analyze --engine clickhouse (${v}, ${shards} shards)`,
        [cli, 'analyze', '--out', out, '-q', ...VARIANT_FLAGS[v], ...flags],
        pids,
      );
      m.scanned = await Promise.all(urls.map((u) => rowsScanned(u, since)));
      m.agree = sameFiles(join(runDir, `raw-${v}`), out);
      size.runs[`cluster-${shards} ${v}`] = m;
      log(
        `  rows scanned per shard: ${m.scanned.map((n) => n.toLocaleString('en-US')).join(', ')}; outputs ${m.agree ? 'identical' : 'DIFFER'} to raw`,
      );
    }
    stopCluster(dir);
    clusters.splice(clusters.indexOf(dir), 1);
  }
}

const table = render(results);
process.stdout.write(table);
writeFileSync(join(outRoot, 'cluster.md'), table);
writeFileSync(
  join(outRoot, 'cluster.json'),
  JSON.stringify({ date: new Date().toISOString(), results }, null, 2) + '\n',
);

function render(all) {
  const lines = [];
  for (const s of all) {
    const r = s.runs;
    lines.push(
      `\n${fmtCount(s.authRows)} auth rows, ${fmtCount(s.rows)} rows stored in all (${s.days} day(s)), under the machine's load at the time:\n`,
    );
    lines.push(
      '| step | wall s | rows/s | peerscope CPU s | servers CPU s | rows per CPU s | rows scanned per shard | outputs = raw |',
    );
    lines.push('|---|---|---|---|---|---|---|---|');
    for (const [name, m] of Object.entries(r)) {
      const rate = name.endsWith('ingest') ? fmtRate(s.rows / m.wall) : '';
      const scanned = m.scanned ? m.scanned.map(fmtCount).join(' / ') : '';
      const agree = m.agree === undefined ? '' : m.agree ? 'yes' : 'NO';
      const serverCpu = m.serverCpu?.length ? m.serverCpu.map((c) => c.toFixed(1)).join(' + ') : '';
      const allCpu = m.cpu + (m.serverCpu ?? []).reduce((a, b) => a + b, 0);
      const perCpu = name.endsWith('ingest') ? fmtRate(s.rows / allCpu).replace('/s', '') : '';
      lines.push(
        `| ${name} | ${m.wall.toFixed(1)} | ${rate} | ${m.cpu.toFixed(1)} | ${serverCpu} | ${perCpu} | ${scanned} | ${agree} |`,
      );
    }
    const two = r['cluster-2 seed']?.scanned;
    const one = r['cluster-1 seed']?.scanned;
    if (two && one) {
      const total = two.reduce((a, b) => a + b, 0);
      const split = two.map((n) => `${((100 * n) / total).toFixed(1)} %`).join(' / ');
      lines.push(
        `\nseed analysis: 2 shards scanned ${split} of their ${fmtCount(total)} rows; 1 shard scanned ${fmtCount(one[0])}.`,
      );
    }
    const store = r['store seed'];
    const cluster = r['cluster-2 seed'];
    if (store && cluster)
      lines.push(`cluster (2 shards) / store analyze time, seed: ${(cluster.wall / store.wall).toFixed(2)}×.`);
  }
  return lines.join('\n') + '\n';
}

function startCluster(dir, shards) {
  const r = spawnSync('bash', [script, 'start', dir, '--shards', String(shards), '--log-queries'], {
    encoding: 'utf8',
  });
  if (r.status !== 0) throw new Error(`clickhouse-cluster.sh start failed:\n${r.stderr}`);
  clusters.push(dir);
  return Object.fromEntries(
    readFileSync(join(dir, 'cluster.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
  );
}

function stopCluster(dir) {
  spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
}

/** Rows a shard's server read for the shards' parts of distributed SELECTs since `since` (unix seconds). */
async function rowsScanned(url, since) {
  await post(url, 'SYSTEM FLUSH LOGS');
  const text = await post(
    url,
    `SELECT sum(read_rows) FROM system.query_log WHERE type = 2 AND is_initial_query = 0 AND event_time >= toDateTime(${since}) AND positionCaseInsensitive(query, 'SELECT') = 1`,
  );
  return Number(text.trim());
}

/** Runs a child to completion: its wall seconds, its CPU seconds and the servers' (pids) CPU seconds meanwhile. */
function timed(label, argv, servers = []) {
  log(`${label} ...`);
  const client0 = cpuSeconds('self', true);
  const server0 = servers.map((p) => cpuSeconds(p));
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    child.on('exit', (code) => {
      const wall = (performance.now() - t0) / 1000;
      if (code !== 0) return fail(new Error(`${label} failed (exit ${code}):\n${stderr}`));
      const cpu = cpuSeconds('self', true) - client0;
      const serverCpu = servers.map((p, i) => cpuSeconds(p) - server0[i]);
      log(
        `  ${wall.toFixed(1)} s wall, ${cpu.toFixed(1)} s CPU${servers.length ? `, servers ${serverCpu.map((c) => c.toFixed(1)).join(' + ')} s CPU` : ''}`,
      );
      done({ wall, cpu, serverCpu });
    });
  });
}

function run(argv) {
  const r = spawnSync(process.execPath, argv, { stdio: 'inherit' });
  if (r.status !== 0) throw new Error(`${argv.join(' ')} failed`);
}

/** Every file but summary.json is byte-identical. */
function sameFiles(a, b) {
  const list = (d) => {
    const out = [];
    const walk = (x) => {
      for (const name of readdirSync(x).sort()) {
        const p = join(x, name);
        if (statSync(p).isDirectory()) walk(p);
        else out.push(relative(d, p));
      }
    };
    walk(d);
    return out;
  };
  const fa = list(a),
    fb = list(b);
  if (fa.join('\n') !== fb.join('\n')) return false;
  return fa.every((f) => f === 'summary.json' || readFileSync(join(a, f)).equals(readFileSync(join(b, f))));
}
