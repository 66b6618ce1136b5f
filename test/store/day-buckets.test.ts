import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DayBuckets } from '../../src/store/day-buckets.js';
import { partitionName, STORE_FILES } from '../../src/store/store-format.js';
import { tempDir } from '../helpers/temp-dir.js';

test('DayBuckets: lines of days in any order reach each day in arrival order, under a tiny memory budget', async () => {
  let s = 3;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const store = tempDir('buckets');
  mkdirSync(join(store, STORE_FILES.spool));
  // Day 4's partition exists (an earlier run): its lines are dropped and the day counted as skipped.
  mkdirSync(join(store, 'flows'));
  writeFileSync(join(store, 'flows', partitionName(4)), 'earlier');
  const converted: { day: number; text: string; final: string }[] = [];
  const buckets = new DayBuckets(
    store,
    'flows',
    async (spoolPath, final, day) => void converted.push({ day, text: readFileSync(spoolPath, 'utf8'), final }),
    // Buffers smaller than some lines, and room for two days only: every path of add() is taken.
    { dayBufferBytes: 24, bufferBytes: 48 },
  );
  const expected = new Map<number, string[]>();
  for (let i = 0; i < 2000; i++) {
    const day = [-1, 0, 1, 4, 9, 30][Math.floor(rand() * 6)]!;
    const line = `${i},${'x'.repeat(Math.floor(rand() * 40))}\n`;
    const bytes = Buffer.from(`..${line}..`);
    buckets.add(day, bytes, 2, bytes.length - 2);
    if (day !== 4) expected.set(day, [...(expected.get(day) ?? []), line]);
  }
  await buckets.finish();
  assert.deepEqual(
    converted.map((c) => c.day),
    [-1, 0, 1, 9, 30],
  );
  for (const c of converted) {
    assert.equal(c.text, expected.get(c.day)!.join(''), `day ${c.day}`);
    assert.equal(c.final, join(store, 'flows', partitionName(c.day)));
  }
  assert.deepEqual(
    buckets.partitions,
    [-1, 0, 1, 4, 9, 30].map((d) => `flows/${partitionName(d)}`),
  );
  assert.equal(buckets.skipped, 1);
  assert.equal(buckets.wants(4), false);
  assert.equal(buckets.wants(5), true);
});
