import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { clickhouseQuote as q, openClickHouse, type ClusterEngine } from '../../src/engine/index.js';
import { CLICKHOUSE_SKIP, startTestCluster, type TestCluster } from './clickhouse-test-cluster.js';

/** Seeded xorshift32 in [0, 1). */
function random(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    return s / 2 ** 32;
  };
}

/** Hostile strings: injections, every control character, escapes that must stay literal, Unicode and a 4 KiB one. */
function hostileStrings(): string[] {
  const rand = random(13);
  const big = Array.from({ length: 4096 }, () => String.fromCharCode(Math.floor(rand() * 0x7f))).join('');
  return [
    "C1'); DROP TABLE x; --",
    "C1\\'); DROP TABLE x; --",
    '',
    "'",
    "''",
    '\\',
    'a\\',
    "\\'",
    '\\x41 \\n \\0 \\N',
    '`',
    '"quoted"',
    'line\nfeed\r\nand\ttab',
    '\0NUL\0',
    Array.from({ length: 32 }, (_, i) => String.fromCharCode(i)).join('') + '\x7f',
    '{v:String} $1 ? :name',
    '-- comment /* block */ #',
    'é 日本 🦆 \u2028\u2029 \ufeff',
    big,
  ];
}

test('clickhouseQuote.string escapes backslash, quote and control characters, and keeps the rest', () => {
  assert.equal(q.string("C1'); DROP TABLE x; --"), "'C1\\'); DROP TABLE x; --'");
  assert.equal(q.string('a\\b'), "'a\\\\b'");
  assert.equal(q.string('\n\r\t\0\x01\x1f\x7f'), "'\\n\\r\\t\\0\\x01\\x1f\\x7f'");
  assert.equal(q.string('é🦆`"'), "'é🦆`\"'");
  assert.throws(() => q.string('\ud800x'), /lone surrogate/);
  assert.throws(() => q.string(5 as unknown as string), /expected a string/);
});

test('quoted text is printable, one literal, whatever the input', () => {
  const rand = random(7);
  for (let n = 0; n < 2000; n++) {
    const s = Array.from({ length: Math.floor(rand() * 20) }, () =>
      String.fromCharCode(Math.floor(rand() * 0xd7ff)),
    ).join('');
    const quoted = q.string(s);
    assert.ok(
      ![...quoted].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f),
      `control character in ${JSON.stringify(quoted)}`,
    );
    // Outside escapes, a quote appears only at both ends.
    const body = quoted.slice(1, -1).replace(/\\./g, '');
    assert.ok(!body.includes("'"), `unescaped quote in ${JSON.stringify(quoted)}`);
    assert.ok(quoted.startsWith("'") && quoted.endsWith("'"));
  }
});

test('clickhouseQuote.ident backquotes and escapes; bytes writes invalid UTF-8 as \\x escapes', () => {
  assert.equal(q.ident('src_host'), '`src_host`');
  assert.equal(q.ident('we`ird\\'), '`we\\`ird\\\\`');
  assert.equal(q.ident('a\nb'), '`a\\nb`');
  assert.equal(q.table('peerscope', 'auth'), '`peerscope`.`auth`');
  assert.throws(() => q.ident(''), /empty/);
  assert.equal(q.bytes(Buffer.from([0x41, 0xff, 0x27, 0x5c, 0x00, 0x7e])), "'A\\xff\\'\\\\\\x00~'");
});

test('clickhouseQuote.number: finite only, exact integers, negatives parenthesised; value and array', () => {
  assert.equal(q.number(86400), '86400');
  assert.equal(q.number(-5), '(-5)');
  assert.equal(q.number(-0), '0');
  assert.equal(q.number(0.1), '(0.1)');
  assert.equal(q.number(-1e-300), '(-1e-300)');
  assert.equal(q.number(5e-324), '((2.0501330894674953e-143) * 2.409919865102884e-181)');
  assert.equal(q.number(2n ** 64n - 1n), '18446744073709551615');
  assert.equal(q.number(-(2n ** 63n)), '(-9223372036854775808)');
  for (const bad of [NaN, Infinity, -Infinity]) assert.throws(() => q.number(bad), /not a finite number/);
  assert.equal(q.number(2 ** 53 + 2), '(9.007199254740994e+15)');
  assert.equal(q.number(1.7976931348623157e308), '(1.7976931348623157e+308)');
  assert.throws(() => q.number(2n ** 64n), /outside Int64\/UInt64/);
  assert.throws(() => q.number('5' as unknown as number), /not a finite number/);
  assert.equal(q.value(null), 'NULL');
  assert.equal(q.value(true), '1');
  assert.equal(q.array(['a', 1, null, ["b'"]]), "['a', 1, NULL, ['b\\'']]");
  assert.equal(q.inList('logon_type', []), '0');
  assert.equal(q.inList('logon_type', ['Interactive', "x'"]), "has(['Interactive', 'x\\''], logon_type)");
});

