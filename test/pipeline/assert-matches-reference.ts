import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Reference } from './reference-analyze.js';
import { csvRows } from '../helpers/csv-rows.js';

/** humans.csv and series.csv in `out` equal the reference implementation's, row by row. */
export function assertMatchesReference(out: string, ref: Reference): void {
  const humans = csvRows(join(out, 'humans.csv'));
  assert.deepEqual(
    humans.map((r) => r[0]),
    [...ref.humans.keys()].sort(),
  );
  for (const [host = '', users, logons] of humans) {
    const want = ref.humans.get(host);
    assert.deepEqual([Number(users), Number(logons)], [want?.users, want?.logons], host);
  }

  const series = csvRows(join(out, 'series.csv'));
  assert.equal(series.length, ref.series.size);
  const keys = series.map(([interval, host = '']) => ({ interval: Number(interval), host }));
  const sorted = [...keys].sort((a, b) => a.interval - b.interval || (a.host < b.host ? -1 : 1));
  assert.deepEqual(keys, sorted, 'sorted by interval, host');
  for (const r of series) {
    const [interval, host = '', up, down, upP, downP, flows, meanDuration, compromised] = r;
    const e = ref.series.get(`${interval},${host}`);
    assert.ok(e, `unexpected series row ${r.join(',')}`);
    assert.deepEqual([up, down, upP, downP, flows].map(Number), [e.up, e.down, e.upP, e.downP, e.flows]);
    assert.ok(Math.abs(Number(meanDuration) - e.dur / e.flows) <= 1e-12 * Math.max(1, e.dur / e.flows));
    assert.equal(compromised, ref.compromised.has(host) ? '1' : '0');
  }
}
