import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickhouseQuote as q, openClickHouse, type ClusterEngine } from '../../src/engine/index.js';
import { LOG_FORMATS } from '../../src/sources/log-formats.js';
import { scanBlock } from '../../src/sources/scan-block.js';
import {
  ClickHouseRowWriter,
  clickhouseDayChecks,
  createClickHouseTables,
  dropClickHouseDay,
  type ClickHouseRowWriterOptions,
  type ClusterKind,
} from '../../src/store/index.js';
import { CLICKHOUSE_SKIP, startTestCluster, type TestCluster } from '../engine/clickhouse-test-cluster.js';
import { random } from './cluster-fixtures.js';

/** Hands every valid line of `text` (one file, index `file`) to the writer, as the scanner would. */
function writeLines(writer: ClickHouseRowWriter, kind: ClusterKind, text: Buffer, file = 0): number {
  const result = scanBlock(
    text,
    LOG_FORMATS[kind],
    (buf, starts, ints, line) => writer.add(buf, starts, ints, file, line),
    0,
    0,
  );
  return result.rows;
}

/** Raw flows lines with bytes a text format must escape or a binary one must length-prefix. */
function hostileFlowLines(): Buffer[] {
  const long = (n: number) =>
    Buffer.from(Array.from({ length: n }, (_, i) => String.fromCharCode(0x41 + (i % 26))).join(''));
  const fields = (time: string, host: Buffer | string, port: Buffer | string, ints: [string, string, string]) =>
    Buffer.concat([
      Buffer.from(`${time},${ints[0]},`),
      Buffer.from(host),
      Buffer.from(',N1,C2,'),
      Buffer.from(port),
      Buffer.from(`,6,${ints[1]},${ints[2]}`),
    ]);
  return [
    fields('1', 'C\t1', '80', ['0', '1', '2']),
    fields('2', 'C\\2', '\\t', ['-1', '-9007199254740991', '9007199254740991']),
    fields('3', 'C"3\\n', 'x\\ry', ['5', '0', '4294967296']),
    // The scanner hands on valid UTF-8 only (no NUL, CR or other control byte but TAB), at most 4096 bytes a field.
    fields('4', 'Cé€🦆\u2028', '\u00a0\u00ff', ['-4294967297', '7', '-0']),
    fields('5', long(127), long(128), ['1', '2', '3']),
    fields('86400', long(4095), long(4096), ['1', '2', '3']),
    fields('86401', long(4096), '', ['1', '2', '3']),
    fields('-1', "C1'); DROP TABLE x; --", "'", ['1', '2', '3']),
  ];
}

