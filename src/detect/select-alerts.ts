/**
 * The host-intervals over an alert threshold (alert-threshold.ts), strongest first, with the
 * number of false alerts the threshold promises if every tested point were clean.
 */

/** Options of {@link selectAlerts}. */
export interface SelectAlertsOptions {
  /** ln p per point, to order points whose p underflows to 0. */
  logP?: ArrayLike<number>;
}

/** Alerting points and the expectation behind them. */
export interface SelectedAlerts {
  /** Point indices with p ≤ threshold, by ascending p (then ln p, then index). */
  points: Int32Array;
  threshold: number;
  /** Points with a p-value (NaN left out). */
  tested: number;
  /** tested · threshold: the alerts expected were every tested point clean. */
  expectedFalse: number;
}

/** Selects the points with p ≤ threshold. */
export function selectAlerts(
  p: ArrayLike<number>,
  threshold: number,
  options: SelectAlertsOptions = {},
): SelectedAlerts {
  const logP = options.logP;
  if (logP && logP.length !== p.length)
    throw new RangeError(`logP has ${logP.length} entries for ${p.length} p-values`);
  let tested = 0;
  const hits: number[] = [];
  for (let i = 0; i < p.length; i++) {
    const v = p[i]!;
    if (Number.isNaN(v)) continue;
    tested++;
    if (v <= threshold) hits.push(i);
  }
  const key = (i: number) => (logP ? logP[i]! : Math.log(p[i]!));
  hits.sort((a, b) => key(a) - key(b) || a - b);
  return { points: Int32Array.from(hits), threshold, tested, expectedFalse: tested * threshold };
}
