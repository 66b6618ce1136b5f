/**
 * How far a host-interval's peer statistic lies above the host's OWN usual value of that
 * statistic: x_t − median(x over the host's last `window` observed intervals before t), NaN with
 * fewer than `minHistory` of them. The peer views use it for an intersection–union test
 * (R. L. Berger, "Multiparameter hypothesis testing and acceptance sampling", Technometrics 24,
 * 1982): a host-interval is evidence of a compromise only if it is unlike the host's peers AND
 * unlike the host's own past position among them, so the view's p is max(p_peer, p_own), valid
 * at its level when either null holds. A desk that has always moved ten times its group's volume
 * is unlike its peers but has not changed; a compromise starts somewhere.
 *
 * Unobserved points (NaN) get NaN and do not enter the history; the history is the last `window`
 * observed intervals however far back, as in selfBaseline.
 */
import { UsageError } from '../errors.js';
import { quantileSorted } from '../stats/quantile-sorted.js';
import { groupRows } from './group-rows.js';

/** Options of {@link ownPastExcess}. */
export interface OwnPastExcessOptions {
  /** Observed intervals of own history in the median. Default 14 (selfBaseline's window). */
  window?: number;
  /** Own intervals needed before there is an excess; fewer give NaN. Default 3. */
  minHistory?: number;
}

export const OWN_PAST_EXCESS_DEFAULTS = { window: 14, minHistory: 3 };

/** Per point (aligned with the input): the statistic less its host's trailing median; NaN without enough history. */
export function ownPastExcess(
  host: ArrayLike<number>,
  interval: ArrayLike<number>,
  values: ArrayLike<number>,
  options: OwnPastExcessOptions = {},
): Float64Array {
  const o = { ...OWN_PAST_EXCESS_DEFAULTS, ...options };
  if (!Number.isInteger(o.window) || o.window < 1)
    throw new UsageError(`option window must be an integer ≥ 1, got ${o.window}`);
  if (!Number.isInteger(o.minHistory) || o.minHistory < 1 || o.minHistory > o.window)
    throw new UsageError(`option minHistory must be an integer in 1 … window (${o.window}), got ${o.minHistory}`);
  const n = values.length;
  if (host.length !== n || interval.length !== n)
    throw new RangeError(`host, interval and values differ in length (${host.length}, ${interval.length}, ${n})`);
  const out = new Float64Array(n).fill(NaN);
  const groups = groupRows(host);
  const rows: number[] = [];
  const history: number[] = [];
  const sorted = new Float64Array(o.window);
  for (let g = 0; g < groups.groups; g++) {
    rows.length = 0;
    for (let j = groups.start[g]!; j < groups.start[g + 1]!; j++) rows.push(groups.order[j]!);
    rows.sort((a, b) => interval[a]! - interval[b]!);
    history.length = 0;
    for (const i of rows) {
      const x = values[i]!;
      if (Number.isNaN(x)) continue;
      const seen = Math.min(history.length, o.window);
      if (seen >= o.minHistory) {
        for (let j = 0; j < seen; j++) sorted[j] = history[history.length - seen + j]!;
        out[i] = x - quantileSorted(sorted.subarray(0, seen).sort(), 0.5);
      }
      history.push(x);
    }
  }
  return out;
}
