import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { ByteInterner } from '../../src/sources/byte-interner.js';
import { ColumnBlockBuilder } from '../../src/store/column-block-builder.js';
import { DayColumns, FRAME_HEADER_BYTES, type SpooledDay } from '../../src/store/day-columns.js';
import { ParquetDayWriter } from '../../src/store/parquet-day-writer.js';
import { STORE_FILES } from '../../src/store/store-format.js';
import { LOG_FORMATS } from '../../src/sources/log-formats.js';
import { scanBlock } from '../../src/sources/scan-block.js';
import { createRandom } from '../../src/stats/index.js';
import { tempDir } from '../helpers/temp-dir.js';

type Row = { file: number; line: number; fields: string[] };

/** Decodes a day spool back into rows: the truth is the text the rows came from. */
function readSpool(day: SpooledDay, ints: number, texts: number): Row[] {
  const bytes = readFileSync(day.spoolPath);
  const buf = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  const rows: Row[] = [];
  let o = 0;
  while (o < buf.byteLength) {
    const [n, file, offset] = new Float64Array(buf, o, 3);
    o += FRAME_HEADER_BYTES;
    const lines = new Float64Array(buf, o, n);
    o += n! * 8;
    const intCols = Array.from({ length: ints }, (_, k) => new Float64Array(buf, o + k * n! * 8, n));
    o += ints * n! * 8;
    const idCols = Array.from({ length: texts }, (_, k) => new Uint32Array(buf, o + k * n! * 4, n));
    o += texts * n! * 4;
    for (let r = 0; r < n!; r++) {
      const fields = [String(intCols[0]![r]), ...idCols.map((ids, k) => day.dictionaries[k]![ids[r]!]!)];
      rows.push({ file: file!, line: offset! + lines[r]!, fields });
    }
  }
  return rows;
}

test("ByteInterner (the ingest threads' dictionaries) numbers byte strings in first-seen order, as a Map of the strings does", () => {
  const random = createRandom(7);
  const dict = new ByteInterner();
  let reported = 0;
  const takeNew = () => {
    const added = dict.namesFrom(reported);
    reported = dict.size;
    return added;
  };
  const truth = new Map<string, number>();
  const added: string[] = [];
  for (let i = 0; i < 50_000; i++) {
    // Short strings over a small alphabet: many repeats, equal lengths, hash collisions in small tables.
    const s = Array.from({ length: Math.floor(random() * 6) }, () => 'ab€c'[Math.floor(random() * 4)]).join('');
    const b = Buffer.from(`,${s},`);
    if (!truth.has(s)) truth.set(s, truth.size);
    assert.equal(dict.intern(b, 1, b.length - 1), truth.get(s));
    if (i % 1000 === 0) added.push(...takeNew());
  }
  added.push(...takeNew());
  assert.deepEqual(added, [...truth.keys()]);
  assert.equal(dict.size, truth.size);
});

test('rows from two scan threads are spooled per day, ids renumbered per day in order of appearance', async () => {
  const store = tempDir('day-columns');
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  const format = LOG_FORMATS.auth;
  const random = createRandom(3);
  const names = ['U1@D', 'U2@D', 'C7', '', 'Ünïcode', '?'];
  const pick = () => names[Math.floor(random() * names.length)]!;
  // 5 blocks of 40 lines, days 0, 0, 1, 1, 3 by block (day 1 starting mid-block 2).
  const blocks = Array.from({ length: 5 }, (_, b) =>
    Array.from({ length: 40 }, (_, i) => {
      const time = b < 2 ? b * 100 + i : b < 4 ? 86400 + b * 100 + i : 3 * 86400 + i;
      const t = b === 1 && i >= 30 ? 86400 + i : time;
      return [t, pick(), pick(), pick(), pick(), pick(), pick(), pick(), pick()].join(',');
    }),
  );
  const converted: { day: SpooledDay; rows: Row[] }[] = [];
  const spool = new DayColumns(store, 'auth', 8, async (day) => {
    converted.push({ day, rows: readSpool(day, 1, 8) });
    writeFileSync(day.final, 'parquet');
  });
  // Blocks alternate between two threads' builders (dictionaries 1 and 2).
  const builders = [new ColumnBlockBuilder(format, 1), new ColumnBlockBuilder(format, 2)];
  const expected = new Map<number, Row[]>();
  let lineOffset = 0;
  blocks.forEach((lines, b) => {
    const builder = builders[b % 2]!;
    scanBlock(
      Buffer.from(lines.join('\n') + '\n'),
      format,
      (buf, s, ints, line) => builder.add(buf, s, ints, line),
      0,
      0,
    );
    spool.addBlock(builder.take().block, 4, lineOffset, 'auth.txt');
    lines.forEach((text, i) => {
      const fields = text.split(',');
      const day = Math.floor(Number(fields[0]) / 86400);
      if (!expected.has(day)) expected.set(day, []);
      expected.get(day)!.push({ file: 4, line: lineOffset + i + 1, fields });
    });
    lineOffset += lines.length;
  });
  await spool.finish();
  assert.deepEqual(spool.partitions, ['auth/day=00000.parquet', 'auth/day=00001.parquet', 'auth/day=00003.parquet']);
  assert.deepEqual(
    converted.map((c) => c.day.day),
    [0, 1, 3],
  );
  for (const { day, rows } of converted) {
    assert.deepEqual(rows, expected.get(day.day));
    assert.equal(day.rows, rows.length);
    // Each field's dictionary: the day's distinct values in order of first appearance.
    for (let k = 0; k < 8; k++) {
      assert.deepEqual(day.dictionaries[k], [...new Set(rows.map((r) => r.fields[k + 1]!))]);
    }
  }
});

