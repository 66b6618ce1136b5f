// What the cluster benchmarks (cluster.mjs, cluster-ingest.mjs) share: the CLI flags that point
// peerscope at a loopback cluster, rates and counts in k / M, a pause, and progress lines on stderr
// (stdout holds the table), the servers' HTTP and CPU time, and a loopback cluster for the run.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const script = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'scripts', 'clickhouse-cluster.sh');

/**
 * Starts a scripts/clickhouse-cluster.sh cluster in a new temporary folder named after `prefix`
 * (extra start arguments in `args`), stopped and removed when the process exits or is interrupted.
 * Returns the folder and its cluster.env as an object.
 */
export function startCluster(prefix, args) {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  const start = spawnSync('bash', [script, 'start', dir, ...args], { encoding: 'utf8' });
  if (start.status !== 0) throw new Error(`clickhouse-cluster.sh start failed:\n${start.stderr}`);
  process.on('exit', () => {
    spawnSync('bash', [script, 'stop', dir], { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));
  const env = Object.fromEntries(
    readFileSync(join(dir, 'cluster.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1).replace(/^"|"$/g, '')]),
  );
  return { dir, env };
}

/** peerscope's flags for the cluster of a scripts/clickhouse-cluster.sh cluster.env, and a database. */
export function clusterFlags(env, database) {
  return [
    '--engine',
    'clickhouse',
    '--clickhouse',
    env.PEERSCOPE_CLICKHOUSE_URL,
    '--cluster',
    env.PEERSCOPE_CLICKHOUSE_CLUSTER,
    '--clickhouse-shards',
    env.PEERSCOPE_CLICKHOUSE_SHARDS,
    '--database',
    database,
  ];
}

export function fmtRate(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k/s` : `${n.toFixed(0)}/s`;
}

export function fmtCount(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k` : String(n);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function log(text) {
  process.stderr.write(`${text}\n`);
}

/* global fetch */
export async function post(url, sql) {
  const response = await fetch(url, { method: 'POST', body: sql });
  const text = await response.text();
  if (!response.ok) throw new Error(`${url}: ${text}`);
  return text;
}

/** CPU seconds (user + system) of a process from /proc: its own (fields 14, 15) or, for `self`, its waited-for children's (16, 17). */
export function cpuSeconds(pid, children = false) {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const at = children ? 13 : 11; // fields 16/17 (14/15) counted from field 3, after the command name
    return (Number(fields[at]) + Number(fields[at + 1])) / 100;
  } catch {
    return 0;
  }
}
