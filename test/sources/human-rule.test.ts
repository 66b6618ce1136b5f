import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuckDb } from '../../src/engine/index.js';
import {
  HUMAN_RULE_DEFAULTS,
  humanRowMatcher,
  humanRuleClauses,
  humanRuleSql,
  type HumanRule,
} from '../../src/sources/human-rule.js';
import { UsageError } from '../../src/errors.js';
import { LOG_FORMATS } from '../../src/sources/log-formats.js';
import { scanBlock } from '../../src/sources/scan-block.js';

/** Source user, logon type, and whether the row marks its source as human under the rule (by hand). */
type Case = [user: string, logonType: string, human: boolean];

/** The original rule: a human logon type, a user containing DOM and no $. */
const DEFAULT_CASES: Case[] = [
  ['U1@DOM1', 'Interactive', true],
  ['U2@DOM2', 'Interactive', true],
  ['Ü7@DOM1', 'Interactive', true],
  ['DOM', 'Interactive', true],
  ['xDOMx', 'Interactive', true],
  ['U1@DOM1', 'Network', false],
  ['U1@DOM1', 'interactive', true],
  ['U1@DOM1', 'INTERACTIVE', true],
  ['U1@DOM1', 'Interactive ', false],
  ['U1@DOM1', 'RemoteInteractive', false],
  ['U1@DOM1', '?', false],
  ['U1@DOM1', '', false],
  ['C101$@DOM1', 'Interactive', false],
  ['DOMAIN$ADMIN@DOM1', 'Interactive', false],
  ['$DOM', 'Interactive', false],
  ['ANONYMOUS LOGON@C586', 'Interactive', false],
  ['SYSTEM@C105', 'Interactive', false],
  ['U9@C107', 'Interactive', false],
  ['DO', 'Interactive', false],
  ['D0M', 'Interactive', false],
  ['', 'Interactive', false],
];

/** Another rule, as a configurable one would give: two types, another domain, two exclusions. */
const OTHER_RULE: HumanRule = {
  logonTypes: ['Interactive', 'Network'],
  userIncludes: ['@CORP'],
  userExcludes: ['$', 'svc'],
};
const OTHER_CASES: Case[] = [
  ['alice@CORP', 'Network', true],
  ['alice@CORP', 'Interactive', true],
  ['alice@CORP', 'Service', false],
  ['alice@DOM1', 'Interactive', false],
  ['svc-backup@CORP', 'Network', false],
  ['pc42$@CORP', 'Network', false],
  ['@CORP', 'Network', true],
  ['@COR', 'Network', false],
];

/** A pattern rule (what --human-user-pattern gives): users of domain CORP, not ending in $, not svc-. */
const PATTERN_RULE: HumanRule = {
  ...HUMAN_RULE_DEFAULTS,
  logonTypes: ['interactive', 'RemoteInteractive'],
  userPattern: '^[^$@]*[^$]@CORP$',
  userIncludes: ['never-used'],
};
const PATTERN_CASES: Case[] = [
  ['alice@CORP', 'Interactive', true],
  ['alice@CORP', 'remoteinteractive', true],
  ['alice@CORP', 'Network', false],
  ['alice@CORP.EXAMPLE', 'Interactive', false],
  ['pc42$@CORP', 'Interactive', false],
  ['@CORP', 'Interactive', false],
  ['Ü@CORP', 'Interactive', true],
  ['bob@DOM1', 'Interactive', false],
];

/** The byte matcher on rows as the scanner hands them on. */
function byBytes(rule: HumanRule, cases: Case[]): boolean[] {
  const text = cases.map(([user, type]) => `1,${user},${user},C1,C2,NTLM,${type},LogOn,Success`).join('\n');
  const matches = humanRowMatcher(rule);
  const verdicts: boolean[] = [];
  const result = scanBlock(
    Buffer.from(text, 'utf8'),
    LOG_FORMATS.auth,
    (buf, starts) => verdicts.push(matches(buf, starts)),
    0,
    0,
  );
  assert.equal(result.rows, cases.length, 'every fixture row is a valid auth row');
  return verdicts;
}

