/**
 * Rows (host, interval, value) for evidence that lasts from a start to an end time, one per
 * interval it touches: a beacon pair scored over the whole span becomes evidence in every interval
 * it was active, so the combination sees it next to the other views of the same host-intervals and
 * the host's alert carries the first of them.
 */
import { UsageError } from '../errors.js';
import type { HostIntervalRows } from './max-by-host-interval.js';

/** Items aligned by index; start and end in seconds. */
export interface TimedEvidence {
  host: ArrayLike<number>;
  start: ArrayLike<number>;
  end: ArrayLike<number>;
  value: ArrayLike<number>;
}

/** Options of {@link spreadOverIntervals}. */
export interface SpreadOptions {
  /** Interval length, seconds (interval index = ⌊(time − origin)/intervalSeconds⌋). */
  intervalSeconds: number;
  /** Default 0, as the series' interval index. */
  origin?: number;
  /** Refuse to make more rows than this. Default 50,000,000. */
  maxRows?: number;
}

/** The rows, plus the item each came from. */
export interface SpreadResult extends HostIntervalRows {
  host: Float64Array;
  interval: Float64Array;
  value: Float64Array;
  item: Int32Array;
}

/** One row per (item, interval touched by [start, end]); items with a NaN value or time are skipped. */
export function spreadOverIntervals(items: TimedEvidence, options: SpreadOptions): SpreadResult {
  const len = options.intervalSeconds;
  if (!(len > 0)) throw new UsageError(`option intervalSeconds must be > 0, got ${len}`);
  const origin = options.origin ?? 0;
  const maxRows = options.maxRows ?? 50_000_000;
  const n = items.value.length;
  if (items.host.length !== n || items.start.length !== n || items.end.length !== n)
    throw new RangeError('host, start, end and value must have one entry per item');
  const first = new Float64Array(n);
  const last = new Float64Array(n);
  let total = 0;
  for (let i = 0; i < n; i++) {
    const ok = !Number.isNaN(items.value[i]!) && Number.isFinite(items.start[i]!) && Number.isFinite(items.end[i]!);
    first[i] = ok ? Math.floor((items.start[i]! - origin) / len) : 0;
    last[i] = ok ? Math.floor((Math.max(items.start[i]!, items.end[i]!) - origin) / len) : -1;
    total += last[i]! - first[i]! + 1;
  }
  if (total > maxRows)
    throw new UsageError(
      `spreading ${n} items over their intervals makes ${total} rows, more than maxRows = ${maxRows}; keep fewer items or use longer intervals`,
    );
  const out = {
    host: new Float64Array(total),
    interval: new Float64Array(total),
    value: new Float64Array(total),
    item: new Int32Array(total),
  };
  let r = 0;
  for (let i = 0; i < n; i++) {
    for (let iv = first[i]!; iv <= last[i]!; iv++, r++) {
      out.host[r] = items.host[i]!;
      out.interval[r] = iv;
      out.value[r] = items.value[i]!;
      out.item[r] = i;
    }
  }
  return out;
}