describe('clickhouseQuote against the 18.16 server', { skip: CLICKHOUSE_SKIP }, () => {
  let cluster: TestCluster;
  let engine: ClusterEngine;
  const db = "quote db'; --";
  before(async () => {
    cluster = startTestCluster(1);
    engine = await openClickHouse({
      url: cluster.url,
      cluster: cluster.cluster,
      shardUrls: cluster.shardUrls,
      database: db,
    });
    await engine.run(`CREATE DATABASE ${q.ident(db)}`);
  });
  after(async () => {
    await engine?.close();
    cluster?.stop();
  });

  test('hostile strings, bytes and numbers round-trip as data through INSERT and SELECT', async () => {
    const table = q.table(db, 'we`ird\\ table\n');
    const text = "c'ol\t`x`";
    await engine.run(`CREATE TABLE ${q.table(db, 'x')} (a Int64) ENGINE = Memory`);
    await engine.run(
      `CREATE TABLE ${table} (id Int64, ${q.ident(text)} String, i Int64, u UInt64, f Float64) ENGINE = Memory`,
    );
    const strings = hostileStrings();
    const invalid = [
      Buffer.from([0xff, 0xfe]),
      Buffer.from([0xc3, 0x28]),
      Buffer.from([0x80, 0x27, 0x5c, 0x00]),
      Buffer.from([0xed, 0xa0, 0x80]),
    ];
    const values: (string | Buffer)[] = [...strings, ...invalid];
    const ints = [0, -5, 2 ** 53 - 1, -(2 ** 53 - 1)];
    const floats = [0.1, -1e-300, 1.7976931348623157e308, 5e-324];
    const rows = values.map(
      (v, id) =>
        `(${id}, ${q.value(v)}, ${q.number(ints[id % ints.length]!)}, ${q.number(id === 0 ? 2n ** 64n - 1n : BigInt(id))}, ${q.number(floats[id % floats.length]!)})`,
    );
    await engine.run(`INSERT INTO ${table} (id, ${q.ident(text)}, i, u, f) VALUES ${rows.join(', ')}`);

    const back = await engine.query(
      `SELECT id, hex(${q.ident(text)}) AS h, ${q.ident(text)} AS s, toString(i) AS i, toString(u) AS u, f FROM ${table} ORDER BY id`,
    );
    assert.equal(back.rows.length, values.length);
    for (const [id, v] of values.entries()) {
      const row = back.rows[id]!;
      const bytes = typeof v === 'string' ? Buffer.from(v, 'utf8') : v;
      assert.equal(
        row[1],
        bytes.toString('hex').toUpperCase(),
        `value ${id} ${JSON.stringify(String(v).slice(0, 40))} came back as other bytes`,
      );
      if (typeof v === 'string') assert.equal(row[2], v, `value ${id} read back through TSV`);
      assert.equal(row[3], String(ints[id % ints.length]));
      assert.equal(row[4], id === 0 ? '18446744073709551615' : String(id));
      assert.equal(row[5], floats[id % floats.length]);
    }
    // The quoted value also matches in a WHERE clause, and the "injections" ran nothing.
    for (const v of values) {
      const [[n]] = (await engine.query(`SELECT count() FROM ${table} WHERE ${q.ident(text)} = ${q.value(v)}`))
        .rows as [[number]];
      assert.equal(n, 1, `WHERE = ${JSON.stringify(String(v).slice(0, 40))}`);
    }
    const tables = (
      await engine.query(`SELECT name FROM system.tables WHERE database = ${q.string(db)} ORDER BY name`)
    ).rows.map((r) => r[0]);
    assert.deepEqual(tables, ['we`ird\\ table\n', 'x']);
  });

  test('random doubles (subnormal, huge, integral) come back exact from a SELECT and through VALUES', async () => {
    const rand = random(99);
    const view = new DataView(new ArrayBuffer(8));
    const xs: number[] = [
      5e-324,
      -2.2250738585072014e-308,
      2 ** 53 + 2,
      -(2 ** 70),
      1.7976931348623157e308,
      0.1,
      1 / 3,
    ];
    while (xs.length < 1500) {
      view.setUint32(0, Math.floor(rand() * 2 ** 32));
      view.setUint32(4, Math.floor(rand() * 2 ** 32));
      const x = view.getFloat64(0);
      if (Number.isFinite(x)) xs.push(x);
    }
    const selected = await engine.query(`SELECT ${xs.map((x, i) => `toFloat64(${q.number(x)}) AS c${i}`).join(', ')}`);
    assert.deepEqual(selected.rows[0], xs);
    await engine.run(`CREATE TABLE ${q.table(db, 'floats')} (i Int64, f Float64) ENGINE = Memory`);
    await engine.run(
      `INSERT INTO ${q.table(db, 'floats')} VALUES ${xs.map((x, i) => `(${i}, ${q.number(x)})`).join(', ')}`,
    );
    const stored = await engine.query(`SELECT f FROM ${q.table(db, 'floats')} ORDER BY i`);
    assert.deepEqual(
      stored.rows.map((r) => r[0]),
      xs,
    );
  });

  test('arrays and has() over hostile strings; the empty list is false', async () => {
    const strings = hostileStrings();
    const sql = strings.map(
      (s, i) =>
        `${q.inList(q.string(s), strings)} AND NOT ${q.inList(q.string(s + 'z'), strings.slice(i, i + 1))} AS c${i}`,
    );
    const [row] = (
      await engine.query(`SELECT ${sql.join(', ')}, ${q.inList("'a'", [])} AS none, length(${q.array(strings)}) AS n`)
    ).rows;
    assert.deepEqual(row, [...strings.map(() => 1), 0, strings.length]);
  });
});
