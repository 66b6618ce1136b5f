import { forEachLine } from './for-each-line.js';
import { LOG_FORMATS } from './log-formats.js';
import { readBlocks } from './read-blocks.js';
import { splitFields } from './split-fields.js';

/** Options of {@link tallyAuthValues}. */
export interface TallyAuthValuesOptions {
  /** Stop after this many rows with the auth field count. Default 1,000,000. */
  maxRows?: number;
  /** Distinct values kept per field; later new values are counted as "other". Default 50. */
  maxDistinct?: number;
}

export const TALLY_AUTH_VALUES_DEFAULTS = { maxRows: 1_000_000, maxDistinct: 50 } as const;

/** What auth rows hold: their logon types and the domains of their source users. */
export interface AuthValueTally {
  /** Rows counted (rows with the auth field count). */
  rows: number;
  /** Whether every row of the files was counted (false when maxRows stopped the pass). */
  complete: boolean;
  logonTypes: Map<string, number>;
  /** The part of src_user after "@" ("" when there is none). */
  domains: Map<string, number>;
  /** Rows whose value was not kept because maxDistinct was reached. */
  other: { logonTypes: number; domains: number };
}

const FIELDS = LOG_FORMATS.auth.fields.length;
const SRC_USER = LOG_FORMATS.auth.fields.indexOf('src_user');
const LOGON_TYPE = LOG_FORMATS.auth.fields.indexOf('logon_type');
const AT = 0x40;

/**
 * A second look at raw auth files, taken only when a run found nothing to work with (no human
 * host): which logon types and user domains they hold, so the error can say what was seen
 * instead of only what was not. Bounded by maxRows, so it costs seconds even on LANL's billion rows.
 */
export async function tallyAuthValues(
  paths: readonly string[],
  options: TallyAuthValuesOptions = {},
): Promise<AuthValueTally> {
  const maxRows = options.maxRows ?? TALLY_AUTH_VALUES_DEFAULTS.maxRows;
  const maxDistinct = options.maxDistinct ?? TALLY_AUTH_VALUES_DEFAULTS.maxDistinct;
  const tally: AuthValueTally = {
    rows: 0,
    complete: true,
    logonTypes: new Map(),
    domains: new Map(),
    other: { logonTypes: 0, domains: 0 },
  };
  const starts = new Int32Array(FIELDS + 1);
  const add = (map: Map<string, number>, value: string, field: 'logonTypes' | 'domains') => {
    const n = map.get(value);
    if (n !== undefined) map.set(value, n + 1);
    else if (map.size < maxDistinct) map.set(value, 1);
    else tally.other[field]++;
  };
  for (const path of paths) {
    for await (const block of readBlocks(path)) {
      forEachLine(block.buf, 0, (buf, start, end) => {
        if (tally.rows >= maxRows) return;
        if (splitFields(buf, start, end, starts, FIELDS) !== FIELDS) return;
        tally.rows++;
        add(tally.logonTypes, buf.toString('utf8', starts[LOGON_TYPE], starts[LOGON_TYPE + 1]! - 1), 'logonTypes');
        const us = starts[SRC_USER]!;
        const ue = starts[SRC_USER + 1]! - 1;
        const at = buf.indexOf(AT, us);
        add(tally.domains, at >= 0 && at < ue ? buf.toString('utf8', at + 1, ue) : '', 'domains');
      });
      if (tally.rows >= maxRows) {
        tally.complete = false;
        return tally;
      }
    }
  }
  return tally;
}
