import { LOG_FORMATS } from './log-formats.js';

/**
 * The human rule: which auth rows mark their source computer as human-operated. The original
 * analysis's rule is a logon of a human logon type (Interactive) by a source user that contains
 * "DOM" (a domain account) and no "$" (not a machine account). It is defined here once, as data,
 * and applied in two forms derived from that data: a byte matcher for the scanner
 * ({@link humanRowMatcher}) and an SQL predicate for the store path ({@link humanRuleSql}).
 * A test holds both forms to one fixture; a new kind of rule (say, a user pattern) is a new field
 * here and a case in both.
 */
export interface HumanRule {
  /** Logon types that count, compared exactly. Default ["Interactive"]. */
  logonTypes: readonly string[];
  /** Text the source user must contain, every piece. Default ["DOM"]. */
  userIncludes: readonly string[];
  /** Text the source user must not contain, any piece. Default ["$"]. */
  userExcludes: readonly string[];
}

export const HUMAN_RULE_DEFAULTS = {
  logonTypes: ['Interactive'],
  userIncludes: ['DOM'],
  userExcludes: ['$'],
} as const satisfies HumanRule;

const SRC_USER = LOG_FORMATS.auth.fields.indexOf('src_user');
const LOGON_TYPE = LOG_FORMATS.auth.fields.indexOf('logon_type');

/**
 * The rule over an auth row as the scanner hands it on (the line's buffer and its field starts,
 * see RowHandler): true when the row marks its source computer as human-operated. Compares bytes,
 * so no string is made per row.
 */
export function humanRowMatcher(rule: HumanRule): (buf: Uint8Array, starts: Int32Array) => boolean {
  const types = rule.logonTypes.map((t) => Buffer.from(t, 'utf8'));
  const includes = rule.userIncludes.map((t) => Buffer.from(t, 'utf8'));
  const excludes = rule.userExcludes.map((t) => Buffer.from(t, 'utf8'));
  return (buf, starts) => {
    const ts = starts[LOGON_TYPE]!;
    const te = starts[LOGON_TYPE + 1]! - 1;
    let human = false;
    for (const t of types) if (te - ts === t.length && occursAt(buf, ts, t)) human = true;
    if (!human) return false;
    const us = starts[SRC_USER]!;
    const ue = starts[SRC_USER + 1]! - 1;
    for (const x of excludes) if (contains(buf, us, ue, x)) return false;
    for (const x of includes) if (!contains(buf, us, ue, x)) return false;
    return true;
  };
}

/**
 * The rule as a DuckDB predicate over the columns `logon_type` and `src_user` of an auth table,
 * with the parameters it binds (named `human_*`, so they can join a query's own).
 */
export function humanRuleSql(rule: HumanRule): { sql: string; params: Record<string, string> } {
  const params: Record<string, string> = {};
  const bind = (prefix: string, values: readonly string[]) =>
    values.map((v, i) => {
      params[`human_${prefix}${i}`] = v;
      return `$human_${prefix}${i}`;
    });
  const types = bind('type', rule.logonTypes);
  const parts = [types.length > 0 ? `list_contains([${types.join(', ')}], logon_type)` : 'false'];
  for (const p of bind('in', rule.userIncludes)) parts.push(`contains(src_user, ${p})`);
  for (const p of bind('out', rule.userExcludes)) parts.push(`NOT contains(src_user, ${p})`);
  return { sql: parts.join(' AND '), params };
}

/** Whether `needle` occurs in buf[start, end). */
function contains(buf: Uint8Array, start: number, end: number, needle: Uint8Array): boolean {
  for (let i = start; i + needle.length <= end; i++) if (occursAt(buf, i, needle)) return true;
  return needle.length === 0;
}

/** Whether buf holds `needle` from `at` on (the caller checks it fits). */
function occursAt(buf: Uint8Array, at: number, needle: Uint8Array): boolean {
  for (let j = 0; j < needle.length; j++) if (buf[at + j] !== needle[j]) return false;
  return true;
}
