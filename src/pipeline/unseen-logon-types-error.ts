import { InputError } from '../errors.js';
import type { AuthValueTally } from '../sources/tally-auth-values.js';
import type { AnalyzeSummary } from './analyze-summary.js';
import { inputLabel } from './assert-inputs-fit.js';

/**
 * The error for human logon types that no auth row has (a typo, or another source's names):
 * it names them and lists the types that were seen, most frequent first.
 */
export function unseenLogonTypesError(
  inputs: AnalyzeSummary['inputs'],
  unseen: readonly string[],
  tally: AuthValueTally,
): InputError {
  const seen = [...tally.logonTypes.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .map(([type, n]) => `${JSON.stringify(type)} ${n.toLocaleString('en-US')}`);
  const where = tally.complete ? '' : ` (in the first ${tally.rows.toLocaleString('en-US')} rows)`;
  return new InputError(
    (name) =>
      `${name('humanLogonTypes')}: no auth row has logon type ${unseen.map((t) => JSON.stringify(t)).join(' or ')} ` +
      `(compared case-insensitively). The logon types seen${where}: ${seen.join(', ') || 'none'}`,
    { file: inputLabel(inputs, 'auth') },
  );
}
