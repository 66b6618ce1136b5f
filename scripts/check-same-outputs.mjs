// Checks that a refactor changed no output byte: builds the CLI of a git revision (the baseline)
// and of the working tree, runs the same commands with each in the same folder, and compares
// every file they wrote, and every command's stdout, stderr and exit code.
//
//   node scripts/check-same-outputs.mjs REF [--keep]
//   node scripts/check-same-outputs.mjs f3e8785      # the commit before issue 15
//
// The commands: generate (plain and gzip), analyze with detection and report on 1 thread and on
// the default threads, analyze hourly with another human rule and --svg, ingest + analyze --store,
// report and evaluate on a finished folder, --version and every command's --help, and a few
// refused runs (their messages). Each build runs in the same absolute folder, so paths written
// into the outputs agree. Compared as bytes, except summary.json (every field but `timings` and
// the version `peerscope`) and the store's manifest.json (but the version and the inputs'
// modification times, which differ by run).
// Exit 0 when everything is identical; 1 with the list of differences otherwise.
import { execFileSync, spawnSync } from 'node:child_process';
import {
  cpSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const ref = args.find((a) => !a.startsWith('--'));
if (!ref) {
  process.stderr.write(
    'usage: node scripts/check-same-outputs.mjs REF [--keep]   (REF: the git revision to compare with)\n',
  );
  process.exit(2);
}
const work = join(tmpdir(), 'peerscope-same-outputs');
const run = join(work, 'run');
rmSync(work, { recursive: true, force: true });
mkdirSync(work, { recursive: true });

// The baseline: the revision's files, this checkout's node_modules, its own build.
const baseline = join(work, 'baseline-src');
mkdirSync(baseline);
execFileSync('sh', ['-c', `git -C "${root}" archive "${ref}" | tar -x -C "${baseline}"`], { stdio: 'inherit' });
symlinkSync(join(root, 'node_modules'), join(baseline, 'node_modules'));
build(baseline);
build(root);

runAll(join(baseline, 'dist', 'cli', 'main.js'), 'baseline');
runAll(join(root, 'dist', 'cli', 'main.js'), 'current');

const differences = [];
const files = compareTrees(join(work, 'baseline'), join(work, 'current'), differences);
if (differences.length > 0) {
  process.stdout.write(
    `DIFFERENT: ${differences.length} of ${files} files differ between ${ref} and the working tree:\n`,
  );
  for (const d of differences) process.stdout.write(`  ${d}\n`);
  process.stdout.write(`outputs kept in ${work}\n`);
  process.exit(1);
}
process.stdout.write(
  `identical: ${files} files (outputs, stdout, stderr, exit codes) of ${ref} and the working tree\n`,
);
if (args.includes('--keep')) process.stdout.write(`outputs kept in ${work}\n`);
else rmSync(work, { recursive: true, force: true });

function build(dir) {
  rmSync(join(dir, 'dist'), { recursive: true, force: true });
  execFileSync(
    process.execPath,
    [join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', join(dir, 'tsconfig.build.json')],
    { stdio: 'inherit' },
  );
}

/** Runs every command with `cli` in `run`, then moves `run` to `work/label`. */
function runAll(cli, label) {
  mkdirSync(run);
  const results = [];
  const peerscope = (...argv) => {
    const r = spawnSync(process.execPath, [cli, ...argv], { cwd: run, encoding: 'utf8' });
    results.push({ argv, status: r.status, stdout: r.stdout, stderr: r.stderr });
  };
  peerscope('generate', 'data', '--scale', '0.005', '--days', '5', '--seed', '3', '-q');
  peerscope(
    'generate',
    'data-gz',
    '--scale',
    '0.002',
    '--days',
    '3',
    '--seed',
    '4',
    '--gz',
    '--redteam',
    'synthetic',
    '-q',
  );
  peerscope('analyze', 'data', '--out', 'serial', '--threads', '1');
  peerscope('analyze', 'data', '--out', 'parallel');
  peerscope(
    'analyze',
    'data-gz',
    '--out',
    'hourly',
    '--interval',
    '3600',
    '--human-logon-types',
    'Interactive,Network',
    '--threads',
    '2',
    '--svg',
  );
  peerscope('analyze', 'data-gz', '--out', 'seed-only', '--no-detect', '--no-report');
  peerscope('ingest', 'data', '--out', 'store');
  peerscope('ingest', 'data', '--out', 'store');
  peerscope('analyze', '--store', 'store', '--out', 'from-store');
  cpSync(join(run, 'serial'), join(run, 'rebuilt'), { recursive: true });
  rmSync(join(run, 'rebuilt', 'report.html'));
  peerscope('report', 'rebuilt');
  peerscope('evaluate', 'rebuilt', '--json');
  peerscope('evaluate', 'rebuilt', '--window', '600');
  peerscope('--version');
  for (const command of ['generate', 'ingest', 'analyze', 'report', 'compare', 'kde', 'evaluate'])
    peerscope(command, '--help');
  // Refused runs: the messages are output too.
  peerscope('analyze', 'data', '--out', 'bad', '--interval', '0');
  peerscope('analyze', 'data', '--out', 'bad', '--threads', 'x');
  peerscope('analyze', 'nope', '--out', 'bad');
  peerscope('analyze', 'data', '--out', 'data/inside');
  peerscope('analyze', '--store', 'data', '--out', 'bad');
  peerscope('analyze', 'data', '--store', 'store', '--out', 'bad');
  peerscope('analyze', 'data', '--out', 'data-gz');
  peerscope('ingest', 'data-gz', '--out', 'store');
  peerscope('report', 'data');
  peerscope('evaluate', 'seed-only');
  writeFileSync(join(run, 'commands.json'), JSON.stringify(results, null, 2) + '\n');
  renameSync(run, join(work, label));
}

function tree(dir) {
  const out = [];
  const walk = (d) => {
    for (const name of readdirSync(d).sort()) {
      const p = join(d, name);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(relative(dir, p));
    }
  };
  walk(dir);
  return out;
}

function compareTrees(a, b, differences) {
  const ta = tree(a);
  const tb = tree(b);
  for (const f of ta.filter((f) => !tb.includes(f))) differences.push(`${f}: only in the baseline`);
  for (const f of tb.filter((f) => !ta.includes(f))) differences.push(`${f}: only in the working tree`);
  for (const f of ta.filter((f) => tb.includes(f))) {
    const x = readFileSync(join(a, f));
    const y = readFileSync(join(b, f));
    const name = f.split('/').at(-1);
    if (name === 'summary.json' || name === 'manifest.json') {
      const strip = (text) =>
        JSON.stringify(JSON.parse(text), (key, value) =>
          key === 'timings' || key === 'peerscope' || key === 'mtime_ms' ? undefined : value,
        );
      if (strip(x.toString('utf8')) !== strip(y.toString('utf8'))) differences.push(`${f}: fields differ`);
    } else if (!x.equals(y)) {
      differences.push(`${f}: bytes differ`);
    }
  }
  return ta.length;
}
