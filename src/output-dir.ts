import { existsSync, realpathSync } from 'node:fs';
import { basename, dirname, join, relative, resolve, isAbsolute } from 'node:path';
import { UsageError } from './errors.js';

/**
 * Refuses an output folder that would hold, or lie inside, one of the inputs: replacing OUT
 * deletes what it holds, and writing inside an input folder mixes results into the data.
 * Paths are compared after resolving symbolic links, so a link cannot hide the overlap.
 */
export function assertOutsideInputs(out: string, inputs: readonly string[], option = 'out'): void {
  const o = canonical(out);
  for (const input of inputs) {
    const i = canonical(input);
    if (within(i, o))
      throw new UsageError(
        `--${option} ${out} holds the input ${input}; replacing it would delete the input. Choose an output folder outside the inputs`,
      );
    if (within(o, i))
      throw new UsageError(
        `--${option} ${out} is inside the input ${input}; choose an output folder outside the inputs`,
      );
  }
}

/** Whether `path` is `folder` or lies below it. */
function within(path: string, folder: string): boolean {
  const r = relative(folder, path);
  return r === '' || (!r.startsWith('..') && !isAbsolute(r));
}

/** The absolute path with links resolved, for the part of it that exists. */
function canonical(path: string): string {
  let p = resolve(path);
  const rest: string[] = [];
  while (!existsSync(p) && dirname(p) !== p) {
    rest.unshift(basename(p));
    p = dirname(p);
  }
  try {
    p = realpathSync(p);
  } catch {
    // An unreadable ancestor: compare the path as given.
  }
  return join(p, ...rest);
}
