import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { MAX_INTERVAL_INDEX } from '../sources/scan-block.js';

/**
 * The stored flow times the series can place at `interval`: `lo <= time < hi`, those whose
 * `floor(time / interval)` is within ±(2^31 − 1), as the byte scanner's `time_out_of_range`
 * rule. Undefined when every stored time is placeable: ingest already rejected the times whose
 * day is out of that range, and an interval of a day or more only makes the index smaller.
 */
export function placeableTimes(interval: number): { lo: number; hi: number } | undefined {
  if (interval >= SECONDS_PER_DAY) return undefined;
  return { lo: -MAX_INTERVAL_INDEX * interval, hi: (MAX_INTERVAL_INDEX + 1) * interval };
}
