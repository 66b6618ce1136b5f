import { UsageError } from '../errors.js';
import { LOG_FORMATS } from './log-formats.js';

/**
 * The human rule: which auth rows mark their source computer as human-operated. The original
 * analysis's rule is a logon of a human logon type (Interactive) by a source user that contains
 * "DOM" (a domain account) and no "$" (not a machine account). It is defined here once, as data,
 * turned into a list of clauses ({@link humanRuleClauses}), and each form is derived from those
 * clauses: a byte matcher for the scanner ({@link humanRowMatcher}), an SQL predicate for the
 * store path ({@link humanRuleSql}) and the cluster's ClickHouse predicate. A test holds the forms
 * to one fixture.
 */
export interface HumanRule {
  /** Logon types that count, compared with ASCII letters case-insensitive. Default ["Interactive"]. */
  logonTypes: readonly string[];
  /** Text the source user must contain, every piece. Default ["DOM"]. Ignored when userPattern is set. */
  userIncludes: readonly string[];
  /** Text the source user must not contain, any piece. Default ["$"]. Ignored when userPattern is set. */
  userExcludes: readonly string[];
  /**
   * A regular expression the source user must match (found anywhere, like RE2's
   * `regexp_matches`; anchor it with ^…$), instead of userIncludes/userExcludes. RE2's syntax, which
   * JavaScript, DuckDB and ClickHouse share: no lookaround, no backreferences. Default none.
   */
  userPattern?: string;
}

export const HUMAN_RULE_DEFAULTS = {
  logonTypes: ['Interactive'],
  userIncludes: ['DOM'],
  userExcludes: ['$'],
} as const satisfies HumanRule;

/** One condition on the source user; a row is human when its type is listed and every clause holds. */
export type HumanUserClause =
  { op: 'contains'; text: string } | { op: 'lacks'; text: string } | { op: 'matches'; pattern: string };

/**
 * The rule's user conditions as clauses, the one definition each form is made from. Throws a
 * UsageError for a pattern that is not a valid regular expression or uses what RE2 lacks.
 */
export function humanRuleClauses(rule: HumanRule): HumanUserClause[] {
  if (rule.userPattern === undefined)
    return [
      ...rule.userIncludes.map((text) => ({ op: 'contains' as const, text })),
      ...rule.userExcludes.map((text) => ({ op: 'lacks' as const, text })),
    ];
  const pattern = rule.userPattern;
  try {
    new RegExp(pattern, 'u');
  } catch (error) {
    throw new UsageError(
      (name) =>
        `${name('humanUserPattern')} ${JSON.stringify(pattern)} is not a regular expression: ${(error as Error).message}`,
    );
  }
  if (/\\[1-9]|\\k<|\(\?<?[=!]/.test(pattern))
    throw new UsageError(
      (name) =>
        `${name('humanUserPattern')} ${JSON.stringify(pattern)} uses lookaround or a backreference, which RE2 (the store and cluster paths) does not have`,
    );
  return [{ op: 'matches', pattern }];
}

const SRC_USER = LOG_FORMATS.auth.fields.indexOf('src_user');
const LOGON_TYPE = LOG_FORMATS.auth.fields.indexOf('logon_type');

/**
 * The rule over an auth row as the scanner hands it on (the line's buffer and its field starts,
 * see RowHandler): true when the row marks its source computer as human-operated. Compares bytes,
 * so no string is made per row (only for a pattern, and only on rows of a listed type).
 */
export function humanRowMatcher(rule: HumanRule): HumanRowMatcher {
  const types = rule.logonTypes.map((t) => Buffer.from(asciiLower(t), 'utf8'));
  const checks = humanRuleClauses(rule).map((c): ((buf: Uint8Array, us: number, ue: number) => boolean) => {
    if (c.op === 'matches') {
      const re = new RegExp(c.pattern, 'u');
      const decoder = new TextDecoder();
      return (buf, us, ue) => re.test(decoder.decode(buf.subarray(us, ue)));
    }
    const needle = Buffer.from(c.text, 'utf8');
    return c.op === 'contains'
      ? (buf, us, ue) => contains(buf, us, ue, needle)
      : (buf, us, ue) => !contains(buf, us, ue, needle);
  });
  const typeRows = new Float64Array(types.length);
  const matcher = (buf: Uint8Array, starts: Int32Array) => {
    const ts = starts[LOGON_TYPE]!;
    const te = starts[LOGON_TYPE + 1]! - 1;
    let human = false;
    for (let i = 0; i < types.length; i++) {
      const t = types[i]!;
      if (te - ts === t.length && occursAtFolded(buf, ts, t)) {
        typeRows[i]!++;
        human = true;
      }
    }
    if (!human) return false;
    const us = starts[SRC_USER]!;
    const ue = starts[SRC_USER + 1]! - 1;
    for (const check of checks) if (!check(buf, us, ue)) return false;
    return true;
  };
  return Object.assign(matcher, { typeRows });
}

/** The byte matcher, with the rows of each of the rule's logon types it saw (whatever their user). */
export type HumanRowMatcher = ((buf: Uint8Array, starts: Int32Array) => boolean) & {
  /** Rows per logon type of the rule, in the rule's order. */
  readonly typeRows: Float64Array;
};

/**
 * The rule as a DuckDB predicate over the columns `logon_type` and `src_user` of an auth table,
 * with the parameters it binds (named `human_*`, so they can join a query's own).
 */
export function humanRuleSql(rule: HumanRule): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  let n = 0;
  const bind = (value: string) => {
    const key = `human_${n++}`;
    params[key] = value;
    return `$${key}`;
  };
  const types = rule.logonTypes.map((t) => bind(asciiLower(t)));
  // logon_type with its ASCII letters lowered (only those, as the byte matcher folds).
  const lowered = types.length > 0 ? `translate(logon_type, ${bind(UPPER)}, ${bind(UPPER.toLowerCase())})` : '';
  const parts = [types.length > 0 ? `list_contains([${types.join(', ')}], ${lowered})` : 'false'];
  for (const c of humanRuleClauses(rule)) {
    if (c.op === 'contains') parts.push(`contains(src_user, ${bind(c.text)})`);
    else if (c.op === 'lacks') parts.push(`NOT contains(src_user, ${bind(c.text)})`);
    else parts.push(`regexp_matches(src_user, ${bind(c.pattern)})`);
  }
  return { sql: parts.join(' AND '), params };
}

/** `text` with its ASCII letters lowered (and only those). */
export function asciiLower(text: string): string {
  return text.replace(/[A-Z]+/g, (m) => m.toLowerCase());
}

const UPPER = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/** Whether `needle` occurs in buf[start, end). */
function contains(buf: Uint8Array, start: number, end: number, needle: Uint8Array): boolean {
  for (let i = start; i + needle.length <= end; i++) if (occursAt(buf, i, needle)) return true;
  return needle.length === 0;
}

/** Whether buf holds `needle` (lowercase) from `at` on, ASCII letters of buf lowered (the caller checks it fits). */
function occursAtFolded(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let j = 0; j < needle.length; j++) {
    const c = buf[at + j]!;
    if ((c >= 65 && c <= 90 ? c + 32 : c) !== needle[j]) return false;
  }
  return true;
}

/** Whether buf holds `needle` from `at` on (the caller checks it fits). */
function occursAt(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let j = 0; j < needle.length; j++) if (buf[at + j] !== needle[j]) return false;
  return true;
}
