import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseIsoTime } from '../../src/sources/index.js';
import { createRandom } from '../../src/stats/index.js';

test('parseIsoTime agrees with Date.parse to the millisecond on random times, and keeps the microseconds', () => {
  const random = createRandom(5);
  for (let k = 0; k < 5000; k++) {
    const ms = Math.floor(random() * 4e12);
    const micros = Math.floor(random() * 1000);
    const iso = new Date(ms).toISOString();
    const text = iso.replace('Z', `${String(micros).padStart(3, '0')}${k % 2 ? '00' : ''}Z`);
    const t = parseIsoTime(text);
    assert.ok(t, text);
    assert.equal(t.seconds * 1000 + Math.floor(t.micros / 1000), ms, text);
    assert.equal(t.micros % 1000, micros, text);
  }
});

test('parseIsoTime: offsets, no fraction, no zone; impossible dates and other text are refused', () => {
  assert.deepEqual(parseIsoTime('2015-11-12T00:24:35.079785200Z'), {
    seconds: Date.UTC(2015, 10, 12, 0, 24, 35) / 1000,
    micros: 79785,
  });
  assert.deepEqual(parseIsoTime('2020-01-01T02:00:00+02:00'), { seconds: Date.UTC(2020, 0, 1) / 1000, micros: 0 });
  assert.deepEqual(parseIsoTime('2019-12-31T19:30:00.5-0430'), {
    seconds: Date.UTC(2020, 0, 1) / 1000,
    micros: 500000,
  });
  assert.deepEqual(parseIsoTime('2020-01-01 00:00:01'), { seconds: Date.UTC(2020, 0, 1, 0, 0, 1) / 1000, micros: 0 });
  for (const bad of [
    '2015-02-30T00:00:00Z',
    '2015-13-01T00:00:00Z',
    '2015-01-01T24:00:00Z',
    '2015-01-01',
    '1575413096.5',
    'yesterday',
    '',
  ])
    assert.equal(parseIsoTime(bad), undefined, bad);
});
