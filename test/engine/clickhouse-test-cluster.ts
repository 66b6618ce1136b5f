import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { existsSync } from 'node:fs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const script = join(root, 'scripts', 'clickhouse-cluster.sh');

function serverOnPath(): boolean {
  return (
    (process.env.PATH ?? '').split(delimiter).some((d) => d && existsSync(join(d, 'clickhouse-server'))) ||
    existsSync('/usr/sbin/clickhouse-server')
  );
}

/**
 * Why the ClickHouse tests skip here, or undefined when they run. Outside CI a machine without
 * clickhouse-server skips them (with this reason printed); in CI (CI=true) they run and a missing
 * server fails them.
 */
export const CLICKHOUSE_SKIP: string | undefined = (() => {
  if (serverOnPath() || process.env.CI === 'true') return undefined;
  const reason =
    'clickhouse-server is not installed (Debian: apt-get install -y clickhouse-server); ClickHouse cluster tests skipped';
  process.stderr.write(`${reason}\n`);
  return reason;
})();

/** A running loopback cluster, from scripts/clickhouse-cluster.sh. */
export interface TestCluster {
  url: string;
  cluster: string;
  shardUrls: string[];
  pids: number[];
  dir: string;
  stop(): void;
}

/** Starts a cluster of `shards` servers in a temp folder; stop() (call it in an `after` hook) kills them and removes the folder. */
export function startTestCluster(shards = 2): TestCluster {
  if (!serverOnPath())
    throw new Error(
      'clickhouse-server is not installed, and CI=true requires the ClickHouse tests: apt-get install -y clickhouse-server',
    );
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-clickhouse-'));
  const started = spawnSync('bash', [script, 'start', dir, '--shards', String(shards)], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    timeout: 120_000,
  });
  if (started.status !== 0) {
    rmSync(dir, { recursive: true, force: true });
    throw new Error(
      `scripts/clickhouse-cluster.sh start failed (${started.status ?? started.signal}):\n${started.stderr}`,
    );
  }
  const env = Object.fromEntries(
    readFileSync(join(dir, 'cluster.env'), 'utf8')
      .trim()
      .split('\n')
      .map((l) => {
        const eq = l.indexOf('=');
        return [l.slice(0, eq), l.slice(eq + 1).replace(/^"|"$/g, '')];
      }),
  ) as Record<string, string>;
  const pids = (env.PEERSCOPE_CLICKHOUSE_PIDS ?? '').split(' ').map(Number);
  // If the test process dies before its after hook, the servers must not outlive it.
  const onExit = () => {
    for (const pid of pids) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // already gone
      }
    }
  };
  process.on('exit', onExit);
  let stopped = false;
  return {
    url: env.PEERSCOPE_CLICKHOUSE_URL ?? '',
    cluster: env.PEERSCOPE_CLICKHOUSE_CLUSTER ?? '',
    shardUrls: (env.PEERSCOPE_CLICKHOUSE_SHARDS ?? '').split(','),
    pids,
    dir,
    stop() {
      if (stopped) return;
      stopped = true;
      const r = spawnSync('bash', [script, 'stop', dir], {
        encoding: 'utf8',
        stdio: ['ignore', 'pipe', 'pipe'],
        timeout: 60_000,
      });
      process.off('exit', onExit);
      if (r.status !== 0) onExit();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
