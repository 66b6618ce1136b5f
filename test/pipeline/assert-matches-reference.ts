import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Reference } from './reference-analyze.js';

function csv(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}

/** humans.csv and series.csv in `out` equal the reference implementation's, row by row. */
export function assertMatchesReference(out: string, ref: Reference): void {
  const humans = csv(join(out, 'humans.csv'));
  assert.deepEqual(
    humans.map((r) => r[0]),
    [...ref.humans.keys()].sort(),
  );
  for (const [host, users, logons] of humans)
    assert.deepEqual([Number(users), Number(logons)], [ref.humans.get(host)!.users, ref.humans.get(host)!.logons]);

  const series = csv(join(out, 'series.csv'));
  assert.equal(series.length, ref.series.size);
  const keys = series.map((r) => `${r[0]},${r[1]}`);
  const sorted = [...keys].sort(
    (a, b) => Number(a.split(',')[0]) - Number(b.split(',')[0]) || (a.split(',')[1] < b.split(',')[1] ? -1 : 1),
  );
  assert.deepEqual(keys, sorted, 'sorted by interval, host');
  for (const r of series) {
    const e = ref.series.get(`${r[0]},${r[1]}`)!;
    assert.ok(e, `unexpected series row ${r.join(',')}`);
    assert.deepEqual(r.slice(2, 7).map(Number), [e.up, e.down, e.upP, e.downP, e.flows]);
    assert.ok(Math.abs(Number(r[7]) - e.dur / e.flows) <= 1e-12 * Math.max(1, e.dur / e.flows));
    assert.equal(r[8], ref.compromised.has(r[1]) ? '1' : '0');
  }
}
