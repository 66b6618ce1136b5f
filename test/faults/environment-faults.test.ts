// Faults of the machine rather than the data: OUT overlapping an input (16.1), signals during
// analyze and the temporary siblings of dead runs (16.9), a read-only or full disk (16.10):
// one exit code for the environment (CONTRACT.exit.environment), the path and what was being
// written, OUT as it was, nothing left behind.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { join } from 'node:path';
import { faultCase, faultGroup } from './fault-case.js';
import { assertErrorAt, assertExit, oneLineError } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, generatedData, miniData, scratch } from './helpers/fault-data.js';
import { inMountNamespace, mountSandboxUnavailable, shellQuote } from './helpers/mount-sandbox.js';
import {
  assertNoTempSiblings,
  assertTreeUnchanged,
  previousOut,
  snapshotTree,
  tempSiblings,
} from './helpers/output-tree.js';
import { describeRun, peerscope, startPeerscope, type CliRun } from './helpers/peerscope-cli.js';

/** A run read back from files a namespaced script wrote: `NAME.rc`, `NAME.err`. */
function scriptedRun(results: string, name: string): CliRun {
  const read = (ext: string) =>
    existsSync(join(results, `${name}.${ext}`)) ? readFileSync(join(results, `${name}.${ext}`), 'utf8') : '';
  const rc = read('rc').trim();
  return {
    args: [name],
    status: rc === '' ? null : Number(rc),
    signal: null,
    stdout: read('out'),
    stderr: read('err'),
    ms: 0,
    timedOut: false,
    overMemory: false,
    peakRssMiB: 0,
  };
}

/** An environment error: the one exit code, one line, the path, and what was being done to it. */
function assertEnvironmentError(run: CliRun, path: string, cause: RegExp): void {
  assert.ok(!(CONTRACT.crashes as readonly number[]).includes(run.status ?? -1), `not a crash: ${describeRun(run)}`);
  assertExit(run, CONTRACT.exit.environment);
  const message = oneLineError(run);
  assert.ok(message.includes(path), `the message names a path under ${path}: ${message}`);
  assert.match(message, cause, 'the message says why');
  assert.match(message, /writ|creat|mak|renam|mkdir|open/i, `the message says what was being written: ${message}`);
}

