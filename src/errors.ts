/**
 * The few error classes peerscope throws on purpose. Each carries the context a user needs to
 * act (file and line, the SQL that failed); the CLI maps them to exit codes in one place.
 *
 * Library code names an option by its option name (`interval`); only the CLI speaks of flags
 * (`--interval`). A message that names options is therefore a function of how to name them, and
 * {@link describeError} renders it for a given naming.
 */

/** How a message names an option or argument: the library as itself (`out`), the CLI as its flag (`--out`). */
export type NameOption = (option: string) => string;

/** An error message: plain text, or text naming options through `name`. */
export type ErrorText = string | ((name: NameOption) => string);

const asIs: NameOption = (option) => option;
const render = (text: ErrorText, name: NameOption): string => (typeof text === 'string' ? text : text(name));

/** Bad input data or a missing/unreadable input file. */
export class InputError extends Error {
  override name = 'InputError';
  /** The file the problem is in, as the user named it. */
  readonly file: string | undefined;
  /** 1-based line number, where known. */
  readonly line: number | undefined;
  /** The message without its "file line N: " prefix, to re-locate the error. */
  readonly reason: string;
  private readonly text: ErrorText;

  constructor(text: ErrorText, options: { file?: string; line?: number; cause?: unknown } = {}) {
    const where = options.file ? `${options.file}${options.line ? ` line ${options.line}` : ''}: ` : '';
    super(`${where}${render(text, asIs)}`, { cause: options.cause });
    this.file = options.file;
    this.line = options.line;
    this.reason = render(text, asIs);
    this.text = text;
  }

  /** The message with options named by `name`. */
  describe(name: NameOption): string {
    const where = this.file ? `${this.file}${this.line ? ` line ${this.line}` : ''}: ` : '';
    return `${where}${render(this.text, name)}`;
  }
}

/** A query the engine refused or failed to run. */
export class QueryError extends Error {
  override name = 'QueryError';
  /** The SQL text that failed. */
  readonly sql: string;

  constructor(message: string, sql: string, cause?: unknown) {
    super(message, { cause });
    this.sql = sql;
  }
}

/**
 * A service the run depends on is unreachable or not set up as named: a ClickHouse server that
 * does not answer or refuses the credentials, a cluster name its `remote_servers` does not list.
 * Exit code 3, like bad input: what the user pointed peerscope at is wrong, not peerscope.
 */
export class EnvironmentError extends Error {
  override name = 'EnvironmentError';
}

/** Wrong options or arguments: a bad value, or a combination that cannot work. */
export class UsageError extends Error {
  override name = 'UsageError';
  private readonly text: ErrorText;

  constructor(text: ErrorText, options: { cause?: unknown } = {}) {
    super(render(text, asIs), { cause: options.cause });
    this.text = text;
  }

  /** The message with options named by `name`. */
  describe(name: NameOption): string {
    return render(this.text, name);
  }
}

/** An error's message with its options named by `name` (any error: others keep their message). */
export function describeError(error: unknown, name: NameOption): string {
  if (error instanceof InputError || error instanceof UsageError) return error.describe(name);
  return error instanceof Error ? error.message : String(error);
}

/** Exit codes, one per error class; anything else is an internal error (1). */
export const EXIT_CODES = { ok: 0, internal: 1, usage: 2, input: 3, query: 4 } as const;

/** The process exit code for an error. */
export function exitCodeFor(error: unknown): number {
  if (error instanceof UsageError) return EXIT_CODES.usage;
  if (error instanceof InputError || error instanceof EnvironmentError) return EXIT_CODES.input;
  if (error instanceof QueryError) return EXIT_CODES.query;
  return EXIT_CODES.internal;
}
