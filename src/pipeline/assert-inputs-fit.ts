import { basename, dirname } from 'node:path';
import { InputError } from '../errors.js';
import { humanRuleClauses, type HumanRule } from '../sources/human-rule.js';
import type { LogKind } from '../sources/log-formats.js';
import type { AuthValueTally } from '../sources/tally-auth-values.js';
import type { AnalyzeSummary } from './analyze-summary.js';

/** Options of {@link assertAccountsFit}. */
export interface InputFitOptions {
  /** Largest share of rejected rows (rejected / (valid + rejected)) a kind may have. Default 0.5. */
  maxRejectRatio?: number;
  /** Let a run with no valid auth or flow rows, or no human host, complete (with empty results). Default false. */
  allowEmpty?: boolean;
}

export const INPUT_FIT_DEFAULTS = { maxRejectRatio: 0.5, allowEmpty: false } as const;

const REQUIRED: readonly LogKind[] = ['auth', 'flows'];

/** How a message names a kind's input: its file, or its folder of splits. */
export function inputLabel(inputs: AnalyzeSummary['inputs'], kind: LogKind): string {
  const list = inputs[kind] ?? [];
  const [first] = list;
  if (first === undefined) return kind;
  return list.length === 1 ? basename(first.path) : `${basename(dirname(first.path))}/ (${list.length} files)`;
}

const count = (n: number) => n.toLocaleString('en-US');

function reasonsText(reasons: Record<string, number>): string {
  return Object.entries(reasons)
    .sort((a, b) => b[1] - a[1])
    .map(([reason, n]) => `${reason} ${count(n)}`)
    .join(', ');
}

/**
 * A run whose input mostly does not fit is an input error, not an empty result with exit 0: an
 * auth or flows input without a valid row, or any input where more than maxRejectRatio of the rows
 * were rejected (a Zeek log read as LANL, a wrong delimiter). The message says what was seen.
 */
export function assertAccountsFit(
  inputs: AnalyzeSummary['inputs'],
  files: AnalyzeSummary['files'],
  options: InputFitOptions = {},
): void {
  const maxRatio = options.maxRejectRatio ?? INPUT_FIT_DEFAULTS.maxRejectRatio;
  const allowEmpty = options.allowEmpty ?? INPUT_FIT_DEFAULTS.allowEmpty;
  for (const [kind, account] of Object.entries(files) as [LogKind, NonNullable<AnalyzeSummary['files']['auth']>][]) {
    const file = inputLabel(inputs, kind);
    const lines = account.rows + account.rejected + account.blank;
    const first = account.examples[0] === undefined ? '' : `; the first: ${account.examples[0]}`;
    if (account.rows === 0 && REQUIRED.includes(kind) && !allowEmpty) {
      const what =
        lines === 0
          ? 'it is empty'
          : `its ${count(lines)} lines are ${count(account.blank)} blank and ${count(account.rejected)} rejected` +
            (account.rejected > 0 ? ` (${reasonsText(account.reasons)})${first}` : '');
      throw new InputError(
        (name) => `no valid ${kind} rows: ${what}. Pass ${name('allowEmpty')} to run on no ${kind} anyway`,
        { file },
      );
    }
    const judged = account.rows + account.rejected;
    if (judged > 0 && account.rejected / judged > maxRatio) {
      const share = ((100 * account.rejected) / judged).toFixed(1);
      throw new InputError(
        (name) =>
          `${count(account.rejected)} of ${count(judged)} ${kind} rows rejected (${share} %), more than ${name('maxRejectRatio')} ${maxRatio} allows ` +
          `(${reasonsText(account.reasons)})${first}. Is this ${kind === 'auth' ? 'an' : 'a'} ${kind} file in LANL's format?`,
        { file },
      );
    }
  }
}

function topValues(map: Map<string, number>, other: number): string {
  const shown = [...map.entries()]
    .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
    .slice(0, 10)
    .map(([v, n]) => `${JSON.stringify(v)} ${count(n)}`);
  const rest = map.size - shown.length;
  return (
    (shown.join(', ') || 'none') + (rest > 0 ? `, and ${count(rest)} more` : '') + (other > 0 ? ', and others' : '')
  );
}

/** The error for a run without a human host, saying what the auth rows held instead. */
export function noHumanHostsError(
  inputs: AnalyzeSummary['inputs'],
  rule: HumanRule,
  tally: AuthValueTally,
): InputError {
  const where = tally.complete ? `in its ${count(tally.rows)} rows` : `in its first ${count(tally.rows)} rows`;
  const userRule = humanRuleClauses(rule)
    .map((c) =>
      c.op === 'contains'
        ? `contains ${JSON.stringify(c.text)}`
        : c.op === 'lacks'
          ? `has no ${JSON.stringify(c.text)}`
          : `matches ${JSON.stringify(c.pattern)}`,
    )
    .join(' and ');
  return new InputError(
    (name) =>
      `0 human hosts: no row is a logon of type ${rule.logonTypes.map((t) => JSON.stringify(t)).join(' or ')} by a source user that ${userRule}. ` +
      `Seen ${where}: logon types ${topValues(tally.logonTypes, tally.other.logonTypes)}; user domains ${topValues(tally.domains, tally.other.domains)}. ` +
      `Choose the types with ${name('humanLogonTypes')} and the users with ${name('humanUserPattern')}, or pass ${name('allowEmpty')} to run with no human host`,
    { file: inputLabel(inputs, 'auth') },
  );
}