/** Sends `signal` to analyze once its temporary sibling exists; returns the run and the previous OUT. */
async function signalDuringAnalyze(signal: NodeJS.Signals): Promise<void> {
  const g = await generatedData();
  const prev = previousOut(scratch(`signal-${signal}`));
  const started = startPeerscope(['analyze', g, '--out', prev.out, '-q'], { timeoutMs: 120_000 });
  const t0 = Date.now();
  while (tempSiblings(prev.out).length === 0 && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
  assert.ok(tempSiblings(prev.out).length > 0, 'analyze started building OUT');
  await new Promise((r) => setTimeout(r, 300));
  const sentAt = Date.now();
  started.child.kill(signal);
  const run = await started.done;
  assert.notEqual(run.status, 0, `the run was interrupted, not finished: ${describeRun(run)}`);
  assert.ok(!run.timedOut && Date.now() - sentAt < 15_000, `exits promptly after ${signal}: ${describeRun(run)}`);
  assertTreeUnchanged(prev.out, prev.before, `OUT after ${signal}`);
  assertNoTempSiblings(prev.out);
}

let stale: Promise<{ run: CliRun; out: string; dead: string[]; live: string }> | undefined;
/** Temporary siblings of a dead process (one of them a `.old`) and of a live one next to OUT, then a run. */
function staleSiblings() {
  stale ??= (async () => {
    const mini = await miniData();
    const parent = scratch('stale');
    const out = join(parent, 'out');
    const deadPid = spawnSync(process.execPath, ['-e', '0']).pid;
    const dead = [`.out.tmp-${deadPid}-1790000000000`, `.out.tmp-${deadPid}-1790000000001.old`];
    const live = `.out.tmp-${process.pid}-1790000000002`;
    for (const name of [...dead, live]) {
      mkdirSync(join(parent, name, 'rejected'), { recursive: true });
      writeFileSync(join(parent, name, 'series.csv'), 'partial output of a killed run\n');
    }
    const run = await peerscope(['analyze', mini, '--out', out, '-q', '--no-detect', '--no-report']);
    return { run, out, dead, live };
  })();
  return stale;
}

faultGroup('environment faults', 2, () => {
  faultCase(
    'out-holds-input',
    "the issue's sequence (analyze g --out g2.out; copy g into g2.out/data; analyze g2.out/data --out g2.out) and its variants (a link to OUT, --auth inside OUT, OUT inside the input, ingest): exit 2, one line, the input untouched",
    async () => {
      const mini = await miniData();
      const parent = scratch('overlap');
      const out = join(parent, 'g2.out');
      assertExit(await peerscope(['analyze', mini, '--out', out, '-q', '--no-detect', '--no-report']), 0);
      const inner = join(out, 'data');
      mkdirSync(inner);
      for (const name of readdirSync(mini)) cpSync(join(mini, name), join(inner, name));
      const before = snapshotTree(inner);
      symlinkSync(out, join(parent, 'link'));
      const runs = await Promise.all([
        peerscope(['analyze', inner, '--out', out, '-q']),
        peerscope([
          'analyze',
          '--auth',
          join(parent, 'link', 'data', 'auth.txt'),
          '--flows',
          join(mini, 'flows.txt'),
          '--out',
          out,
          '-q',
        ]),
        peerscope(['analyze', inner, '--out', join(inner, 'results'), '-q']),
        peerscope(['ingest', inner, '--out', out, '-q']),
      ]);
      for (const run of runs) assertErrorAt(run, CONTRACT.exit.usage, { file: out });
      assertTreeUnchanged(inner, before, 'the input');
    },
  );

  faultCase(
    'out-not-an-output',
    'OUT that is a foreign folder or a file: exit 2, one line naming it, untouched',
    async () => {
      const mini = await miniData();
      const parent = scratch('foreign');
      const folder = join(parent, 'thesis');
      mkdirSync(folder);
      writeFileSync(join(folder, 'thesis.tex'), 'years of work');
      const file = join(parent, 'notes.txt');
      writeFileSync(file, 'a file');
      const before = snapshotTree(parent);
      const runs = await Promise.all([
        peerscope(['analyze', mini, '--out', folder, '-q']),
        peerscope(['analyze', mini, '--out', file, '-q']),
        peerscope(['ingest', mini, '--out', folder, '-q']),
      ]);
      assertErrorAt(runs[0], CONTRACT.exit.usage, { file: folder });
      assertErrorAt(runs[1], CONTRACT.exit.usage, { file });
      assertErrorAt(runs[2], CONTRACT.exit.usage, { file: folder });
      assertTreeUnchanged(parent, before);
    },
  );

  faultCase(
    'sigterm-during-analyze',
    'SIGTERM while analyze builds OUT: a prompt non-zero exit, the previous OUT untouched, no .OUT.tmp-* left',
    () => signalDuringAnalyze('SIGTERM'),
  );

  faultCase(
    'sigint-during-analyze',
    'SIGINT (Ctrl-C) while analyze builds OUT: a prompt non-zero exit, the previous OUT untouched, no .OUT.tmp-* left',
    () => signalDuringAnalyze('SIGINT'),
  );

  faultCase(
    'stale-temp-removed',
    'temporary siblings of OUT left by a dead process (.OUT.tmp-PID-T and its .old) are removed by the next run',
    async () => {
      const { run, out, dead } = await staleSiblings();
      assertExit(run, 0);
      for (const name of dead) assert.ok(!existsSync(join(out, '..', name)), `${name} removed`);
    },
  );

  faultCase(
    'live-temp-kept',
    'the temporary sibling of a process that is still running is left alone by another run',
    async () => {
      const { run, out, live } = await staleSiblings();
      assertExit(run, 0);
      assert.ok(existsSync(join(out, '..', live, 'series.csv')), `${live} kept`);
    },
  );

  faultCase(
    'out-on-proc',
    `OUT under a folder that refuses new entries with ENOENT (/proc, where Node's recursive mkdir loops forever): analyze and ingest exit ${CONTRACT.exit.environment} at once with one line naming the path`,
    async () => {
      const mini = await miniData();
      const out = `/proc/peerscope-${process.pid}/out`;
      const runs = await Promise.all([
        peerscope(['analyze', mini, '--out', out, '-q', '--no-detect', '--no-report']),
        peerscope(['ingest', mini, '--out', out, '-q']),
      ]);
      for (const run of runs) {
        assert.ok(!run.timedOut, `no hang: ${describeRun(run)}`);
        assertEnvironmentError(run, `/proc/peerscope-${process.pid}`, /no such file or directory/i);
      }
    },
  );

  faultCase(
    'read-only-out',
    `OUT on a read-only file system (a read-only bind mount of its parent; chmod 555 when not root): analyze and ingest exit ${CONTRACT.exit.environment} with one line naming the path and what was being written, the previous OUT untouched`,
    async (t) => {
      const mini = await miniData();
      const parent = scratch('read-only');
      const prev = previousOut(parent);
      const results = scratch('read-only-results');
      const why = mountSandboxUnavailable();
      let analyze: CliRun;
      let ingest: CliRun;
      if (why === undefined) {
        const script = `mount --bind "$1" "$1" && mount -o remount,ro,bind "$1" || exit 9
peerscope analyze "$3" --out "$1/out" -q --no-detect --no-report >"$2/analyze.out" 2>"$2/analyze.err"; echo $? >"$2/analyze.rc"
peerscope ingest "$3" --out "$1/store" -q >"$2/ingest.out" 2>"$2/ingest.err"; echo $? >"$2/ingest.rc"`;
        const ns = await peerscope([], {
          command: inMountNamespace(script, [parent, results, mini]),
          timeoutMs: 120_000,
        });
        assert.equal(ns.status, 0, `the namespace script ran: ${describeRun(ns)}`);
        analyze = scriptedRun(results, 'analyze');
        ingest = scriptedRun(results, 'ingest');
      } else if (process.getuid?.() !== 0) {
        chmodSync(parent, 0o555);
        try {
          [analyze, ingest] = await Promise.all([
            peerscope(['analyze', mini, '--out', prev.out, '-q', '--no-detect', '--no-report']),
            peerscope(['ingest', mini, '--out', join(parent, 'store'), '-q']),
          ]);
        } finally {
          chmodSync(parent, 0o755);
        }
      } else {
        t.skip(`root ignores permissions and ${why}`);
        return;
      }
      const problems: string[] = [];
      for (const [name, run] of [
        ['analyze', analyze],
        ['ingest', ingest],
      ] as const) {
        try {
          assertEnvironmentError(run, parent, /read-only|EROFS|permission|EACCES/i);
        } catch (error) {
          problems.push(`${name}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
      assertTreeUnchanged(prev.out, prev.before);
      assertNoTempSiblings(prev.out);
    },
  );

  faultCase(
    'full-disk-out',
    `OUT on a full disk (a 16 KiB tmpfs; the failing write is analyze's own rejected/ file, or DuckDB's series.csv), and a store on one: exit ${CONTRACT.exit.environment} with one line naming the path and what was being written, the previous OUT untouched, no temporary folder left, no hang`,
    async (t) => {
      const why = mountSandboxUnavailable();
      if (why !== undefined) {
        t.skip(why);
        return;
      }
      const mini = await miniData();
      const withRejects = copyData(mini, 'full-disk-rejects');
      writeFileSync(
        join(withRejects, 'auth.txt'),
        readFileSync(join(mini, 'auth.txt'), 'utf8') + `${'x'.repeat(99)}\n`.repeat(2000),
      );
      const prep = previousOut(scratch('full-disk-prev'));
      const work = scratch('full-disk');
      const results = scratch('full-disk-results');
      const variants = [
        { name: 'js-write', command: `analyze ${shellQuote(withRejects)} --out "$m/out" -q --no-detect --no-report` },
        { name: 'duckdb-write', command: `analyze ${shellQuote(mini)} --out "$m/out" -q --no-detect --no-report` },
        { name: 'ingest', command: `ingest ${shellQuote(mini)} --out "$m/store" -q` },
      ];
      // Each command has its own limit: a hang on ENOSPC is a failure to report, not a stuck suite.
      const script = variants
        .map(
          (v) => `m="$1/${v.name}"; mkdir -p "$m" && mount -t tmpfs -o size=16k tmpfs "$m" || exit 9
cp -a "$2" "$m/out"
timeout -s KILL 60 "$PEERSCOPE_NODE" "$PEERSCOPE_MAIN" ${v.command} >"$3/${v.name}.out" 2>"$3/${v.name}.err"; echo $? >"$3/${v.name}.rc"
ls -A "$m" >"$3/${v.name}.ls"; cp -a "$m/out" "$3/${v.name}.after"
umount "$m"`,
        )
        .join('\n');
      const ns = await peerscope([], {
        command: inMountNamespace(script, [work, prep.out, results]),
        timeoutMs: 240_000,
      });
      assert.equal(ns.status, 0, `the namespace script ran: ${describeRun(ns)}`);
      // Every variant is checked before failing, so the report shows what each writer does.
      const problems: string[] = [];
      for (const v of variants) {
        try {
          const run = scriptedRun(results, v.name);
          assert.notEqual(run.status, 137, `${v.name}: killed after 60 s (a hang): ${run.stderr}`);
          assertEnvironmentError(run, join(work, v.name), /no space|ENOSPC|disk.*full/i);
          assertTreeUnchanged(join(results, `${v.name}.after`), prep.before, `OUT on the full disk (${v.name})`);
          const left = readFileSync(join(results, `${v.name}.ls`), 'utf8')
            .split('\n')
            .filter((n) => n !== '' && n !== 'store');
          assert.deepEqual(left, ['out'], `${v.name}: nothing but OUT (and the store) left on the disk`);
        } catch (error) {
          problems.push(`${v.name}: ${(error as Error).message.split('\n')[0]}`);
        }
      }
      assert.deepEqual(problems, [], problems.join('\n'));
    },
    { timeout: 300_000 },
  );
});
