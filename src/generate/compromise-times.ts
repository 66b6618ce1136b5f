import type { Rng } from './rng.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/**
 * `n` first compromise times, ascending, after the first quarter of a `days`-day span and at least
 * `after` days before its end where the span allows: the victims are spread over the days of that
 * window (stratified, so they do not pile up on one), each in working hours (09:00–17:00). A span
 * too short for a whole day after its first quarter gets times anywhere in [¼, 0.9) of it.
 */
export function compromiseTimes(rng: Rng, n: number, days: number, after = 2): number[] {
  const firstDay = Math.ceil(days / 4);
  const times: number[] = [];
  if (firstDay >= days) {
    const lo = Math.ceil((days * SECONDS_PER_DAY) / 4);
    const hi = Math.floor(days * SECONDS_PER_DAY * 0.9);
    for (let i = 0; i < n; i++) times.push(lo + rng.int(hi - lo));
  } else {
    const lastDay = Math.min(days - 1, Math.max(firstDay, days - after));
    const width = lastDay - firstDay + 1;
    for (let i = 0; i < n; i++) {
      const day = firstDay + Math.min(width - 1, Math.floor(((i + rng.next()) * width) / n));
      times.push(day * SECONDS_PER_DAY + 9 * 3600 + rng.int(8 * 3600));
    }
  }
  return times.sort((a, b) => a - b);
}
