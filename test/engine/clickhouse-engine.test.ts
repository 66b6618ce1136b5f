import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { EnvironmentError, exitCodeFor } from '../../src/errors.js';
import {
  clickhouseQuote as q,
  murmurHash3x86_32,
  openClickHouse,
  type ClusterEngine,
  type ClusterRows,
} from '../../src/engine/index.js';
import { CLICKHOUSE_SKIP, startTestCluster, type TestCluster } from './clickhouse-test-cluster.js';

/** A loopback port nothing listens on (bound, then released). */
async function deadPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as { port: number };
  await new Promise((done) => server.close(done));
  return port;
}

/** The error an async call rejects with. */
async function failure(fn: () => Promise<unknown>): Promise<Error> {
  try {
    await fn();
  } catch (error) {
    return error as Error;
  }
  assert.fail('expected a rejection');
}

test('a URL that is not http(s) is a UsageError naming it', async () => {
  for (const url of ['127.0.0.1:8123', 'ftp://h:1', 'http://u:p@127.0.0.1:8123']) {
    const e = await failure(() => openClickHouse({ url, cluster: 'peerscope' }));
    assert.equal(e.name, 'UsageError', url);
    assert.equal(exitCodeFor(e), 2);
  }
});

test('an unreachable server is a one-line EnvironmentError, exit code 3', async () => {
  const url = `http://127.0.0.1:${await deadPort()}`;
  const e = await failure(() => openClickHouse({ url, cluster: 'peerscope' }));
  assert.equal(e.name, 'EnvironmentError');
  assert.equal(
    e.message,
    `ClickHouse at ${url} is unreachable (ECONNREFUSED); is the server running and the URL right?`,
  );
  assert.equal(exitCodeFor(e), 3);
});

