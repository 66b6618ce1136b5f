import { existsSync, readdirSync, realpathSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { environmentErrorOf } from './environment-error-of.js';
import { UsageError, type ErrorText } from './errors.js';
import { makeFolder } from './make-folder.js';

/**
 * How peerscope writes what it makes: a folder is built in a temporary sibling and swapped into
 * place only when complete ({@link buildOutputDir}); a file inside an existing folder is written
 * aside and renamed ({@link writeFileAtomic}); and no output may hold or lie in an input
 * ({@link assertOutsideInputs}). A reader never sees half an output, and a failed run leaves the
 * previous one as it was.
 */

/** Options of {@link buildOutputDir}. */
export interface BuildOutputDirOptions {
  /** A file whose presence marks an existing `out` as an earlier output of the same kind, which may be replaced. */
  marker: string;
  /** The refusal when `out` exists, is not empty and has no marker. */
  notOurs: ErrorText;
  /** The refusal when `out` exists and is not a folder. */
  notAFolder: ErrorText;
}

/**
 * Runs `build` on an empty temporary sibling of `out`, then swaps it into place: the earlier
 * output (if any) is renamed aside, the new one renamed in, the earlier one deleted. If `build`
 * throws, the sibling is deleted and `out` is untouched. An existing `out` is replaced only when
 * it is empty or holds `options.marker`.
 */
export async function buildOutputDir<T>(
  out: string,
  build: (dir: string) => Promise<T>,
  options: BuildOutputDirOptions,
): Promise<T> {
  const target = resolve(out);
  assertReplaceable(target, options);
  removeStaleSiblings(target);
  const tmp = join(dirname(target), `.${basename(target)}.tmp-${process.pid}-${Date.now()}`);
  const asEnvironment = (error: unknown) => environmentErrorOf(error, 'the output folder', tmp) ?? error;
  try {
    makeFolder(tmp);
  } catch (error) {
    throw environmentErrorOf(error, 'the output folder (creating it)', tmp) ?? error;
  }
  // Interrupted, the run removes its partial output first; the exit code is the shell's 128 + signal.
  const onSignal = (signal: NodeJS.Signals) => {
    rmSync(tmp, { recursive: true, force: true });
    process.exit(128 + (SIGNAL_NUMBERS[signal] ?? 15));
  };
  for (const signal of HANDLED_SIGNALS) process.once(signal, onSignal);
  try {
    let result: T;
    try {
      result = await build(tmp);
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw asEnvironment(error);
    }
    try {
      if (!existsSync(target)) {
        renameSync(tmp, target);
        return result;
      }
      const old = `${tmp}.old`;
      renameSync(target, old);
      renameSync(tmp, target);
      rmSync(old, { recursive: true, force: true });
      return result;
    } catch (error) {
      rmSync(tmp, { recursive: true, force: true });
      throw asEnvironment(error);
    }
  } finally {
    for (const signal of HANDLED_SIGNALS) process.removeListener(signal, onSignal);
  }
}

const HANDLED_SIGNALS = ['SIGINT', 'SIGTERM', 'SIGHUP'] as const;
const SIGNAL_NUMBERS: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGTERM: 15 };

/**
 * Removes the temporary siblings of `target` (`.NAME.tmp-PID-T`, and their `.old`) left by runs
 * that were killed: those whose process no longer exists. A live run's sibling is left alone.
 */
function removeStaleSiblings(target: string): void {
  const parent = dirname(target);
  const prefix = `.${basename(target)}.tmp-`;
  let names: string[];
  try {
    names = readdirSync(parent);
  } catch {
    return;
  }
  for (const name of names) {
    if (!name.startsWith(prefix)) continue;
    const match = /^(\d+)-\d+(\.old)?$/.exec(name.slice(prefix.length));
    if (!match || processAlive(Number(match[1]))) continue;
    try {
      rmSync(join(parent, name), { recursive: true, force: true });
    } catch {
      // Not ours to remove (another user's, a read-only disk): the run goes on without it.
    }
  }
}

function processAlive(pid: number): boolean {
  if (pid === process.pid) return true;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function assertReplaceable(out: string, options: BuildOutputDirOptions): void {
  if (!existsSync(out)) return;
  let names: string[];
  try {
    names = readdirSync(out);
  } catch {
    throw new UsageError(options.notAFolder);
  }
  if (names.length > 0 && !names.includes(options.marker)) throw new UsageError(options.notOurs);
}

/** Writes a file aside (`path.tmp`) and renames it into place, so a reader never sees half of it. */
export function writeFileAtomic(path: string, data: string | Uint8Array): void {
  const tmp = `${path}.tmp`;
  writeFileSync(tmp, data);
  renameSync(tmp, path);
}

/**
 * Refuses an output folder that would hold, or lie inside, one of the inputs: replacing OUT
 * deletes what it holds, and writing inside an input folder mixes results into the data.
 * Paths are compared after resolving symbolic links, so a link cannot hide the overlap.
 * `option` names the output in messages.
 */
export function assertOutsideInputs(out: string, inputs: readonly string[], option = 'out'): void {
  const o = canonical(out);
  for (const input of inputs) {
    const i = canonical(input);
    if (within(i, o)) {
      throw new UsageError(
        (name) =>
          `${name(option)} ${out} holds the input ${input}; replacing it would delete the input. Choose an output folder outside the inputs`,
      );
    }
    if (within(o, i)) {
      throw new UsageError(
        (name) => `${name(option)} ${out} is inside the input ${input}; choose an output folder outside the inputs`,
      );
    }
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
