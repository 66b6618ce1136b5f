import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { analyze } from '../../src/pipeline/index.js';
import { ingest } from '../../src/store/index.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { snapshotTree } from '../helpers/snapshot-tree.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cliArgs = (args: string[]) => ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args];

function assertSameFiles(a: string, b: string, skip: readonly string[] = []): number {
  const ta = snapshotTree(a),
    tb = snapshotTree(b);
  assert.deepEqual([...tb.keys()], [...ta.keys()], `${b} holds other files than ${a}`);
  let n = 0;
  for (const [name, bytes] of ta) {
    if (skip.includes(name)) continue;
    assert.ok(bytes.equals(tb.get(name)!), `${name} differs between ${a} and ${b}`);
    n++;
  }
  return n;
}

test('the byte scanner on 1 or 2 threads and SQL over an ingested store write identical outputs', async () => {
  const data = hostileData(11);
  // DuckDB reads a path with * ? [ as a glob: the second copy, the store and the outputs have such names.
  const globbed = join(tempDir('globbed'), 'da[t]a*?');
  cpSync(data, globbed, { recursive: true });
  const serial = join(tempDir('serial'), 'out');
  const parallel = join(tempDir('parallel'), 'o[u]t*');
  const fromStore = join(tempDir('store-out'), 'o[u]t?');
  const store = join(tempDir('store'), 's[t]ore*');
  const a = await analyze({ data, out: serial, threads: 1 });
  // Small blocks spread the input over many blocks and both workers.
  const b = await analyze({ data: globbed, out: parallel, threads: 2, blockSize: 4096 });
  const manifest = await ingest({ data: globbed, out: store });
  assert.equal(manifest.partitions.auth.length, 4);
  const c = await analyze({ store, out: fromStore });

  assert.ok(
    a.humans > 5 && a.series_rows > 20 && a.files.auth!.rejected > 0 && a.files.flows!.rejected > 0,
    'the fixture exercises humans, series and rejects',
  );
  const compared = assertSameFiles(serial, parallel, ['summary.json']);
  assertSameFiles(serial, fromStore, ['summary.json']);
  assert.ok(compared >= 12, `compared ${compared} files`);
  const strip = (s: Record<string, unknown>) => ({
    ...s,
    timings: undefined,
    store: undefined,
    threads: undefined,
    inputs: undefined,
  });
  assert.deepEqual(strip(b), strip(a));
  assert.deepEqual(strip(c), strip(a));

  // Hourly series, another human rule and no graph tables (as with --no-detect) take other code paths in both.
  const options = { interval: 3600, humanLogonTypes: ['Interactive', 'Network'], graphTables: false };
  const hourly = join(tempDir('hourly'), 'out');
  const hourlyStore = join(tempDir('hourly-store'), 'out');
  await analyze({ data, out: hourly, threads: 2, blockSize: 4096, ...options });
  await analyze({ store, out: hourlyStore, ...options });
  assertSameFiles(hourly, hourlyStore, ['summary.json']);
  assert.ok(
    !existsSync(join(hourly, 'tables', 'auth_edges.parquet')) &&
      existsSync(join(serial, 'tables', 'auth_edges.parquet')),
  );
  assert.notDeepEqual(readFileSync(join(hourly, 'series.csv')), readFileSync(join(serial, 'series.csv')));
});

