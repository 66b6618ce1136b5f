import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterStages } from '../../src/cli/after-stages.js';
import { clickhouseQuote, openClickHouse, type ClickHouseOptions, type ClusterEngine } from '../../src/engine/index.js';
import { generate } from '../../src/generate/index.js';
import { exitCodeFor } from '../../src/errors.js';
import { analyze, type AnalyzeOptions, type AnalyzeSummary } from '../../src/pipeline/index.js';
import {
  CLICKHOUSE_TABLES,
  ShardOfHost,
  clickhouseDayChecks,
  ingest,
  ingestCluster,
  readClusterStore,
  type ClusterKind,
} from '../../src/store/index.js';
import { CLICKHOUSE_SKIP, startTestCluster, type TestCluster } from '../engine/clickhouse-test-cluster.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { HOSTILE_HOSTS, hostileClusterData } from './cluster-fixtures.js';
import { snapshotTree } from '../helpers/snapshot-tree.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
// The built CLI (npm test builds first): under tsx every start costs seconds more.
const cli = (args: string[]) => [join(root, 'dist', 'cli', 'main.js'), ...args];
const KINDS: readonly ClusterKind[] = ['auth', 'flows', 'redteam'];

/** Both folders hold the same files, byte for byte, but summary.json; returns how many were compared. */
function assertSameFiles(want: string, have: string): number {
  const a = snapshotTree(want),
    b = snapshotTree(have);
  assert.deepEqual([...b.keys()], [...a.keys()], `${have} holds other files than ${want}`);
  let n = 0;
  for (const [name, bytes] of a) {
    if (name === 'summary.json') continue;
    assert.ok(bytes.equals(b.get(name)!), `${name} differs between ${want} and ${have}`);
    n++;
  }
  return n;
}

/** summary.json field by field, without the timings and where the data came from. */
const strip = (s: AnalyzeSummary) => ({ ...s, timings: undefined, clickhouse: undefined, threads: undefined });

