/**
 * What the fault suite holds peerscope to, in one place: the README's documented behaviour plus
 * what issue 16 asks for. The values marked "proposed" are this suite's proposals for what the
 * issue leaves open; a fixer who picks another value changes it here.
 */
export const CONTRACT = {
  /** Exit codes. `environment` (a read-only or full disk, an unreachable server) shares 3 with input: what peerscope was pointed at is wrong or unavailable (see EnvironmentError). */
  exit: { ok: 0, internal: 1, usage: 2, input: 3, query: 4, environment: 3 },
  /** Exits that mean a crash whatever the input: internal, query, abort (SIGABRT), segfault (SIGSEGV). */
  crashes: [1, 4, 134, 139],
  /** Longest field in bytes (proposed: 4 KiB); a longer one makes its line a rejected line. */
  fieldLimit: 4096,
  /** Reason name of such a line in summary.json (proposed). */
  fieldTooLongReason: 'field_too_long',
  /** Rejected lines kept per input file. */
  rejectedPerFile: 10_000,
  /** report.html at any input size (the README's promise). */
  reportMaxBytes: 5_000_000,
  /** summary.json with any input: examples and texts are truncated, never megabytes. */
  summaryMaxBytes: 256 * 1024,
  /** A rejected text longer than fieldLimit may be stored as a prefix of at least this many bytes and a marker. */
  truncatedPrefixMin: 256,
  /** Longest marker after such a prefix. */
  truncationMarkerMax: 256,
} as const;
