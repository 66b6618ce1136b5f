// `ingest` under faults: out-of-order LANL rows are a clear error and a prompt exit (16.4);
// kill -9 at several points, again during each resume, still ends byte-identical to a clean
// run; a complete store is left alone, a store of other inputs and an unfinished one refused.
import assert from 'node:assert/strict';
import { appendFileSync, existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultCase, faultGroup } from './fault-case.js';
import { assertSameResults } from './helpers/all-paths.js';
import { assertAccounting, readSummary } from './helpers/assert-output.js';
import { assertErrorAt, assertExit, assertNoCrash } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, generatedData, linesOf, miniBaseline, miniData, scratch } from './helpers/fault-data.js';
import { inputsOf } from './helpers/input-lines.js';
import { snapshotTree } from './helpers/output-tree.js';
import { describeRun, peerscope, startPeerscope } from './helpers/peerscope-cli.js';

/** A prompt exit: the error is printed and the process is gone well within this. */
const PROMPT_MS = 20_000;

async function until(ready: () => boolean, ms: number): Promise<boolean> {
  const t0 = Date.now();
  while (!ready()) {
    if (Date.now() - t0 > ms) return false;
    await new Promise((r) => setTimeout(r, 10));
  }
  return true;
}

faultGroup('ingest faults', 2, () => {
  faultCase(
    'ingest-out-of-order',
    'a row from an earlier day in the middle of auth.txt (line 35,000) and of flows.txt (line 30,000): ingest prints one line naming the file and line, exits 3 promptly, writes no manifest',
    async () => {
      const g = await generatedData();
      const variants = [
        { kind: 'auth', line: 35_000, row: '5,U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success' },
        { kind: 'flows', line: 30_000, row: '5,1,C1,N1,C2,80,6,1,1' },
      ] as const;
      const runs = await Promise.all(
        variants.map(async (v) => {
          const data = copyData(g, `out-of-order-${v.kind}`);
          const lines = linesOf(join(g, `${v.kind}.txt`));
          lines.splice(v.line - 1, 0, v.row);
          writeFileSync(join(data, `${v.kind}.txt`), lines.join('\n') + '\n');
          const store = join(scratch(`out-of-order-${v.kind}-store`), 'store');
          return { v, store, run: await peerscope(['ingest', data, '--out', store, '-q'], { timeoutMs: PROMPT_MS }) };
        }),
      );
      for (const { v, store, run } of runs) {
        assertNoCrash(run);
        assertErrorAt(run, CONTRACT.exit.input, { file: `${v.kind}.txt`, line: v.line });
        assert.ok(!existsSync(join(store, 'manifest.json')));
      }
    },
  );

  faultCase(
    'ingest-kill-resume',
    'ingest killed with SIGKILL before any partition, after auth day 0, after auth day 2 and after flows day 0, each kill during the resume of the run before: the store ends byte-identical to a clean ingest, analyze --store equals the raw path, an unfinished store is refused',
    async () => {
      const mini = await miniData();
      const clean = join(scratch('kill-clean'), 'store');
      const store = join(scratch('kill-store'), 'store');
      const cleanRun = peerscope(['ingest', mini, '--out', clean, '-q']);
      const env = { PEERSCOPE_INGEST_PARTITION_DELAY_MS: '300' };
      const points: { name: string; ready: () => boolean }[] = [
        // Once ingest.json has its content: a kill while it is being written is ingest-progress-file-cut.
        {
          name: 'before any partition',
          ready: () => existsSync(join(store, 'ingest.json')) && statSync(join(store, 'ingest.json')).size > 0,
        },
        { name: 'after auth day 0', ready: () => existsSync(join(store, 'auth', 'day=00000.parquet')) },
        { name: 'after auth day 2', ready: () => existsSync(join(store, 'auth', 'day=00002.parquet')) },
        { name: 'after flows day 0', ready: () => existsSync(join(store, 'flows', 'day=00000.parquet')) },
      ];
      let unfinishedChecked = false;
      for (const point of points) {
        const started = startPeerscope(['ingest', mini, '--out', store, '-q'], { env, timeoutMs: 120_000 });
        const seen = await until(point.ready, 60_000);
        started.child.kill('SIGKILL');
        const killed = await started.done;
        assert.ok(seen, `${point.name}: reached (${describeRun(killed)})`);
        assert.equal(killed.signal, 'SIGKILL', `${point.name}: killed, not finished: ${describeRun(killed)}`);
        if (!unfinishedChecked && existsSync(join(store, 'auth', 'day=00000.parquet'))) {
          unfinishedChecked = true;
          const refused = await peerscope([
            'analyze',
            '--store',
            store,
            '--out',
            join(scratch('unfinished'), 'out'),
            '-q',
          ]);
          assertErrorAt(refused, CONTRACT.exit.usage, { file: store });
          assert.match(refused.stderr, /unfinished/);
        }
      }
      assert.ok(!existsSync(join(store, 'manifest.json')), 'every kill came before the manifest');
      const resume = await peerscope(['ingest', mini, '--out', store]);
      assertExit(resume, 0);
      assert.match(resume.stdout, /kept from an earlier run/);
      assertExit(await cleanRun, 0);
      const a = snapshotTree(clean);
      const b = snapshotTree(store);
      assert.deepEqual([...b.keys()], [...a.keys()], 'the same store files');
      for (const [name, bytes] of a) assert.ok(bytes.equals(b.get(name)!), `${name} byte-identical to a clean ingest`);
      const out = join(scratch('kill-analyze'), 'out');
      const analyzed = await peerscope(['analyze', '--store', store, '--out', out, '-q', '--no-detect', '--no-report']);
      assertExit(analyzed, 0);
      const baseline = await miniBaseline();
      assertAccounting(readSummary(out), inputsOf(mini), 'analyze --store after resumes');
      assertSameResults(baseline, readSummary(baseline), out, readSummary(out), 'raw vs resumed store', [
        'auth',
        'flows',
        'redteam',
      ]);
    },
  );

  faultCase(
    'ingest-progress-file-cut',
    'a store left by a kill while ingest.json was being written (the file empty, or cut in the middle): the rerun resumes (exit 0) and ends byte-identical to a clean ingest',
    async () => {
      const mini = await miniData();
      const clean = join(scratch('progress-clean'), 'store');
      assertExit(await peerscope(['ingest', mini, '--out', clean, '-q']), 0);
      const full = readFileSync(join(clean, 'manifest.json'), 'utf8');
      const runs = await Promise.all(
        ['', full.slice(0, Math.floor(full.length / 3))].map(async (content, i) => {
          const store = join(scratch(`progress-cut-${i}`), 'store');
          mkdirSync(store, { recursive: true });
          writeFileSync(join(store, 'ingest.json'), content);
          return { store, run: await peerscope(['ingest', mini, '--out', store, '-q']) };
        }),
      );
      const a = snapshotTree(clean);
      for (const { store, run } of runs) {
        assertNoCrash(run);
        assertExit(run, 0);
        const b = snapshotTree(store);
        assert.deepEqual([...b.keys()], [...a.keys()], 'the same store files');
        for (const [name, bytes] of a)
          assert.ok(bytes.equals(b.get(name)!), `${name} byte-identical to a clean ingest`);
      }
    },
  );

  faultCase(
    'ingest-rerun-and-other-inputs',
    'ingest rerun on a complete store does nothing (exit 0, bytes unchanged); after an input changes it refuses the store (exit 2, one line)',
    async () => {
      const mini = await miniData();
      const data = copyData(mini, 'rerun');
      const store = join(scratch('rerun-store'), 'store');
      assertExit(await peerscope(['ingest', data, '--out', store, '-q']), 0);
      const before = snapshotTree(store);
      assertExit(await peerscope(['ingest', data, '--out', store, '-q']), 0);
      const after = snapshotTree(store);
      assert.deepEqual([...after.keys()], [...before.keys()]);
      for (const [name, bytes] of before) assert.ok(bytes.equals(after.get(name)!), `${name} unchanged by the rerun`);
      appendFileSync(join(data, 'flows.txt'), readFileSync(join(mini, 'flows.txt'), 'utf8').split('\n').at(-2)! + '\n');
      assertErrorAt(await peerscope(['ingest', data, '--out', store, '-q']), CONTRACT.exit.usage, { file: store });
    },
  );
});