test('ingest killed with SIGKILL mid-run resumes, skips finished partitions and gives byte-identical files', async () => {
  const data = hostileData(5);
  const clean = join(tempDir('clean'), 'store');
  assert.equal(
    spawnSync(process.execPath, cliArgs(['ingest', data, '--out', clean, '-q']), { encoding: 'utf8' }).status,
    0,
  );

  const store = join(tempDir('killed'), 'store');
  const child = spawn(process.execPath, cliArgs(['ingest', data, '--out', store, '-q']), {
    env: { ...process.env, PEERSCOPE_INGEST_PARTITION_DELAY_MS: '1500' },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  const first = join(store, 'auth', 'day=00000.parquet');
  const t0 = Date.now();
  while (!existsSync(first) && Date.now() - t0 < 60_000) await new Promise((r) => setTimeout(r, 10));
  assert.ok(existsSync(first), 'the first partition appeared');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.ok(!existsSync(join(store, 'manifest.json')), 'killed before the end');
  assert.ok(!existsSync(join(store, 'flows')) || readdirSync(join(store, 'flows')).length === 0, 'flows not reached');

  const rerun = spawnSync(process.execPath, cliArgs(['ingest', data, '--out', store]), { encoding: 'utf8' });
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.match(rerun.stdout, /\(\d+ kept from an earlier run\)/);
  assertSameFiles(clean, store);
});

test('ingest refuses unsorted input, naming the line; analyze refuses an unfinished or foreign store', async () => {
  const data = tempDir('unsorted');
  writeFileSync(
    join(data, 'auth.txt'),
    ['90000,U1@DOM1,U1@DOM1,C1,C1,?,Interactive,LogOn,Success', '5,U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success'].join(
      '\n',
    ) + '\n',
  );
  writeFileSync(join(data, 'flows.txt.gz'), gzipSync('1,0,C1,N1,C2,80,6,1,1\n'));
  const store = join(tempDir('unsorted-store'), 'store');
  await assert.rejects(
    ingest({ data, out: store }),
    (e: Error) =>
      e.name === 'InputError' &&
      /^auth\.txt line 2: time is in day 0, after day 1 began; .*sorted by time/.test(e.message),
  );
  await assert.rejects(
    analyze({ store, out: join(tempDir('o'), 'out') }),
    (e: Error) => e.name === 'UsageError' && /unfinished ingest/.test(e.message),
  );
  await assert.rejects(
    analyze({ store: data, out: join(tempDir('o'), 'out') }),
    (e: Error) => e.name === 'UsageError' && /not a peerscope store/.test(e.message),
  );
  writeFileSync(join(data, 'auth.txt'), '5,U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success\n');
  await assert.rejects(
    ingest({ data, out: store }),
    (e: Error) => e.name === 'UsageError' && /other inputs/.test(e.message),
  );
});

test('parallel scan: a truncated gzip is an InputError naming the file and a line', async () => {
  const data = tempDir('trunc');
  const lines = Array.from(
    { length: 200_000 },
    (_, i) => `${i},U${i % 50}@DOM1,U1@DOM1,C${i % 70},C${i % 30},?,Network,LogOn,Success`,
  ).join('\n');
  const gz = gzipSync(lines);
  writeFileSync(join(data, 'auth.txt.gz'), gz.subarray(0, Math.floor(gz.length * 0.6)));
  writeFileSync(join(data, 'flows.txt'), '1,0,C1,N1,C2,80,6,1,1\n');
  await assert.rejects(
    analyze({ data, out: join(tempDir('o'), 'out'), threads: 2, blockSize: 65536 }),
    (e: Error) => e.name === 'InputError' && /^auth\.txt\.gz line \d{5,}: corrupt or truncated gzip/.test(e.message),
  );
});

test('ingest on 1, 2 or 3 threads (small blocks: days across blocks, blocks across days) writes the same store', async () => {
  for (const seed of [11, 12]) {
    const data = hostileData(seed);
    const stores = await Promise.all(
      [{ threads: 1 }, { threads: 2, blockSize: 4096 }, { threads: 3, blockSize: 1000 }].map(async (o) => {
        const store = join(tempDir(`threads-${o.threads}`), 'store');
        const manifest = await ingest({ data, out: store, ...o });
        return { store, manifest };
      }),
    );
    const [serial, ...parallel] = stores;
    assert.ok(serial!.manifest.files.auth!.rejected > 0 && serial!.manifest.partitions.flows.length > 1);
    for (const p of parallel) {
      const compared = assertSameFiles(serial!.store, p.store);
      assert.ok(compared >= 8, `compared ${compared} files`);
      assert.deepEqual(p.manifest, serial!.manifest);
    }
  }
  // An unsorted row is refused at the same line whatever the threads and blocks.
  const data = tempDir('unsorted-parallel');
  const rows = Array.from({ length: 3000 }, (_, i) => `${80000 + i * 5},U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success`);
  rows.splice(2500, 0, '7,U1@DOM1,U1@DOM1,C1,C2,?,Network,LogOn,Success');
  writeFileSync(join(data, 'auth.txt'), rows.join('\n') + '\n');
  writeFileSync(join(data, 'flows.txt'), '1,0,C1,N1,C2,80,6,1,1\n');
  for (const threads of [1, 2]) {
    await assert.rejects(
      ingest({ data, out: join(tempDir(`unsorted-${threads}`), 'store'), threads, blockSize: 4096 }),
      (e: Error) =>
        e.name === 'InputError' && /^auth\.txt line 2501: time is in day 0, after day 1 began/.test(e.message),
    );
  }
});