describe('ingest and analyze on a 2-shard ClickHouse cluster', { skip: CLICKHOUSE_SKIP }, () => {
  let cluster: TestCluster;
  const connect = (database: string): ClickHouseOptions => ({
    url: cluster.url,
    cluster: cluster.cluster,
    shardUrls: cluster.shardUrls,
    database,
  });
  const flags = (database: string) => [
    '--engine',
    'clickhouse',
    '--clickhouse',
    cluster.url,
    '--cluster',
    cluster.cluster,
    '--clickhouse-shards',
    cluster.shardUrls.join(','),
    '--database',
    database,
  ];
  const checks = async (database: string) => {
    const engine = await openClickHouse(connect(database));
    try {
      const out: Record<string, unknown> = {};
      for (const kind of KINDS) {
        out[kind] = await clickhouseDayChecks(engine, kind);
        for (let shard = 0; shard < engine.shardUrls.length; shard++)
          out[`${kind}@${shard}`] = await clickhouseDayChecks(engine, kind, { shard });
      }
      return out;
    } finally {
      await engine.close();
    }
  };

  /**
   * Every row of each shard's local tables is on the shard its host's key names: by the server's
   * own murmurHash3_32 and shard numbering, and by the client's ShardOfHost on the stored names.
   * Auth and flows were sent to the shards by the client, the red team through the Distributed table.
   */
  const assertPlacement = async (database: string) => {
    const engine = await openClickHouse(connect(database));
    try {
      const shards = engine.shardUrls.length;
      const pick = new ShardOfHost(engine.shardWeights);
      for (const kind of KINDS) {
        const t = CLICKHOUSE_TABLES[kind];
        const local = clickhouseQuote.table(database, t.local);
        const host = clickhouseQuote.ident(t.shardBy);
        let rows = 0;
        for (let shard = 0; shard < shards; shard++) {
          const [[elsewhere, all]] = (
            await engine.query(
              `SELECT toInt64(countIf(murmurHash3_32(${host}) % ${shards} + 1 != (SELECT shard_num FROM system.clusters WHERE cluster = ${clickhouseQuote.string(engine.cluster)} AND is_local))), toInt64(count()) FROM ${local}`,
              { shard },
            )
          ).rows as [[number, number]];
          assert.equal(Number(elsewhere), 0, `${kind} rows on shard ${shard} whose key names another shard`);
          rows += Number(all);
          const names = await engine.query(`SELECT DISTINCT ${host} FROM ${local}`, { shard });
          for (const [name] of names.rows) {
            const b = Buffer.from(String(name));
            assert.equal(pick.of(b, 0, b.length), shard, `${kind} host ${JSON.stringify(name)} on shard ${shard}`);
          }
        }
        const total = await engine.query(
          `SELECT toInt64(count()) FROM ${clickhouseQuote.table(database, t.distributed)}`,
        );
        assert.equal(rows, Number(total.rows[0]![0]), `${kind}: the shards hold all rows`);
      }
    } finally {
      await engine.close();
    }
  };

  before(() => {
    cluster = startTestCluster(2);
  });
  after(() => cluster?.stop());

  /** Raw analyze vs ingest into `database` + analyze --engine clickhouse, with detection and report. */
  async function assertSameAsRaw(data: string, database: string, variants: Partial<AnalyzeOptions>[]) {
    const stored = await ingestCluster({
      data,
      out: join(tempDir('ingest'), 'local'),
      clickhouse: connect(database),
      threads: 3,
      blockSize: 4096,
    });
    assert.equal(stored.resumed_days, 0);
    await assertPlacement(database);
    const results: AnalyzeSummary[] = [];
    for (const variant of variants) {
      const detect = variant.graphTables ?? true;
      const stages = () => afterStages({ detect, report: true });
      const raw = join(tempDir('raw'), 'out');
      const fromCluster = join(tempDir('cluster'), 'out');
      const a = await analyze({ data, out: raw, threads: 1, after: stages(), ...variant });
      const b = await analyze({ out: fromCluster, clickhouse: connect(database), after: stages(), ...variant });
      const compared = assertSameFiles(raw, fromCluster);
      assert.ok(compared >= (detect ? 15 : 10), `compared ${compared} files`);
      assert.deepEqual(strip(b), strip(a));
      assert.deepEqual(b.clickhouse, { url: cluster.url, cluster: cluster.cluster, database });
      results.push(a);
    }
    return { stored, results };
  }

  const hourly = { interval: 3600, humanLogonTypes: ['Interactive', 'Network'], graphTables: false };

  test('the hostile fixture: identical outputs to analyze on the raw files, daily and hourly', async () => {
    const data = hostileData(11);
    const { stored, results } = await assertSameAsRaw(data, 'hostile', [{}, hourly]);
    const [daily] = results;
    assert.ok(
      daily!.humans > 5 &&
        daily!.series_rows > 20 &&
        daily!.files.auth!.rejected > 0 &&
        daily!.files.flows!.rejected > 0,
      'the fixture exercises humans, series and rejects',
    );
    assert.deepEqual(stored.days.auth, [0, 1, 2, 3]);
    assert.notEqual(results[1]!.series_rows, daily!.series_rows);

    // No human host: the same input error, saying what the valid auth rows hold, as over a Parquet
    // store (the raw path tallies the files' lines, rejected ones too, so its counts differ).
    const none = { humanLogonTypes: ['NoSuchType'] };
    const fail = (options: AnalyzeOptions) =>
      analyze(options).then(
        () => assert.fail('analyze completed without a human host'),
        (e: Error) => e,
      );
    const store = join(tempDir('none-store'), 'store');
    await ingest({ data, out: store });
    const want = await fail({ store, out: join(tempDir('none-store-out'), 'out'), ...none });
    const have = await fail({ out: join(tempDir('none-cluster'), 'out'), clickhouse: connect('hostile'), ...none });
    assert.equal(want.name, 'InputError');
    assert.match(want.message, /0 human hosts.*"Interactive" \d+/);
    assert.equal(have.name, want.name);
    assert.equal(have.message, want.message);
  });

  test('hostile host, user and logon-type names round-trip as data, in a database named like an injection', async () => {
    const database = "peer'scope`; DROP DATABASE x; --";
    const data = hostileClusterData(3);
    // Hourly with another human rule is covered on the same fixture in load-cluster-tables.test.ts.
    const { results } = await assertSameAsRaw(data, database, [{ humanLogonTypes: ['Interactive', "Inter'active"] }]);
    assert.ok(results[0]!.humans > 5);
    const engine = await openClickHouse(connect(database));
    try {
      const hosts = await engine.query(`SELECT DISTINCT src_host FROM ${clickhouseQuote.table(database, 'auth')}`);
      const names = new Set(hosts.rows.map((r) => r[0]));
      for (const h of HOSTILE_HOSTS) assert.ok(names.has(h), `${JSON.stringify(h)} stored as itself`);
    } finally {
      await engine.close();
    }
  });

  test('13,000 human hosts (their literal set, in four uses, is past the default limit of 50,000 syntax-tree elements): identical outputs', async () => {
    const data = tempDir('many-hosts');
    const n = 13_000;
    const auth: string[] = [];
    const flows: string[] = [];
    for (let i = 0; i < n; i++) {
      auth.push(`${i},U${i}@DOM1,U${i}@DOM1,C${i},C${i},Kerberos,Interactive,LogOn,Success`);
      flows.push(`${i},1,C${i},N1,C999999,80,6,2,${100 + i}`);
    }
    writeFileSync(join(data, 'auth.txt'), auth.join('\n') + '\n');
    writeFileSync(join(data, 'flows.txt'), flows.join('\n') + '\n');
    const { results } = await assertSameAsRaw(data, 'many_hosts', [{ graphTables: false }]);
    assert.equal(results[0]!.humans, n);
  });

  test('a generated set (--scale 0.002 --days 3): identical outputs, daily and hourly', async () => {
    const data = join(tempDir('generated'), 'data');
    await generate({ out: data, scale: 0.002, days: 3, seed: 7 });
    const { results } = await assertSameAsRaw(data, 'generated', [{}, hourly]);
    assert.ok(results[0]!.humans > 20 && (results[0]!.compromised_humans ?? 0) > 0, JSON.stringify(results[0]!.humans));
    // Parsed on the main thread, the servers cutting the INSERTs into blocks of 1,000 rows (parts
    // of at most 1,000 rows): the same rows on the same shards, with the same per-day checksums.
    const serialLocal = join(tempDir('serial'), 'local');
    await ingestCluster({
      data,
      out: serialLocal,
      clickhouse: connect('generated_serial'),
      threads: 1,
      insertBlockRows: 1000,
    });
    await assertPlacement('generated_serial');
    const a = await checks('generated'),
      b = await checks('generated_serial');
    assert.ok((a['auth@0'] as unknown[]).length > 0 && (a['flows@1'] as unknown[]).length > 0, 'both shards hold rows');
    assert.deepEqual(b, a);
    const engine = await openClickHouse(connect('generated_serial'));
    try {
      for (let shard = 0; shard < engine.shardUrls.length; shard++) {
        await engine.run('SYSTEM FLUSH LOGS', { shard });
        const [[parts, largest, rows]] = (
          await engine.query(
            `SELECT toInt64(count()), toInt64(max(rows)), toInt64(sum(rows)) FROM system.part_log WHERE event_type = 1 AND database = ${clickhouseQuote.string('generated_serial')} AND table = ${clickhouseQuote.string(CLICKHOUSE_TABLES.auth.local)}`,
            { shard },
          )
        ).rows as [[number, number, number]];
        assert.ok(Number(largest) <= 1000, `shard ${shard}: a part of ${largest} rows`);
        assert.ok(
          Number(parts) >= Number(rows) / 1000 && Number(rows) > 3000,
          `shard ${shard}: ${parts} parts, ${rows} rows`,
        );
      }
    } finally {
      await engine.close();
    }
  });

  test('an ingest killed with SIGKILL resumes: same rows and checksums per day and shard as an uninterrupted run', async () => {
    const data = hostileData(5);
    const cleanLocal = join(tempDir('clean'), 'local');
    await ingestCluster({ data, out: cleanLocal, clickhouse: connect('clean') });

    const local = join(tempDir('killed'), 'local');
    const child = spawn(process.execPath, cli(['ingest', data, '--out', local, '-q', ...flags('killed')]), {
      env: { ...process.env, PEERSCOPE_INGEST_PARTITION_DELAY_MS: '1500' },
      stdio: 'ignore',
    });
    const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
    const engine: ClusterEngine = await openClickHouse({ ...connect('killed') });
    try {
      const storedDays = async () => {
        try {
          return Number((await engine.query('SELECT count() FROM killed.ingest_days', { shard: 0 })).rows[0]?.[0]);
        } catch {
          return 0;
        }
      };
      const t0 = Date.now();
      while ((await storedDays()) < 1 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 20));
      assert.ok((await storedDays()) >= 1, 'a day was stored');
      child.kill('SIGKILL');
      assert.equal(await exited, 'SIGKILL');
      assert.equal((await readClusterStore(engine)).status, 'unfinished');
      assert.ok(!existsSync(join(local, 'manifest.json')), 'killed before the end');
      // What a kill in the middle of a day's INSERT leaves: part of a day that is not recorded.
      await engine.run(
        'INSERT INTO killed.auth SELECT * FROM clean.auth WHERE toInt64(floor(time / 86400)) = 3 ORDER BY file, line LIMIT 7',
      );
    } finally {
      await engine.close();
    }

    const rerun = spawnSync(process.execPath, cli(['ingest', data, '--out', local, ...flags('killed')]), {
      encoding: 'utf8',
    });
    assert.equal(rerun.status, 0, rerun.stderr);
    assert.match(rerun.stdout, /\(\d+ kept from an earlier run\)/);
    const want = await checks('clean');
    assert.deepEqual(await checks('killed'), want);
    assert.ok(
      (want['auth@0'] as unknown[]).length > 0 && (want['auth@1'] as unknown[]).length > 0,
      'both shards hold rows',
    );
    const manifest = (dir: string) => {
      const m = JSON.parse(readFileSync(join(dir, 'manifest.json'), 'utf8'));
      return { ...m, seq: undefined, cluster: { ...m.cluster, database: undefined } };
    };
    assert.deepEqual(manifest(local), manifest(cleanLocal));
    assert.deepEqual(snapshotTree(join(local, 'rejected')), snapshotTree(join(cleanLocal, 'rejected')));
    const again = await ingestCluster({ data, out: join(tempDir('again'), 'local'), clickhouse: connect('clean') });
    assert.equal(again.resumed_days, 0, 'a complete store is left as it is');
    assert.deepEqual(await checks('clean'), want);
  });

  test('an unknown cluster name is one line and exit code 3', async () => {
    const options = { ...connect('x'), cluster: 'no_such_cluster' };
    const message =
      /^ClickHouse at http:\/\/127\.0\.0\.1:\d+ has no cluster "no_such_cluster" in remote_servers \(it has: .*peerscope/;
    await assert.rejects(
      ingestCluster({ data: hostileData(2), out: join(tempDir('unknown'), 'local'), clickhouse: options }),
      (e: Error) => oneLineExit3(e, message),
    );
    const args = flags('x');
    args[args.indexOf('--cluster') + 1] = 'no_such_cluster';
    const r = spawnSync(process.execPath, cli(['analyze', '--out', join(tempDir('unknown-out'), 'out'), ...args]), {
      encoding: 'utf8',
    });
    assert.equal(r.status, 3, r.stderr);
    assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
    assert.match(r.stderr.replace(/^peerscope: /, ''), message);
  });
});