test('a day whose partition exists is skipped; a day after a later one is an input error naming the line', async () => {
  const store = tempDir('day-columns-resume');
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  mkdirSync(join(store, 'auth'), { recursive: true });
  writeFileSync(join(store, 'auth', 'day=00003.parquet'), 'from an earlier run');
  const converted: number[] = [];
  const spool = new DayColumns(store, 'auth', 8, async (day) => {
    converted.push(day.day);
    writeFileSync(day.final, 'parquet');
  });
  const builder = new ColumnBlockBuilder(LOG_FORMATS.auth, 0);
  const add = (text: string, lineOffset: number) => {
    scanBlock(Buffer.from(text), LOG_FORMATS.auth, (b, s, i, l) => builder.add(b, s, i, l), 0, 0);
    spool.addBlock(builder.take().block, 0, lineOffset, 'auth.txt');
  };
  add(`${3 * 86400},a,a,a,a,a,a,a,a\n${4 * 86400},a,a,a,a,a,a,a,a\n`, 0);
  assert.throws(
    () => add(`${2 * 86400},a,a,a,a,a,a,a,a\n`, 2),
    (e: Error) => e.name === 'InputError' && /^auth\.txt line 3: time is in day 2, after day 4 began/.test(e.message),
  );
  await spool.finish();
  assert.equal(spool.skipped, 1);
  assert.deepEqual(converted, [4]);
  assert.equal(readFileSync(join(store, 'auth', 'day=00003.parquet'), 'utf8'), 'from an earlier run');
  assert.ok(existsSync(join(store, 'auth', 'day=00004.parquet')));
});

test('ParquetDayWriter writes the spooled rows as DuckDB reads them back, for 1-, 2- and 4-byte dictionaries', async () => {
  const store = tempDir('day-writer');
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  const writer = await ParquetDayWriter.open(join(store, STORE_FILES.spool, 'duckdb'));
  const random = createRandom(9);
  // Flows: 4 integer fields (one negative, one past 2^32) and text fields of 3, ~300 and ~72,000 distinct values (past 2^16).
  const lines: string[] = [];
  for (let i = 0; i < 90_000; i++) {
    const bytes = Math.floor(random() * 2 ** 40);
    lines.push(
      [
        i >> 1,
        -i,
        `C${i % 3}`,
        `N${Math.floor(random() * 300)}`,
        `C${Math.floor(random() * 200_000)}`,
        '',
        '6',
        i % 7,
        bytes,
      ].join(','),
    );
  }
  const spooled: SpooledDay[] = [];
  const spool = new DayColumns(store, 'flows', 5, async (day) => void spooled.push(day));
  const builder = new ColumnBlockBuilder(LOG_FORMATS.flows, 0);
  for (let b = 0; b < lines.length; b += 7000) {
    const chunk = lines.slice(b, b + 7000);
    scanBlock(Buffer.from(chunk.join('\n') + '\n'), LOG_FORMATS.flows, (x, s, i, l) => builder.add(x, s, i, l), 0, 0);
    spool.addBlock(builder.take().block, 2, b, 'flows.txt');
  }
  await spool.finish();
  assert.equal(spooled.length, 1);
  const path = join(store, 'day.parquet');
  await writer.write('flows', spooled[0]!, path);
  writer.close();
  const db = await (await DuckDBInstance.create(':memory:')).connect();
  const read = await db.runAndReadAll(
    `SELECT file, line, time, duration, src_host, src_port, dst_host, dst_port, protocol, packets, bytes FROM read_parquet('${path}')`,
  );
  const got = read.getRows().map((r) => r.map(String));
  assert.equal(got.length, lines.length);
  lines.forEach((text, i) => assert.deepEqual(got[i], ['2', String(i + 1), ...text.split(',')]));
  const types = await db.runAndReadAll(`SELECT column_type FROM (DESCRIBE SELECT * FROM read_parquet('${path}'))`);
  assert.deepEqual(
    types.getRows().map((r) => r[0]),
    [
      'INTEGER',
      'BIGINT',
      'BIGINT',
      'BIGINT',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'VARCHAR',
      'BIGINT',
      'BIGINT',
    ],
  );
});
