// The data the fault cases start from, made once per test process: a generated LANL-like set
// (`peerscope generate --scale 0.002 --days 3`, ~92 k auth and ~49 k flow lines, several 1 MiB
// blocks per file) and a mini set sampled from it for the cases where size does not matter.
import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describeRun, peerscope, REPO_ROOT } from './peerscope-cli.js';

let root: string | undefined;
let counter = 0;

/** A fresh empty folder under this process's scratch root (removed when the process exits). */
export function scratch(name: string): string {
  if (root === undefined) {
    const made = mkdtempSync(join(tmpdir(), 'peerscope-faults-'));
    root = made;
    if (!process.env.PEERSCOPE_KEEP_FAULTS) process.on('exit', () => rmSync(made, { recursive: true, force: true }));
  }
  const dir = join(root, `${String(++counter).padStart(3, '0')}-${name.replace(/[^A-Za-z0-9._-]/g, '_')}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

let generated: Promise<string> | undefined;
let mini: Promise<string> | undefined;

const GENERATE_ARGS = ['--scale', '0.002', '--days', '3'];

/**
 * auth.txt, flows.txt, redteam.txt of `peerscope generate --scale 0.002 --days 3` (seed 1), read
 * only. The generator is deterministic, so the set is made once for all test files and kept in
 * test-output/ (git-ignored) under a hash of the built generator: a changed generator makes a
 * new one.
 */
export function generatedData(): Promise<string> {
  generated ??= (async () => {
    const hash = createHash('sha256').update(GENERATE_ARGS.join(' '));
    const dist = join(REPO_ROOT, 'dist');
    for (const name of readdirSync(join(dist, 'generate'))
      .filter((n) => n.endsWith('.js'))
      .sort())
      hash.update(name).update(readFileSync(join(dist, 'generate', name)));
    hash.update(readFileSync(join(dist, 'cli', 'generate-command.js')));
    const cache = join(REPO_ROOT, 'test-output', 'faults-cache');
    const dir = join(cache, `generated-${hash.digest('hex').slice(0, 16)}`);
    if (existsSync(join(dir, 'redteam.txt'))) return dir;
    const made = scratch('generated');
    const run = await peerscope(['generate', made, ...GENERATE_ARGS], { timeoutMs: 120_000 });
    if (run.status !== 0) throw new Error(`could not generate the data set: ${describeRun(run)}`);
    mkdirSync(cache, { recursive: true });
    const staged = mkdtempSync(join(cache, '.staging-'));
    for (const name of ['auth.txt', 'flows.txt', 'redteam.txt']) copyFileSync(join(made, name), join(staged, name));
    try {
      renameSync(staged, dir);
    } catch {
      // Another test process put the same set there first.
      rmSync(staged, { recursive: true, force: true });
    }
    return dir;
  })();
  return generated;
}

/**
 * Every 20th auth line and every Interactive one (so all 73 human hosts, 2 of them compromised,
 * stay), every 10th flow line (still sorted by time), all of redteam.
 */
export function miniData(): Promise<string> {
  mini ??= (async () => {
    const g = await generatedData();
    const dir = scratch('mini');
    const keep = (name: string, wanted: (line: string, i: number) => boolean) => {
      const lines = readFileSync(join(g, name), 'utf8')
        .split('\n')
        .filter((l) => l !== '');
      writeFileSync(join(dir, name), lines.filter(wanted).join('\n') + '\n');
    };
    keep('auth.txt', (line, i) => i % 20 === 0 || line.split(',')[6] === 'Interactive');
    keep('flows.txt', (_, i) => i % 10 === 0);
    copyFileSync(join(g, 'redteam.txt'), join(dir, 'redteam.txt'));
    return dir;
  })();
  return mini;
}

/** A new DATA folder holding copies of the named files of `from` (default all three). */
export function copyData(
  from: string,
  name: string,
  files: readonly string[] = ['auth.txt', 'flows.txt', 'redteam.txt'],
): string {
  const dir = scratch(name);
  for (const f of files) copyFileSync(join(from, f), join(dir, f));
  return dir;
}

/** The lines of a plain-text input file, without their LF (a last line without LF included). */
export function linesOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  const lines = text.split('\n');
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

let baseline: Promise<string> | undefined;

/** OUT of `analyze MINI --threads 1 --no-detect --no-report`, the reference other cases compare with. */
export function miniBaseline(): Promise<string> {
  baseline ??= (async () => {
    const data = await miniData();
    const out = join(scratch('mini-baseline'), 'out');
    const run = await peerscope(['analyze', data, '--out', out, '-q', '--threads', '1', '--no-detect', '--no-report'], {
      timeoutMs: 120_000,
    });
    if (run.status !== 0) throw new Error(`the mini baseline failed: ${describeRun(run)}`);
    return out;
  })();
  return baseline;
}