/** The SQL predicate in DuckDB over a table of the same rows. */
async function bySql(rule: HumanRule, cases: Case[]): Promise<boolean[]> {
  const engine = await openDuckDb();
  try {
    await engine.load('auth', [
      { name: 'i', type: 'INTEGER', values: cases.map((_, i) => i) },
      { name: 'src_user', type: 'VARCHAR', values: cases.map((c) => c[0]) },
      { name: 'logon_type', type: 'VARCHAR', values: cases.map((c) => c[1]) },
    ]);
    const { sql, params } = humanRuleSql(rule);
    const rows = await engine.all<{ human: boolean }>(`SELECT (${sql}) AS human FROM auth ORDER BY i`, params);
    return rows.map((r) => r.human);
  } finally {
    await engine.close();
  }
}

test('the human rule: its byte matcher and its SQL predicate agree with the hand-labelled fixture', async () => {
  for (const [rule, cases] of [
    [HUMAN_RULE_DEFAULTS, DEFAULT_CASES],
    [OTHER_RULE, OTHER_CASES],
    [PATTERN_RULE, PATTERN_CASES],
  ] as const) {
    const expected = cases.map((c) => c[2]);
    assert.deepEqual(byBytes(rule, cases), expected, `bytes, ${JSON.stringify(rule)}`);
    assert.deepEqual(await bySql(rule, cases), expected, `SQL, ${JSON.stringify(rule)}`);
  }
});

test('with no logon types nothing is human, in both forms', async () => {
  const rule = { ...HUMAN_RULE_DEFAULTS, logonTypes: [] };
  const none = DEFAULT_CASES.map(() => false);
  assert.deepEqual(byBytes(rule, DEFAULT_CASES), none);
  assert.deepEqual(await bySql(rule, DEFAULT_CASES), none);
});

test('the SQL binds every piece of the rule as a parameter, never as SQL text', () => {
  const hostile: HumanRule = { logonTypes: ["x'); DROP TABLE auth; --"], userIncludes: ["'"], userExcludes: ['$'] };
  const { sql, params } = humanRuleSql(hostile);
  assert.ok(!sql.includes("'"), sql);
  assert.deepEqual(
    Object.values(params).sort(),
    ['$', "'", "x'); drop table auth; --", 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz'].sort(),
  );
});

test('the matcher counts the rows of each logon type of the rule, case-insensitively, whatever their user', () => {
  const rule = { ...HUMAN_RULE_DEFAULTS, logonTypes: ['interactive', 'Network', 'Batch'] };
  const matches = humanRowMatcher(rule);
  const text = DEFAULT_CASES.map(([user, type]) => `1,${user},${user},C1,C2,NTLM,${type},LogOn,Success`).join('\n');
  scanBlock(Buffer.from(text, 'utf8'), LOG_FORMATS.auth, (buf, starts) => void matches(buf, starts), 0, 0);
  const byHand = ['interactive', 'network', 'batch'].map(
    (t) => DEFAULT_CASES.filter((c) => c[1].toLowerCase() === t).length,
  );
  assert.deepEqual([...matches.typeRows], byHand);
  assert.ok(byHand[0]! > 10 && byHand[1] === 1 && byHand[2] === 0);
});

test('a user pattern that is not RE2 (lookaround, backreference) or not a regular expression is a usage error', () => {
  for (const [pattern, why] of [
    ['(?=a)x', /lookaround or a backreference/],
    ['(?<!a)x', /lookaround or a backreference/],
    ['(a)\\1', /lookaround or a backreference/],
    ['[a', /is not a regular expression/],
  ] as const) {
    assert.throws(
      () => humanRuleClauses({ ...HUMAN_RULE_DEFAULTS, userPattern: pattern }),
      (e: unknown) => e instanceof UsageError && why.test(e.message),
      pattern,
    );
  }
});
