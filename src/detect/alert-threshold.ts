/**
 * The alert contract: a budget B of expected false alerts per day per 1,000 hosts becomes a
 * per-host-interval p-value threshold p* = B/1000 · intervalSeconds/86400. With calibrated
 * p-values, a clean host-interval alerts with probability p*, so 1,000 clean hosts over one day
 * (1000 · 86400/intervalSeconds host-intervals) raise B false alerts on average, whatever the
 * interval length. That is an upper bound where the series is sparse: a host-interval without a
 * row (an interval in which the host has no flow) is not tested, so the expectation is B × the
 * share of host-intervals with a row (0.80–0.92 at hourly intervals on the generated sets;
 * docs/detection.md, "Calibration off the tuned setting"). The threshold is per host-interval, not
 * per host, so that a host seen in more intervals is not favoured.
 */
import { UsageError } from '../errors.js';

const SECONDS_PER_DAY = 86400;

/** Options of {@link alertThreshold}. */
export interface AlertBudgetOptions {
  /** Expected false alerts per day per 1,000 hosts. Default 5. */
  budget?: number;
  /** Interval length, seconds. */
  intervalSeconds: number;
}

export const ALERT_BUDGET_DEFAULTS = { budget: 5 };

/** The threshold and what it means. */
export interface AlertThreshold {
  /** Alert when p ≤ this. */
  threshold: number;
  budget: number;
  intervalSeconds: number;
  /** Host-intervals per day per 1,000 hosts (1000 · 86400 / intervalSeconds). */
  hostIntervalsPerDayPer1000: number;
}

/** p* = budget/1000 · intervalSeconds/86400 (at most 1). */
export function alertThreshold(options: AlertBudgetOptions): AlertThreshold {
  const budget = options.budget ?? ALERT_BUDGET_DEFAULTS.budget;
  const { intervalSeconds } = options;
  if (!(budget > 0) || !Number.isFinite(budget))
    throw new UsageError(
      `option budget must be a positive number of false alerts per day per 1,000 hosts, got ${budget}`,
    );
  if (!(intervalSeconds > 0) || !Number.isFinite(intervalSeconds))
    throw new UsageError(`option intervalSeconds must be > 0, got ${intervalSeconds}`);
  const hostIntervalsPerDayPer1000 = (1000 * SECONDS_PER_DAY) / intervalSeconds;
  return {
    threshold: Math.min(1, budget / hostIntervalsPerDayPer1000),
    budget,
    intervalSeconds,
    hostIntervalsPerDayPer1000,
  };
}