describe('ClickHouse engine against a 2-shard 18.16 cluster', { skip: CLICKHOUSE_SKIP }, () => {
  let cluster: TestCluster;
  let engine: ClusterEngine;
  before(async () => {
    cluster = startTestCluster(2);
    engine = await openClickHouse({
      url: cluster.url,
      cluster: cluster.cluster,
      shardUrls: [...cluster.shardUrls].reverse(),
      database: 'engine_test',
    });
  });
  after(async () => {
    await engine?.close();
    cluster?.stop();
  });

  test('opens with shard URLs in any order, put in shard order; reports the version', () => {
    assert.deepEqual(engine.shardUrls, cluster.shardUrls);
    assert.match(engine.version, /^\d+\.\d+/);
    assert.equal(engine.cluster, 'peerscope');
  });

  test('an unknown cluster, wrong credentials and wrong shard URLs are one-line EnvironmentErrors (exit 3)', async () => {
    const cases: [Parameters<typeof openClickHouse>[0], RegExp][] = [
      [
        { url: cluster.url, cluster: "nope'" },
        /^ClickHouse at http:\/\/127\.0\.0\.1:\d+ has no cluster "nope'" in remote_servers \(it has: peerscope\)$/,
      ],
      [
        { url: cluster.url, cluster: 'peerscope', user: 'mallory' },
        /refused the credentials \(code 192: Unknown user mallory\); set CLICKHOUSE_USER and CLICKHOUSE_PASSWORD$/,
      ],
      [
        { url: cluster.url, cluster: 'peerscope', shardUrls: [cluster.url, cluster.url] },
        /are both shard 1 of cluster "peerscope"/,
      ],
      [
        { url: cluster.url, cluster: 'peerscope', shardUrls: [cluster.url] },
        /^no URL given for shard 2 of cluster "peerscope" \(2 shards\)$/,
      ],
      // Default shard URLs are each shard's host at the main URL's port: on this loopback cluster both are the first server.
      [{ url: cluster.url, cluster: 'peerscope' }, /are both shard 1/],
    ];
    for (const [options, pattern] of cases) {
      const e = await failure(() => openClickHouse(options));
      assert.equal(e.name, 'EnvironmentError', e.message);
      assert.match(e.message, pattern);
      assert.ok(!e.message.includes('\n'), 'one line');
      assert.equal(exitCodeFor(e), 3);
    }
  });

  test("murmurHash3x86_32 is the server's murmurHash3_32 on hostile, random and long byte strings", async () => {
    // Seeded random bytes of every length 0-40 (every tail length, several blocks), UTF-8 and quotes.
    let seed = 12345;
    const next = () => ((seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) >>> 16) & 0xff;
    const strings: Buffer[] = ["C1'); DROP TABLE x; --", 'C\\2', 'é€🦆', '', 'x'.repeat(1000)].map((t) =>
      Buffer.from(t),
    );
    for (let len = 0; len <= 40; len++) strings.push(Buffer.from(Array.from({ length: len }, next)));
    const hex = strings.map((b) => `unhex(${q.string(b.toString('hex'))})`);
    const server = await engine.query(`SELECT ${hex.map((h) => `toString(murmurHash3_32(${h}))`).join(', ')}`);
    const want = server.rows[0]!.map(Number);
    assert.equal(want.length, strings.length);
    assert.deepEqual(
      strings.map((b) => murmurHash3x86_32(b, 0, b.length)),
      want,
    );
    // A range inside a larger buffer hashes as the bytes alone.
    const framed = Buffer.concat([Buffer.from('ab,'), strings[0]!, Buffer.from(',cd')]);
    assert.equal(murmurHash3x86_32(framed, 3, 3 + strings[0]!.length), want[0]);
  });

  test('a failed query is a QueryError carrying the SQL and the server code', async () => {
    const sql = `SELECT * FROM ${q.table('engine_test', 'missing')}`;
    const e = (await failure(() => engine.query(sql))) as Error & { sql: string };
    assert.equal(e.name, 'QueryError');
    assert.equal(e.sql, sql);
    assert.match(e.message, /^ClickHouse query failed \(code 81\): Database engine_test doesn't exist/);
    assert.equal(exitCodeFor(e), 4);
    // An error after the first rows would be text inside the rows without wait_end_of_query.
    const late = await failure(() =>
      engine.query('SELECT number, throwIf(number = 150000) FROM system.numbers LIMIT 200000'),
    );
    assert.equal(late.name, 'QueryError');
    assert.match(late.message, /code 395/);
  });

  test('rows come back typed: Int64 beyond 2^53 as bigint, floats, NULL, escaped text', async () => {
    const text = "tab\there\nnewline \\ backslash ' quote \0 nul é";
    const result = await engine.query(
      `SELECT toInt64(9007199254740993) AS big, toInt64(-5) AS small, toUInt64(18446744073709551615) AS umax, toInt32(-7) AS i32, toUInt8(1) AS flag,
        toFloat64(1) / 3 AS third, nan AS not_a_number, -inf AS minus_inf, CAST(NULL AS Nullable(String)) AS nothing, '' AS empty, ${q.string(text)} AS text, '\\\\N' AS not_null`,
    );
    assert.deepEqual(
      result.columns.map((c) => [c.name, c.type, c.columnType]),
      [
        ['big', 'Int64', 'BIGINT'],
        ['small', 'Int64', 'BIGINT'],
        ['umax', 'UInt64', 'BIGINT'],
        ['i32', 'Int32', 'INTEGER'],
        ['flag', 'UInt8', 'INTEGER'],
        ['third', 'Float64', 'DOUBLE'],
        ['not_a_number', 'Float64', 'DOUBLE'],
        ['minus_inf', 'Float64', 'DOUBLE'],
        ['nothing', 'Nullable(String)', 'VARCHAR'],
        ['empty', 'String', 'VARCHAR'],
        ['text', 'String', 'VARCHAR'],
        ['not_null', 'String', 'VARCHAR'],
      ],
    );
    assert.deepEqual(result.rows, [
      [9007199254740993n, -5, 18446744073709551615n, -7, 1, 1 / 3, NaN, -Infinity, null, '', text, '\\N'],
    ]);
  });

  test('queryBatches hands over every row in batches of the size asked; an empty result is one empty batch with its columns', async () => {
    const sizes: number[] = [];
    let sum = 0;
    const n = await engine.queryBatches(
      'SELECT number AS n FROM system.numbers LIMIT 100003',
      (batch: ClusterRows) => {
        sizes.push(batch.rows.length);
        for (const [v] of batch.rows) sum += Number(v);
      },
      { batchRows: 10000 },
    );
    assert.equal(n, 100003);
    assert.deepEqual(sizes, [...Array(10).fill(10000), 3]);
    assert.equal(sum, (100002 * 100003) / 2);
    const empty: ClusterRows[] = [];
    assert.equal(
      await engine.queryBatches('SELECT toInt64(number) AS x FROM system.numbers LIMIT 0', (b) => void empty.push(b)),
      0,
    );
    assert.deepEqual(empty, [{ columns: [{ name: 'x', type: 'Int64', columnType: 'BIGINT' }], rows: [] }]);
  });

  test('queryToFile writes the result as the server sends it and returns its columns; a full local disk is exit 3', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'peerscope-result-')), 'r.tsv');
    const columns = await engine.queryToFile(
      `SELECT toInt64(number) AS n, concat('a\tb', toString(number)) AS s FROM system.numbers LIMIT 3`,
      file,
    );
    assert.deepEqual(
      columns.map((c) => [c.name, c.type, c.columnType]),
      [
        ['n', 'Int64', 'BIGINT'],
        ['s', 'String', 'VARCHAR'],
      ],
    );
    assert.equal(readFileSync(file, 'utf8'), 'n\ts\nInt64\tString\n0\ta\\tb0\n1\ta\\tb1\n2\ta\\tb2\n');
    await assert.rejects(
      engine.queryToFile('SELECT number FROM system.numbers LIMIT 100000', '/dev/full'),
      (error: unknown) =>
        error instanceof EnvironmentError && exitCodeFor(error) === 3 && /\/dev\/full/.test(error.message),
    );
  });

  test('per-statement settings reach the server, on the main URL and on a shard', async () => {
    const sql = "SELECT value FROM system.settings WHERE name = 'max_threads'";
    assert.deepEqual((await engine.query(sql, { settings: { max_threads: 3 } })).rows, [['3']]);
    assert.deepEqual((await engine.query(sql, { shard: 1, settings: { max_threads: 5 } })).rows, [['5']]);
    let seen: unknown;
    await engine.queryBatches(sql, (b) => void (seen = b.rows), { settings: { max_threads: 7 } });
    assert.deepEqual(seen, [['7']]);
  });

  test('runOnShards runs a statement on every shard over its own URL', async () => {
    await engine.runOnShards(`CREATE DATABASE IF NOT EXISTS ${q.ident('engine_test')}`);
    await engine.runOnShards(`CREATE TABLE ${q.table('engine_test', 'here')} (x Int64) ENGINE = Memory`);
    for (const shard of [0, 1]) {
      await engine.run(`INSERT INTO ${q.table('engine_test', 'here')} VALUES (${shard})`, { shard });
      const { rows } = await engine.query(`SELECT x FROM ${q.table('engine_test', 'here')}`, { shard });
      assert.deepEqual(rows, [[shard]]);
    }
    await assert.rejects(engine.query('SELECT 1', { shard: 2 }), /shard 2 does not exist/);
  });

  test('a server that went away is an EnvironmentError on the next query', async () => {
    cluster.stop();
    const e = await failure(() => engine.query('SELECT 1'));
    assert.equal(e.name, 'EnvironmentError', e.message);
    assert.match(e.message, /is unreachable \(ECONNREFUSED\)|closed the connection/);
  });
});
