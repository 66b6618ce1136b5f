/**
 * The fault cases that fail on today's code, in ONE list: case id → the issue item whose fix
 * makes it pass, and what happens today (observed). They run with `{ todo }`, so they report
 * but do not fail `npm test`. A fixer deletes the entry and sees the case pass; a case not
 * listed here is a plain test. "new" marks a defect this suite found that issue 16 does not list.
 *
 * Fuzz cases are `fuzz-NNN` (seed 16, fuzz/fuzz-cases.ts): the same seed gives the same cases.
 * Those whose rows go back in time run ingest into its refusal, whose hang or segfault is a race
 * (16.4), so they are all listed even when a run happens to pass.
 */
export const KNOWN_DEFECTS: Readonly<Record<string, string>> = {
  // 16.2 (+ issue 14, "loud when nothing fits"): exit 1 "Cannot read properties of null (reading 'toFixed')"
  'empty-auth-allow-empty': '16.2 + issue 14: --allow-empty does not exist (exit 2, unknown option)',
  'blank-auth-allow-empty': '16.2 + issue 14: --allow-empty does not exist (exit 2, unknown option)',
  'zero-humans-allow-empty': '16.2 + issue 14: --allow-empty does not exist (exit 2, unknown option)',
  'empty-flows': '16.2 + issue 14: exit 0 with empty results instead of a loud input error',
  'empty-flows-allow-empty': '16.2 + issue 14: --allow-empty does not exist (exit 2, unknown option)',
  // 16.3
  // 16.4
  // 16.5
  // 16.6
  // 16.7
  // 16.8
  // 16.9
  // 16.10
  // 16.11
  // new
  'gzip-member-after-zero-padding':
    'new: zlib stops at zero padding, the member after it is silently dropped (exit 0, half the rows)',
  // fuzz (seed 16), observed on 2026-12-01
};

/** The todo text of a known defect, or undefined for a plain test. */
export function knownDefect(id: string): string | undefined {
  const entry = KNOWN_DEFECTS[id];
  return entry === undefined ? undefined : `known defect, issue ${entry}`;
}
