import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compromiseTimes } from '../../src/generate/compromise-times.js';
import { Rng } from '../../src/generate/rng.js';

test('compromise times: ascending, after the first quarter, on working hours, stratified over the days the window allows', () => {
  for (const [days, after, n] of [
    [14, 2, 5],
    [14, 6, 8],
    [30, 2, 3],
    [3, 2, 4],
  ] as const) {
    const times = compromiseTimes(new Rng(days * 10 + n, 1), n, days, after);
    assert.equal(times.length, n);
    assert.deepEqual(
      times,
      [...times].sort((a, b) => a - b),
    );
    const first = Math.ceil(days / 4);
    const last = Math.min(days - 1, Math.max(first, days - after));
    for (const t of times) {
      const day = Math.floor(t / 86400);
      const hour = (t % 86400) / 3600;
      assert.ok(
        t >= (days * 86400) / 4 && day >= first && day <= last,
        `${days} days: ${t} on day ${day} in [${first}, ${last}]`,
      );
      assert.ok(hour >= 9 && hour < 17, `working hours: ${hour}`);
    }
    // Stratified: with n ≥ w days every day gets a victim; with fewer, strata are ≥ 1 day wide, so
    // victims two strata apart never share a day.
    const w = last - first + 1;
    const distinct = new Set(times.map((t) => Math.floor(t / 86400))).size;
    assert.ok(distinct >= (n >= w ? w : Math.ceil(n / 2)), `${distinct} distinct days of ${w}`);
  }
  // One day: anywhere in [¼, 0.9) of it.
  for (const t of compromiseTimes(new Rng(1, 1), 20, 1)) assert.ok(t >= 21600 && t < 0.9 * 86400, `${t}`);
});