describe('ClickHouseRowWriter on a 2-shard cluster', { skip: CLICKHOUSE_SKIP }, () => {
  let cluster: TestCluster;
  const engines: ClusterEngine[] = [];
  const open = async (database: string) => {
    const e = await openClickHouse({
      url: cluster.url,
      cluster: cluster.cluster,
      shardUrls: cluster.shardUrls,
      database,
    });
    engines.push(e);
    await createClickHouseTables(e);
    return e;
  };
  before(() => {
    cluster = startTestCluster(2);
  });
  after(async () => {
    for (const e of engines) await e.close();
    cluster?.stop();
  });

  for (const format of ['RowBinary', 'TabSeparated'] as const) {
    test(`${format}: every byte of every field arrives (tabs, backslashes, quotes, multi-byte UTF-8, 4 KiB fields, ±2^53 integers)`, async () => {
      const engine = await open(`writer_${format}`);
      const lines = hostileFlowLines();
      const writer = new ClickHouseRowWriter(engine, 'flows', { format, chunkBytes: 4096 });
      assert.equal(
        writeLines(writer, 'flows', Buffer.concat(lines.flatMap((l) => [l, Buffer.from('\n')]))),
        lines.length,
      );
      assert.equal(await writer.commit(), lines.length);
      const fields = LOG_FORMATS.flows.fields;
      const back = await engine.query(
        `SELECT line, ${fields.map((f) => `hex(toString(${q.ident(f)}))`).join(', ')} FROM ${q.table(engine.database, 'flows')} ORDER BY line`,
      );
      assert.equal(back.rows.length, lines.length);
      for (const [i, line] of lines.entries()) {
        // The truth: the raw line cut at its commas (no field of this fixture holds one).
        const parts: Buffer[] = [];
        for (let start = 0, k = line.indexOf(0x2c); ; k = line.indexOf(0x2c, start)) {
          parts.push(line.subarray(start, k === -1 ? line.length : k));
          if (k === -1) break;
          start = k + 1;
        }
        const want = parts.map((p, f) =>
          (LOG_FORMATS.flows.integers.includes(f) ? Buffer.from(String(Number(p.toString()))) : p)
            .toString('hex')
            .toUpperCase(),
        );
        assert.deepEqual(back.rows[i], [i + 1, ...want], `line ${i + 1}`);
      }
    });
  }

  test('both formats store the same rows; rows split about evenly over the shards; per-shard checks add up', async () => {
    const rand = random(21);
    const lines: string[] = [];
    for (let t = 0; lines.length < 40_000; t += Math.floor(rand() * 8)) {
      lines.push(
        `${t},U${Math.floor(rand() * 50)}@DOM1,U1@DOM1,C${Math.floor(rand() * 4000)},C${Math.floor(rand() * 4000)},Kerberos,Network,LogOn,${rand() < 0.1 ? 'Fail' : 'Success'}`,
      );
    }
    const text = Buffer.from(lines.join('\n') + '\n');
    const checks: Record<string, Awaited<ReturnType<typeof clickhouseDayChecks>>> = {};
    for (const format of ['RowBinary', 'TabSeparated'] as const) {
      const engine = await open(`split_${format}`);
      // Small buffers: many chunks, and the scan has to wait for the request.
      const options: ClickHouseRowWriterOptions = { format, chunkBytes: 8192, highWaterBytes: 16384 };
      const writer = new ClickHouseRowWriter(engine, 'auth', options);
      const half = text.indexOf('\n', text.length >> 1) + 1;
      writeLines(writer, 'auth', text.subarray(0, half), 0);
      await writer.settle();
      assert.ok(writer.stats.waits >= 1, 'settle waited for the request to drain');
      writeLines(writer, 'auth', text.subarray(half), 1);
      assert.equal(await writer.commit(), lines.length);
      assert.ok(writer.stats.chunks > 50, `${writer.stats.chunks} chunks`);
      checks[format] = await clickhouseDayChecks(engine, 'auth');

      const shards = await Promise.all(
        engine.shardUrls.map((_, shard) => clickhouseDayChecks(engine, 'auth', { shard })),
      );
      const rows = shards.map((days) => days.reduce((n, d) => n + d.rows, 0));
      assert.equal(rows[0]! + rows[1]!, lines.length);
      for (const n of rows)
        assert.ok(Math.abs(n / lines.length - 0.5) < 0.05, `a shard holds ${n} of ${lines.length} rows`);
      for (const day of checks[format]) {
        const parts = shards.map((days) => days.find((d) => d.day === day.day));
        assert.equal(
          parts.reduce((n, p) => n + (p?.rows ?? 0), 0),
          day.rows,
          `day ${day.day}: shard counts add up`,
        );
        assert.equal(
          parts.reduce((s, p) => (s + (p?.checksum ?? 0n)) % 2n ** 64n, 0n),
          day.checksum,
          `day ${day.day}: shard checksums add up mod 2^64`,
        );
      }
    }
    assert.deepEqual(checks.TabSeparated, checks.RowBinary);
    const days = new Map<number, number>();
    for (const l of lines) {
      const day = Math.floor(Number(l.slice(0, l.indexOf(','))) / 86400);
      days.set(day, (days.get(day) ?? 0) + 1);
    }
    assert.deepEqual(
      checks.RowBinary!.map((d) => [d.day, d.rows]),
      [...days.entries()].sort((a, b) => a[0] - b[0]),
    );
  });

  test('a day dropped from every shard and inserted again gives the same checks; the other days are untouched', async () => {
    const engine = await open('resume');
    const lines = Array.from(
      { length: 3000 },
      (_, i) => `${i * 90 - 5000},U${i % 7}@DOM1,U1@DOM1,C${i % 101},C${i % 13},?,Interactive,LogOn,Success`,
    );
    const text = Buffer.from(lines.join('\n'));
    const writer = new ClickHouseRowWriter(engine, 'auth');
    writeLines(writer, 'auth', text);
    await writer.commit();
    const before = await clickhouseDayChecks(engine, 'auth');
    assert.deepEqual(
      before.map((d) => d.day),
      [-1, 0, 1, 2, 3],
    );

    await dropClickHouseDay(engine, 'auth', 1);
    await dropClickHouseDay(engine, 'auth', -1);
    await dropClickHouseDay(engine, 'auth', 99);
    const dropped = await clickhouseDayChecks(engine, 'auth');
    assert.deepEqual(
      dropped,
      before.filter((d) => d.day !== 1 && d.day !== -1),
    );

    const again = lines.filter((l) => [-1, 1].includes(Math.floor(Number(l.split(',')[0]) / 86400)));
    // Line numbers must be the original ones: the checksum covers them.
    const redo = new ClickHouseRowWriter(engine, 'auth');
    scanBlock(
      text,
      LOG_FORMATS.auth,
      (buf, starts, ints, line) => {
        if ([-1, 1].includes(Math.floor(ints[0]! / 86400))) redo.add(buf, starts, ints, 0, line);
      },
      0,
      0,
    );
    assert.equal(await redo.commit(), again.length);
    assert.deepEqual(await clickhouseDayChecks(engine, 'auth'), before);
  });

  test('commit called inside the row handler at each day boundary makes one INSERT per day', async () => {
    const engine = await open('per_day');
    const lines = Array.from(
      { length: 4000 },
      (_, i) => `${i * 100 - 20000},U${i % 5}@DOM1,U1@DOM1,C${i % 37},C${i % 11},?,Network,LogOn,Success`,
    );
    const writer = new ClickHouseRowWriter(engine, 'auth', { chunkBytes: 2048, highWaterBytes: 4096 });
    const inserts: Promise<number>[] = [];
    let day: number | undefined;
    const text = Buffer.from(lines.join('\n'));
    let lineOffset = 0;
    for (let start = 0; start < text.length;) {
      const end = Math.min(text.length, text.indexOf(0x0a, start + 8192) + 1 || text.length);
      const r = scanBlock(
        text.subarray(start, end),
        LOG_FORMATS.auth,
        (buf, starts, ints, line) => {
          const d = Math.floor(ints[0]! / 86400);
          if (day !== undefined && d !== day) inserts.push(writer.commit());
          day = d;
          writer.add(buf, starts, ints, 0, line);
        },
        lineOffset,
        0,
      );
      lineOffset += r.lines;
      start = end;
      await writer.settle();
    }
    inserts.push(writer.commit());
    const perInsert = await Promise.all(inserts);
    const checks = await clickhouseDayChecks(engine, 'auth');
    assert.deepEqual(
      perInsert,
      checks.map((c) => c.rows),
    );
    assert.equal(checks.length, 6);
    assert.equal(
      perInsert.reduce((a, b) => a + b, 0),
      lines.length,
    );
  });

  test('a failed INSERT rejects settle and commit with the QueryError, without hanging', async () => {
    const engine = await open('failing');
    const writer = new ClickHouseRowWriter(engine, 'auth', {
      table: 'no_such_table',
      chunkBytes: 1024,
      highWaterBytes: 2048,
    });
    const text = Buffer.from(
      Array.from({ length: 5000 }, (_, i) => `${i},U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success`).join('\n'),
    );
    writeLines(writer, 'auth', text);
    await assert.rejects(
      (async () => {
        await writer.settle();
        await writer.commit();
      })(),
      (e: Error) =>
        e.name === 'QueryError' &&
        /code 60/.test(e.message) &&
        /no_such_table/.test((e as Error & { sql: string }).sql),
    );
  });
});

