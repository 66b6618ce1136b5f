import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import type { Rng } from './rng.js';

/**
 * `n` sorted event times within one day starting at `dayStart` (seconds). Like the real logs, more
 * happens in working hours: 55 % of events fall between 08:00 and 18:00, the rest anywhere.
 */
export function dayTimes(rng: Rng, dayStart: number, n: number): Int32Array {
  const times = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    times[i] = dayStart + (rng.chance(0.55) ? 8 * 3600 + rng.int(10 * 3600) : rng.int(SECONDS_PER_DAY));
  }
  return times.sort();
}
