import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeDigits } from '../../src/store/write-digits.js';
import { createRandom } from '../../src/stats/index.js';

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
