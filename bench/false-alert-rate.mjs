// False alerts per day per 1,000 hosts of a run without a red team, from its summary.json: every
// alert is false. Days are those of the span (intervals × length / 1 day), as evaluate counts them,
// not host-intervals per host: the series has a row only where the host has flows, so at hourly
// intervals host-intervals per host undercount the days (11.2–11.4 of 14 on `none` at --scale 0.004) and
// inflate the rate by the inverse of the share of host-intervals with a row.
export function falseAlertRate(summary) {
  const len = summary.interval;
  const intervals = Math.floor(summary.time_span.last / len) - Math.floor(summary.time_span.first / len) + 1;
  const days = (intervals * len) / 86400;
  return summary.detection.alerts / days / (summary.detection.hosts / 1000);
}
