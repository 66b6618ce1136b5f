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
  // 16.3
  'line-numbers-past-first-block':
    '16.3: --threads 2 stores auth line 60,000 as 14,257 (numbered from 1 in each block)',
  // 16.4
  'ingest-out-of-order': '16.4: ingest prints the error, then never exits (killed after 20 s)',
  'ingest-invalid-utf8-field': '16.4: ingest exit 4, "CSV Error on Line: 11"',
  'ingest-cr-inside-field':
    '16.4: ingest exit 4, "CSV Error on Line: 11" (shares its data set with ingest-invalid-utf8-field)',
  'ingest-field-over-2mb':
    '16.4 + 16.7: analyze and ingest exit 4, "CSV Error on Line: 1" (DuckDB reading a 3 MB field)',
  // 16.5
  'time-beyond-interval-range':
    '16.5: exit 3, "flows.txt line 4932: time 9007199254740991 is out of range for interval 86400"',
  // 16.6
  'numeric-host-names': '16.6: exit 4, "Binder Error: Cannot compare values of type BIGINT and VARCHAR"',
  // 16.7
  'field-too-long':
    '16.7: analyze exit 4, "CSV Error on Line: 1" (a 3 MB host in a valid row reaches DuckDB); no length limit',
  'field-at-limit': '16.7: no field length limit (fails with field-too-long, whose data set it shares)',
  'huge-rejected-line':
    '16.7 + 16.3: the 4 MB texts land untruncated in rejected/, summary.json and report.html; --threads 2 numbers the 4 MB line 1',
  // 16.8
  'quarantine-original-bytes': '16.8: rejected/ holds U+FFFD (ef bf bd) for each invalid byte',
  'split-name-collision': '16.8: auth/part.txt and auth/part.txt.gz both write rejected/auth/part.txt (listed twice)',
  // 16.9
  'sigterm-during-analyze': '16.9: exit 143, .out.tmp-PID-T left behind',
  'sigint-during-analyze': '16.9: exit 130, .out.tmp-PID-T left behind',
  'stale-temp-removed': '16.9: temporary siblings of dead processes are never removed',
  // 16.10
  'read-only-out': '16.10: exit 1, "ENOENT: no such file or directory, mkdir \'…/.out.tmp-…\'"',
  'full-disk-out':
    '16.10: analyze exit 1 "ENOSPC: no space left on device, write" (no path) or exit 4 "IO Error: Could not write file …/tables/humans.parquet"; ingest exit 1 ENOSPC (and hangs on a larger disk)',
  // 16.11
  'threads-capped':
    '16.11: --threads 1000 starts a worker per thread asked (killed by the suite past 32 threads); summary.json does not say the threads used',
  'kde-grid-capped':
    '16.11: kde --grid 0:1:1e9 allocates the grid: V8 out of memory (exit 134) with a 64 MB heap (after ~25 s with the default heap)',
  'kde-degenerate-column': '16.11: exit 1, "gaussianKde needs at least 2 values, got 0" / "non-zero variance"',
  'gzip-trailer-at-end-of-file': '16.11: "auth.txt.gz line 90938: corrupt or truncated gzip (incorrect data check)"',
  // new
  'ingest-progress-file-cut':
    'new: ingest.json is written in place (not to a temporary file and renamed): after a kill mid-write the rerun exits 1, "Unexpected end of JSON input"',
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
