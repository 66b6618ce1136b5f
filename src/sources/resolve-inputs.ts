import { readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { InputError } from '../errors.js';
import { findLogFiles } from './find-log-files.js';
import type { InputFile } from './input-file.js';
import type { LogKind } from './log-formats.js';

export type { InputFile } from './input-file.js';

/** Where to find each kind: a DATA folder and/or explicit files or folders. */
export interface InputSpec {
  data?: string;
  auth?: string;
  flows?: string;
  redteam?: string;
  proc?: string;
  dns?: string;
}

/** The files of each kind; auth and flows are required (unless made optional), the rest may be empty. */
export type ResolvedInputs = Record<LogKind, InputFile[]>;

const KINDS: readonly LogKind[] = ['auth', 'flows', 'redteam', 'proc', 'dns'];
const REQUIRED: readonly LogKind[] = ['auth', 'flows'];
const SPLIT_EXTENSIONS = ['.txt', '.txt.gz', '.csv', '.csv.gz'];

/**
 * Finds the input files. In DATA, kind K is `K.txt`, `K.txt.gz`, or a folder `K/` of splits
 * (`*.txt`, `*.txt.gz`, read in name order). An explicit --K path may be a file or such a folder;
 * for flows also a Zeek log folder (`conn.log`, `conn.*.log.gz`). Kinds in `optional` may be absent.
 */
export function resolveInputs(spec: InputSpec, optional: readonly LogKind[] = []): ResolvedInputs {
  if (spec.data !== undefined) checkFolder(spec.data);
  const out = {} as ResolvedInputs;
  for (const kind of KINDS) {
    const explicit = spec[kind];
    const files =
      explicit !== undefined
        ? fromPath(kind, explicit, true)
        : spec.data !== undefined
          ? fromData(kind, spec.data)
          : [];
    if (files.length === 0 && REQUIRED.includes(kind) && !optional.includes(kind)) {
      const data = spec.data;
      throw new InputError(
        (name) =>
          `missing required input: ${
            data !== undefined
              ? `no ${kind}.txt, ${kind}.txt.gz or ${kind}/ folder`
              : `no ${kind} file given (use ${name('data')} or ${name(kind)})`
          }`,
        { file: data },
      );
    }
    out[kind] = files;
  }
  return out;
}

/** Every path the inputs came from: the folders and files named, and each file found. */
export function inputPaths(spec: InputSpec, inputs: ResolvedInputs): string[] {
  const named = [spec.data, spec.auth, spec.flows, spec.redteam, spec.proc, spec.dns].filter(
    (p): p is string => p !== undefined,
  );
  return [...named, ...Object.values(inputs).flatMap((files) => files.map((f) => f.path))];
}

function fromData(kind: LogKind, data: string): InputFile[] {
  for (const name of [`${kind}.txt`, `${kind}.txt.gz`, kind]) {
    const path = join(data, name);
    if (exists(path)) return fromPath(kind, path, false);
  }
  return [];
}

function fromPath(kind: LogKind, path: string, explicit: boolean): InputFile[] {
  let stat;
  try {
    stat = statSync(path);
  } catch (error) {
    throw new InputError((name) => (explicit ? `${name(kind)} file not found` : 'cannot read'), {
      file: path,
      cause: error,
    });
  }
  if (!stat.isDirectory()) return [file(kind, path, basename(path), stat.size)];
  const names = checkFolder(path)
    .filter((n) => SPLIT_EXTENSIONS.some((e) => n.endsWith(e)))
    .sort();
  if (names.length === 0) {
    // A Zeek log folder (conn.log, rotated conn.*.log.gz) holds flows under Zeek's names.
    if (kind === 'flows') {
      try {
        return findLogFiles(path, kind, 'conn');
      } catch {
        // Neither kind of folder: the splits' message stands.
      }
    }
    throw new InputError(`folder holds no .txt or .txt.gz splits`, { file: path });
  }
  // A DATA folder given as --auth would read flows.txt, redteam.txt... as auth splits, and a
  // flows line has auth's nine fields: its rows would be counted as logons without a word.
  const others = names.filter((n) => KINDS.some((k) => k !== kind && SPLIT_EXTENSIONS.some((e) => n === k + e)));
  if (others.length > 0)
    throw new InputError(
      (name) =>
        `a folder of ${kind} splits, but it holds ${others.join(', ')} (other kinds' files): ` +
        (explicit
          ? `if it is a DATA folder give it as DATA, or give ${name(kind)} the ${kind} file itself`
          : 'move them out'),
      { file: path },
    );
  return names.map((n) => {
    const p = join(path, n);
    return file(kind, p, `${basename(path)}/${n}`, statSync(p).size);
  });
}

function file(kind: LogKind, path: string, label: string, bytes: number): InputFile {
  return { kind, path, label, bytes, gzip: path.endsWith('.gz') };
}

function checkFolder(path: string): string[] {
  try {
    return readdirSync(path);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const why =
      code === 'ENOENT'
        ? 'folder not found'
        : code === 'ENOTDIR'
          ? 'not a folder'
          : code === 'EACCES'
            ? 'folder not readable (permission denied)'
            : 'folder not readable';
    throw new InputError(why, { file: path, cause: error });
  }
}

function exists(path: string): boolean {
  try {
    statSync(path);
    return true;
  } catch {
    return false;
  }
}
