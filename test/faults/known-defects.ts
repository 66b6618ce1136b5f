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
  'fuzz-002':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-003':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-004': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: exit 4)',
  'fuzz-005': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-006':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-007':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-010':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-012': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-013':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-014':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-017': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-018':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-023': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-028': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-030': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-031': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-032':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-038':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-039': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-045':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-048':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-052':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-053': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-054': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-055':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-058': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-061':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-064': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-065':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-080': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-081':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-086': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-087':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-089':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-090': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-091': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: exit 4)',
  'fuzz-095':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-097': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-099':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-100': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-102':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-104': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-105': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-106':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-107': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-108': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-117': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-118':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-120':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-125':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-126': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-130': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-131':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-135': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-136': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-137': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-139': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-144':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-145': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: hung)',
  'fuzz-146': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-148':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-149':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-150': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-151':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-153': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-158': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-159':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-160':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-167':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-168': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-169': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-170':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-171': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-175': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-176': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-177':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-178':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-180':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-182': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: SIGSEGV)',
  'fuzz-183':
    '16.4 ingest fails on a row analyze accepts (invalid UTF-8 or CR in a field; today: exit 4, DuckDB CSV error)',
  'fuzz-187': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-189': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-192': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-193': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-194': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-197': '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time)',
  'fuzz-198': '16.8 rejected/ stores U+FFFD instead of the original bytes',
  'fuzz-199':
    '16.4 ingest stops on rows out of time order, then may hang or segfault (today: ok this time); 16.8 rejected/ stores U+FFFD instead of the original bytes',
};

/** The todo text of a known defect, or undefined for a plain test. */
export function knownDefect(id: string): string | undefined {
  const entry = KNOWN_DEFECTS[id];
  return entry === undefined ? undefined : `known defect, issue ${entry}`;
}
