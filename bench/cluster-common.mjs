// What the cluster benchmarks (cluster.mjs, cluster-ingest.mjs) share: the CLI flags that point
// peerscope at a loopback cluster, rates and counts in k / M, a pause, and progress lines on stderr
// (stdout holds the table), and the servers' HTTP and CPU time.
import { readFileSync } from 'node:fs';

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