describe('ClickHouseRowWriter backpressure (an engine that reads slowly, no server)', () => {
  /** An engine whose INSERTs read their body one chunk per `delayMs` and count the bytes. */
  const slowEngine = (delayMs: number) => {
    const received: number[] = [];
    const engine = {
      shardUrls: ['http://fake'],
      async insert({ body }: { body: AsyncIterable<Uint8Array> | Iterable<Uint8Array> }) {
        let bytes = 0;
        for await (const chunk of body as AsyncIterable<Uint8Array>) {
          bytes += chunk.length;
          await new Promise((r) => setTimeout(r, delayMs));
        }
        received.push(bytes);
      },
    } as unknown as ClusterEngine;
    return { engine, received };
  };
  /** Fails instead of hanging: a promise the writer never settles would end the process (exit 13). */
  const within = <T>(p: Promise<T>, ms: number, what: string) =>
    Promise.race([
      p,
      new Promise<never>((_, reject) => setTimeout(() => reject(new Error(`${what} did not settle in ${ms} ms`)), ms)),
    ]);

  test('settle after a commit that ended a full INSERT returns (the last day of a kind)', async () => {
    const { engine, received } = slowEngine(1);
    const writer = new ClickHouseRowWriter(engine, 'auth', { highWaterBytes: 1024 });
    // More than the high-water mark in one push: the stream reports full.
    writer.addEncoded(new Uint8Array(4096), 10);
    const rows = await within(writer.commit(), 5000, 'commit');
    assert.equal(rows, 10);
    // Nothing is queued any more: settle must not wait for room in an INSERT that has ended.
    await within(writer.settle(), 5000, 'settle');
    assert.deepEqual(received, [4096]);
  });

  test('settle waits while the open INSERT is behind and returns when it drains', async () => {
    const { engine, received } = slowEngine(5);
    const writer = new ClickHouseRowWriter(engine, 'auth', { highWaterBytes: 1024 });
    for (let i = 0; i < 20; i++) {
      writer.addEncoded(new Uint8Array(512), 1);
      await within(writer.settle(), 5000, `settle ${i}`);
    }
    assert.ok(writer.stats.waits > 0, 'the writer never had to wait: the test does not exercise backpressure');
    assert.equal(await within(writer.commit(), 5000, 'commit'), 20);
    assert.deepEqual(received, [20 * 512]);
  });
});
