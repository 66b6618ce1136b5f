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
 * observed intervals however far back: selfBaseline's own baseline location, which this reuses.
 */
import { UsageError } from '../errors.js';
import { selfBaseline } from './self-baseline.js';

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
  // Without a peer reference, selfBaseline's location is the trailing median exactly where the
  // host has minHistory own intervals, and NaN elsewhere; its scale (not moderated here) is unused.
  const { location } = selfBaseline(
    { host, interval, values },
    { window: o.window, minHistory: o.minHistory, moderate: false },
  );
  return Float64Array.from(location, (m, i) => values[i]! - m);
}
