import { existsSync, mkdirSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { EnvironmentError } from './errors.js';
import { environmentErrorOf } from './environment-error-of.js';

/**
 * Creates `path` and its missing parents, one level at a time. Node's recursive mkdir loops
 * forever under a parent that refuses new entries with ENOENT (`/proc`, some FUSE mounts); one
 * level at a time fails at once with the real cause. A disk, permission or missing-parent failure
 * becomes an {@link EnvironmentError} (exit 3) naming the folder; an existing folder is a no-op.
 */
export function makeFolder(path: string): void {
  const target = resolve(path);
  const missing: string[] = [];
  let at = target;
  while (!existsSync(at)) {
    missing.push(at);
    const parent = dirname(at);
    if (parent === at) break;
    at = parent;
  }
  try {
    if (missing.length === 0 && !statSync(target).isDirectory()) mkdirSync(target);
    for (const folder of missing.reverse()) {
      try {
        mkdirSync(folder);
      } catch (error) {
        // Another thread or process made it between the check and the mkdir.
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST' || !statSync(folder).isDirectory()) throw error;
      }
    }
  } catch (error) {
    const disk = environmentErrorOf(error, 'the folder', target);
    if (disk !== undefined) throw disk;
    const message = error instanceof Error ? error.message : String(error);
    throw new EnvironmentError(`cannot create the folder ${target}: ${message}`, { cause: error });
  }
}
