import type { AnalyzeSummary } from '../pipeline/index.js';

/**
 * What `peerscope analyze` prints when it is done: hosts and series, then rows read and rejected per
 * input. Without red-team rows nothing is said of compromise (there is no truth to count against),
 * and a kind that was not given (the red team of a Zeek-only run) is not listed as "0 rows".
 */
export function analyzeSummaryText(
  summary: Pick<AnalyzeSummary, 'humans' | 'compromised_humans' | 'series_rows' | 'files' | 'inputs'>,
  out: string,
): string {
  const hasRedteam = (summary.files.redteam?.rows ?? 0) > 0;
  const files = Object.entries(summary.files)
    .filter(
      ([kind, f]) =>
        f.rows > 0 || f.rejected > 0 || (summary.inputs[kind as keyof typeof summary.inputs] ?? []).length > 0,
    )
    .map(([kind, f]) => `${kind} ${f.rows} rows, ${f.rejected} rejected`)
    .join('; ');
  return (
    `${summary.humans} human hosts${hasRedteam ? `, ${summary.compromised_humans} of them compromised` : ''}, ${summary.series_rows} series rows\n` +
    `${files}\noutputs in ${out}\n`
  );
}
