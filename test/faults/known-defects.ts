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
  // Items 16.1–16.11, the new defects and the fuzz cases (seed 16) pass; none is left.
};

/** The todo text of a known defect, or undefined for a plain test. */
export function knownDefect(id: string): string | undefined {
  const entry = KNOWN_DEFECTS[id];
  return entry === undefined ? undefined : `known defect, issue ${entry}`;
}