/** An EnvironmentError of one line matching `message`, which the CLI ends with exit code 3. */
function oneLineExit3(error: Error, message: RegExp): boolean {
  assert.equal(error.name, 'EnvironmentError');
  assert.equal(exitCodeFor(error), 3);
  assert.ok(!error.message.includes('\n'), error.message);
  assert.match(error.message, message);
  return true;
}

test('an unreachable ClickHouse server is one line and exit code 3, for ingest and analyze', async () => {
  const data = hostileData(2);
  const message = /^ClickHouse at http:\/\/127\.0\.0\.1:9 is unreachable \(ECONNREFUSED\)/;
  const clickhouse = { url: 'http://127.0.0.1:9', cluster: 'peerscope' };
  await assert.rejects(analyze({ out: join(tempDir('unreachable-out'), 'out'), clickhouse }), (e: Error) =>
    oneLineExit3(e, message),
  );
  const args = ['--engine', 'clickhouse', '--clickhouse', clickhouse.url, '--cluster', clickhouse.cluster];
  const r = spawnSync(
    process.execPath,
    cli(['ingest', data, '--out', join(tempDir('unreachable'), 'local'), ...args]),
    {
      encoding: 'utf8',
    },
  );
  assert.equal(r.status, 3, r.stderr);
  assert.equal(r.stderr.trimEnd().split('\n').length, 1, r.stderr);
  assert.match(r.stderr.replace(/^peerscope: /, ''), message);
  const usage = spawnSync(
    process.execPath,
    cli(['analyze', '--out', join(tempDir('usage'), 'out'), '--engine', 'clickhouse']),
    {
      encoding: 'utf8',
    },
  );
  assert.equal(usage.status, 2, usage.stderr);
  assert.match(usage.stderr, /--engine clickhouse needs --cluster NAME/);
});
