import { readFileSync } from 'node:fs';
import type { z } from 'zod';
import { InputError } from './errors.js';

/**
 * Reads a JSON file peerscope wrote earlier (summary.json, a store's manifest) and checks it
 * against `schema`: a malformed file is an InputError naming the file and the first bad field,
 * e.g. `out/summary.json: time_span.first: Invalid input: expected number, received string`.
 * Returns the parsed JSON itself, not the schema's copy of it, so key order (which the files
 * written from it keep) is the file's.
 */
export function readJsonFile<T>(path: string, schema: z.ZodType<T>): T {
  let value: unknown;
  try {
    value = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    const why = error instanceof SyntaxError ? `not valid JSON (${error.message})` : (error as Error).message;
    throw new InputError(why, { file: path, cause: error });
  }
  return checkJson(path, value, schema);
}

/** Checks a value read from `path` against `schema`, as {@link readJsonFile} does. */
export function checkJson<T>(path: string, value: unknown, schema: z.ZodType<T>): T {
  const checked = schema.safeParse(value);
  if (!checked.success) {
    const issue = checked.error.issues[0];
    const field = issue && issue.path.length > 0 ? `${issue.path.join('.')}: ` : '';
    throw new InputError(`${field}${issue?.message ?? 'does not match its schema'}`, { file: path });
  }
  return value as T;
}
