import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DaySpool, writeDigits } from '../../src/store/day-spool.js';
import { STORE_FILES } from '../../src/store/store-format.js';
import { createRandom } from '../../src/stats/index.js';
import { tempDir } from '../helpers/temp-dir.js';

test('writeDigits writes what String(n) writes, at any offset, up to 2^53 − 1', () => {
  const random = createRandom(4);
  const values = [0, 1, 9, 10, 99, 100, 101, 1_000_000, 2 ** 31, 2 ** 32 + 1, Number.MAX_SAFE_INTEGER];
  for (let i = 0; i < 2000; i++) values.push(Math.floor(random() ** 4 * Number.MAX_SAFE_INTEGER));
  const buf = Buffer.alloc(40, '#');
  for (const v of values) {
    buf.fill('#');
    const at = v % 7;
    const end = writeDigits(buf, at, v);
    assert.equal(buf.toString('latin1', at, end), String(v));
    assert.equal(end - at, String(v).length);
    assert.equal(buf[at - 1] ?? 35, 35, 'nothing written before the offset');
    assert.equal(buf[end], 35, 'nothing written after the digits');
  }
});

function spoolIn(store: string, bufferBytes?: number) {
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  const converted: { day: string; text: string }[] = [];
  const spool = new DaySpool(
    store,
    'auth',
    async (spoolPath, final) => {
      converted.push({ day: final.slice(store.length + 1), text: readFileSync(spoolPath, 'latin1') });
      writeFileSync(final, 'parquet');
    },
    bufferBytes,
  );
  return { spool, converted };
}

test('lines are spooled per day as file,line,text and each day is converted once the input moves past it', async () => {
  const store = tempDir('spool');
  // A small buffer: lines flush in pieces, and the long line is written around the buffer.
  const { spool, converted } = spoolIn(store, 64);
  const long = 'L'.repeat(200);
  const lines = ['a,1', 'b,2', long, 'c,3', 'd,4'];
  const buf = Buffer.from(lines.join('\n'));
  const days = [0, 0, 0, 1, 1];
  let start = 0;
  lines.forEach((line, i) => {
    spool.add(days[i]!, buf, start, start + line.length, 2, 10 + i, 'auth.txt');
    start += line.length + 1;
  });
  await spool.finish();
  assert.deepEqual(spool.partitions, ['auth/day=00000.parquet', 'auth/day=00001.parquet']);
  assert.deepEqual(converted, [
    { day: 'auth/day=00000.parquet', text: `2,10,a,1\n2,11,b,2\n2,12,${long}\n` },
    { day: 'auth/day=00001.parquet', text: '2,13,c,3\n2,14,d,4\n' },
  ]);
  assert.equal(spool.skipped, 0);
});

test('a day whose partition exists is skipped; a day after a later one is an input error naming the line', async () => {
  const store = tempDir('spool-resume');
  mkdirSync(join(store, 'auth'), { recursive: true });
  writeFileSync(join(store, 'auth', 'day=00003.parquet'), 'from an earlier run');
  const { spool, converted } = spoolIn(store);
  const buf = Buffer.from('x');
  spool.add(3, buf, 0, 1, 0, 1, 'auth.txt');
  spool.add(4, buf, 0, 1, 0, 2, 'auth.txt');
  assert.throws(
    () => spool.add(2, buf, 0, 1, 0, 3, 'auth.txt'),
    (e: Error) => e.name === 'InputError' && /^auth\.txt line 3: time is in day 2, after day 4 began/.test(e.message),
  );
  await spool.finish();
  assert.equal(spool.skipped, 1);
  assert.deepEqual(
    converted.map((c) => c.day),
    ['auth/day=00004.parquet'],
  );
  assert.equal(readFileSync(join(store, 'auth', 'day=00003.parquet'), 'utf8'), 'from an earlier run');
  assert.ok(existsSync(join(store, 'auth', 'day=00004.parquet')));
});
