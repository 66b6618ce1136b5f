// Unbounded requests (16.11) and the usage and missing-input errors that hold: --threads 1000 is
// capped at the cores, huge kde grids and degenerate kde columns are usage errors (exit 2, as
// compare), bad flags exit 2 naming the flag, missing or unreadable inputs exit 3 naming the path.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { faultCase, faultGroup } from './fault-case.js';
import { readSummary } from './helpers/assert-output.js';
import { assertErrorAt, assertExit, assertNoCrash } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, miniBaseline, miniData, scratch } from './helpers/fault-data.js';
import { describeRun, peerscope, type CliRun } from './helpers/peerscope-cli.js';

/** Exit 2 and a first stderr line naming the flag (commander adds its help after it). */
function assertUsage(run: CliRun, flag: string): void {
  assertNoCrash(run);
  assertExit(run, CONTRACT.exit.usage);
  const first = run.stderr.split('\n')[0] ?? '';
  assert.ok(first.includes(flag), `the first line names ${flag}: ${describeRun(run)}`);
}

faultGroup('limits and usage', 2, () => {
  faultCase(
    'threads-capped',
    `--threads 1000 runs with at most the ${availableParallelism()} cores (summary.json says the threads used), stays under 400 MiB and 32 threads and gives the same results as --threads 2`,
    async () => {
      const mini = await miniData();
      const out = join(scratch('threads-1000'), 'out');
      const run = await peerscope(
        ['analyze', mini, '--out', out, '-q', '--threads', '1000', '--no-detect', '--no-report'],
        { timeoutMs: 30_000, maxRssMiB: 400, maxThreads: 32 },
      );
      assertNoCrash(run);
      assertExit(run, 0);
      const summary = readSummary(out);
      assert.equal(typeof summary.threads, 'number', 'summary.json records the threads used');
      assert.ok(
        (summary.threads as number) >= 1 && (summary.threads as number) <= availableParallelism(),
        `threads ${String(summary.threads)} ≤ ${availableParallelism()} cores`,
      );
      const baseline = await miniBaseline();
      for (const name of ['humans.csv', 'series.csv'])
        assert.ok(readFileSync(join(out, name)).equals(readFileSync(join(baseline, name))), name);
    },
  );

  faultCase(
    'bad-flags',
    '--threads 0 / abc, --interval -5 / 1.5, an unknown flag, --store with DATA: exit 2, the first line names the flag',
    async () => {
      const mini = await miniData();
      const out = join(scratch('bad-flags'), 'out');
      const cases: [string[], string][] = [
        [['--threads', '0'], '--threads'],
        [['--threads', '1.5'], '--threads'],
        [['--threads', 'abc'], '--threads'],
        [['--interval', '0'], '--interval'],
        [['--interval', '-5'], '--interval'],
        [['--interval', '1.5'], '--interval'],
        [['--no-such-flag'], '--no-such-flag'],
        [['--store', mini], '--store'],
      ];
      const runs = await Promise.all(
        cases.map(([flags]) => peerscope(['analyze', mini, '--out', out, '-q', ...flags])),
      );
      runs.forEach((run, i) => assertUsage(run, cases[i]![1]));
    },
  );

  faultCase(
    'kde-grid-capped',
    'kde --grid 0:1:1e9 is a usage error naming --grid, at once (not a V8 out-of-memory; run with a 64 MB heap, in which a normal kde runs, so the failure is quick)',
    async () => {
      const dir = scratch('kde-grid');
      writeFileSync(join(dir, 'x.csv'), 'x\n1\n2\n3\n5\n8\n');
      const run = await peerscope(['kde', join(dir, 'x.csv'), '--column', 'x', '--grid', '0:1:1e9'], {
        timeoutMs: 15_000,
        maxRssMiB: 512,
        nodeArgs: ['--max-old-space-size=64'],
      });
      assertNoCrash(run);
      assertExit(run, CONTRACT.exit.usage);
      assert.match(run.stderr.split('\n')[0] ?? '', /--grid/);
    },
  );

  faultCase(
    'kde-degenerate-column',
    'kde on an all-NaN, a constant and a single-value column: exit 2 with one line naming the column, as compare does',
    async () => {
      const dir = scratch('kde-degenerate');
      const files = { nan: 'x\nNaN\nNaN\n', constant: 'x\n5\n5\n5\n', single: 'x\n5\n' };
      const runs = await Promise.all(
        Object.entries(files).map(([name, text]) => {
          writeFileSync(join(dir, `${name}.csv`), text);
          return peerscope(['kde', join(dir, `${name}.csv`), '--column', 'x']);
        }),
      );
      for (const run of runs) assertErrorAt(run, CONTRACT.exit.usage, { file: '"x"' });
    },
  );

  faultCase(
    'compare-degenerate-column',
    'compare with an all-NaN column: exit 2 with one line naming the column (the behaviour kde should match)',
    async () => {
      const dir = scratch('compare-degenerate');
      writeFileSync(join(dir, 'nan.csv'), 'x\nNaN\nNaN\n');
      writeFileSync(join(dir, 'ok.csv'), 'x\n1\n2\n3\n');
      assertErrorAt(
        await peerscope(['compare', join(dir, 'nan.csv'), join(dir, 'ok.csv'), '--column', 'x']),
        CONTRACT.exit.usage,
        { file: '"x"' },
      );
    },
  );

  faultCase(
    'missing-inputs',
    'no auth file, a missing DATA folder, a broken link, a link loop, a split folder without splits, a missing --flows file: exit 3, one line naming the path',
    async () => {
      const mini = await miniData();
      const noAuth = copyData(mini, 'no-auth', ['flows.txt']);
      const broken = copyData(mini, 'broken-link', ['flows.txt']);
      symlinkSync(join(broken, 'nowhere.txt'), join(broken, 'auth.txt'));
      const loop = copyData(mini, 'link-loop', ['flows.txt']);
      symlinkSync(join(loop, 'auth.txt'), join(loop, 'auth.txt'));
      const empty = copyData(mini, 'no-splits', ['flows.txt']);
      mkdirSync(join(empty, 'auth'));
      writeFileSync(join(empty, 'auth', 'README'), 'not a split');
      const out = join(scratch('missing-out'), 'out');
      const cases: [string[], string][] = [
        [[noAuth], noAuth],
        [[join(mini, 'nope')], 'nope'],
        [[broken], broken],
        [[loop], loop],
        [[empty], join(empty, 'auth')],
        [['--auth', join(mini, 'auth.txt'), '--flows', join(mini, 'missing.txt')], 'missing.txt'],
      ];
      const runs = await Promise.all(cases.map(([args]) => peerscope(['analyze', ...args, '--out', out, '-q'])));
      runs.forEach((run, i) => assertErrorAt(run, CONTRACT.exit.input, { file: cases[i]![1] }));
    },
  );
});
