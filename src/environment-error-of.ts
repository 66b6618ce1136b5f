import { existsSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { EnvironmentError, QueryError } from './errors.js';

/** System error codes that mean the disk or its permissions, not peerscope or the data. */
const DISK_CODES = new Set(['ENOSPC', 'EDQUOT', 'EROFS', 'EACCES', 'EPERM', 'EIO', 'EFBIG']);
/** The same conditions as DuckDB words them in its IO errors. */
const DUCKDB_DISK =
  /No space left on device|Disk quota exceeded|Read-only file system|Permission denied|Input\/output error|File too large/i;

/**
 * The {@link EnvironmentError} an error is, when it is a full, read-only or forbidden disk under
 * `path` (a Node system error, or DuckDB's IO error as a QueryError); undefined for any other
 * error. The message names `what` was being written, the path and the system's words.
 */
export function environmentErrorOf(error: unknown, what: string, path: string): EnvironmentError | undefined {
  error = realMkdirError(error);
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  const message = error instanceof Error ? error.message.split('\n')[0]! : String(error);
  const disk =
    (typeof code === 'string' && DISK_CODES.has(code)) || (error instanceof QueryError && DUCKDB_DISK.test(message));
  if (!disk) return undefined;
  return new EnvironmentError(`cannot write ${what} in ${path}: ${message.replace(/^query failed: /, '')}`, {
    cause: error,
  });
}

/**
 * A recursive mkdir on a read-only file system fails with ENOENT although the parent exists;
 * the same mkdir, not recursive, gives the real cause (EROFS, EACCES).
 */
function realMkdirError(error: unknown): unknown {
  const e = error as NodeJS.ErrnoException | undefined;
  if (e?.code !== 'ENOENT' || e.syscall !== 'mkdir' || e.path === undefined || !existsSync(dirname(e.path)))
    return error;
  try {
    mkdirSync(e.path);
  } catch (again) {
    return again;
  }
  return error;
}
