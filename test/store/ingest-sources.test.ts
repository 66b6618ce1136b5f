import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { afterStages } from '../../src/cli/after-stages.js';
import { openDuckDb } from '../../src/engine/index.js';
import { analyze, type AnalyzeOptions } from '../../src/pipeline/index.js';
import { ingest, readStoreManifest, type IngestOptions, type StoreManifest } from '../../src/store/index.js';
import { snapshotTree } from '../helpers/snapshot-tree.js';
import { tempDir } from '../helpers/temp-dir.js';
import { zeekConnHeader } from '../helpers/zeek-conn-header.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'sources', 'fixtures');
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

const strip = (s: object) => ({ ...s, timings: undefined, store: undefined, threads: undefined });

/** The store's rows of one kind, partition by partition, in their stored order. */
async function storedRows(store: string, manifest: StoreManifest, kind: 'auth' | 'flows') {
  const engine = await openDuckDb();
  try {
    const out: { day: number; rows: Record<string, unknown>[] }[] = [];
    for (const part of manifest.partitions[kind]) {
      const day = Number(/day=(-?\d+)/.exec(part)![1]);
      out.push({ day, rows: await engine.all(`SELECT * FROM ${engine.readParquet(join(store, part))}`) });
    }
    return out;
  } finally {
    await engine.close();
  }
}

/**
 * Ingests `spec`, analyzes the store and the raw files with detection, report and JSON lines,
 * and holds every output file and the summary to be the same; also that each partition holds
 * its day's rows sorted by time, and as many as the adapters emitted.
 */
async function assertStoreLikeRaw(name: string, spec: Omit<IngestOptions, 'out'>, options: Partial<AnalyzeOptions>) {
  const store = join(tempDir(`${name}-store`), 'store');
  const manifest = await ingest({ ...spec, out: store });
  const after = () => afterStages({ detect: true, report: true, jsonl: true });
  const raw = join(tempDir(`${name}-raw`), 'out');
  const fromStore = join(tempDir(`${name}-from-store`), 'out');
  const a = await analyze({ ...spec, ...options, out: raw, threads: 2, after: after() });
  const c = await analyze({ store, ...options, out: fromStore, after: after() });
  const compared = assertSameFiles(raw, fromStore, ['summary.json']);
  assert.ok(compared >= 18, `compared ${compared} files`);
  assert.deepEqual(strip(c), strip(a));
  assert.ok(a.humans > 0 && a.series_rows > 0, `${name}: humans and series`);

  for (const kind of ['auth', 'flows'] as const) {
    if (manifest.sources?.[kind] === undefined) continue;
    const parts = await storedRows(store, manifest, kind);
    let n = 0;
    for (const { day, rows } of parts) {
      n += rows.length;
      for (const [i, row] of rows.entries()) {
        assert.equal(Math.floor(Number(row.time) / 86400), day, `${kind} day ${day}: a row of its day`);
        if (i > 0) assert.ok(Number(rows[i - 1]!.time) <= Number(row.time), `${kind} day ${day}: sorted by time`);
      }
    }
    assert.equal(n, manifest.sources[kind].emitted, `${kind}: every row emitted is stored`);
    assert.equal(n, kind === 'auth' ? manifest.files.auth!.rows : n);
  }
  return { manifest, summary: a, store };
}

/** The times (ts) of a Zeek TSV log's records, in file order. */
function zeekTimes(path: string): number[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => Number(l.split('\t')[0]));
}

const isSorted = (xs: readonly number[]) => xs.every((x, i) => i === 0 || xs[i - 1]! <= x);

test('Zeek conn.log alone (unsorted; the local hosts monitored): analyze on the store writes what it writes on the file', async () => {
  const flows = join(fixtures, 'zeek', 'zat-conn.log');
  assert.ok(!isSorted(zeekTimes(flows)), 'the fixture is not sorted by ts');
  const { manifest, summary } = await assertStoreLikeRaw('zeek', { flows }, {});
  assert.equal(manifest.sources?.flows?.monitored, 'local');
  assert.deepEqual(manifest.sources?.flows?.formats, { zeek: 1 });
  assert.equal(manifest.files.auth, undefined);
  // 94 connections (lines of the file that are not # headers), none rejected.
  assert.equal(manifest.files.flows!.rows, zeekTimes(flows).length);
  assert.equal(summary.files.flows!.rows, 94);
});

test('Winlogbeat JSON and Zeek JSON with a host map: analyze on the store writes what it writes on the files', async () => {
  const spec = {
    auth: join(fixtures, 'windows', 'logons-winlogbeat.ndjson'),
    flows: join(fixtures, 'zeek', 'zat-conn.json.log'),
    hosts: join(fixtures, 'hosts.csv'),
  };
  const { manifest } = await assertStoreLikeRaw('winlogbeat', spec, {
    humanUserPattern: '@CORP$',
    humanLogonTypes: ['interactive', 'remoteinteractive'],
  });
  assert.deepEqual(manifest.sources?.auth?.skipped_reasons, { event_4672: 1 });
  assert.equal(manifest.sources?.flows?.monitored, undefined);
  assert.ok(manifest.partitions.auth.length >= 2, 'the events span two days');
});

test('wevtutil XML and a folder of rotated Zeek logs (one gzipped): the store is read in the same time order', async () => {
  const folder = join(tempDir('rotated'), 'zeek');
  mkdirSync(folder);
  writeFileSync(join(folder, 'conn.2012-07-20.log.gz'), gzipSync(readFileSync(join(fixtures, 'zeek', 'zat-conn.log'))));
  cpSync(join(fixtures, 'zeek', 'zeek-teredo-conn.log'), join(folder, 'conn.log'));
  // The 2012 log's workstation is WS97 of the Windows events.
  const hosts = join(dirname(folder), 'hosts.csv');
  writeFileSync(hosts, readFileSync(join(fixtures, 'hosts.csv'), 'utf8') + '192.168.84.10,WS97\n');
  const spec = {
    auth: join(fixtures, 'windows', 'logons-wevtutil.xml'),
    flows: folder,
    hosts,
  };
  const { manifest } = await assertStoreLikeRaw('rotated', spec, {
    humanUserPattern: '@CORP$',
    humanLogonTypes: ['Interactive', 'Network'],
  });
  // The teredo log (2008) comes before the 2012 one although its name sorts after.
  assert.deepEqual(manifest.labels?.flows, ['zeek/conn.log', 'zeek/conn.2012-07-20.log.gz']);
  assert.deepEqual(manifest.sources?.flows?.formats, { zeek: 2 });
});

/** A seeded Zeek conn.log of `n` connections over `days` days in random time order, some lines bad. */
function unsortedZeekLog(seed: number, n: number, days: number): string {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const int = (k: number) => Math.floor(rand() * k);
  const lines = zeekConnHeader();
  // A day boundary (19675 × 86400): 6 days are 6 partitions.
  const t0 = 1_699_920_000;
  const peers = ['10.1.1.1', '10.1.1.2', '93.184.216.34', '151.101.1.69', '2001:db8::7'];
  for (let i = 0; i < n; i++) {
    const ts = (t0 + rand() * days * 86400).toFixed(6);
    const up = int(5000);
    const down = rand() < 0.2 ? 0 : int(50000);
    const row = [
      rand() < 0.01 ? 'yesterday' : ts,
      `C${i}`,
      `10.1.0.${1 + int(8)}`,
      String(49152 + int(16000)),
      peers[int(peers.length)]!,
      String([80, 443, 445, 53][int(4)]),
      rand() < 0.8 ? 'tcp' : 'udp',
      '-',
      rand() < 0.1 ? '-' : (rand() * 30).toFixed(6),
      String(up),
      String(down),
      'SF',
      '-',
      '-',
      '0',
      '-',
      String(1 + int(20)),
      String(up + 40),
      down === 0 ? '0' : String(1 + int(40)),
      down === 0 ? '0' : String(down + 40),
      '(empty)',
    ];
    lines.push(row.join('\t'));
  }
  lines.push('#close\t2023-11-20-00-00-00');
  return lines.join('\n') + '\n';
}

/** Seeded Winlogbeat JSON lines: interactive and network logons of DOM1 users on WS1-WS8, in random time order. */
function unsortedWinlogbeat(seed: number, n: number, days: number): string {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const int = (k: number) => Math.floor(rand() * k);
  // A day boundary (19675 × 86400): 6 days are 6 partitions.
  const t0 = 1_699_920_000;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    const ws = `WS${1 + int(8)}`;
    const network = rand() < 0.5;
    lines.push(
      JSON.stringify({
        '@timestamp': new Date((t0 + rand() * days * 86400) * 1000).toISOString(),
        winlog: {
          event_id: rand() < 0.1 ? 4625 : 4624,
          computer_name: network ? 'SRV1' : ws,
          event_data: {
            TargetUserName: `u${int(12)}`,
            TargetDomainName: 'DOM1',
            LogonType: network ? '3' : '2',
            WorkstationName: ws,
            IpAddress: '-',
            AuthenticationPackageName: 'Kerberos',
          },
        },
      }),
    );
  }
  return lines.join('\n') + '\n';
}

function unsortedData(): { dir: string; args: string[] } {
  const dir = tempDir('unsorted-sources');
  writeFileSync(join(dir, 'conn.log'), unsortedZeekLog(7, 6000, 6));
  writeFileSync(join(dir, 'security.ndjson'), unsortedWinlogbeat(8, 3000, 6));
  writeFileSync(
    join(dir, 'hosts.csv'),
    ['address,host', ...Array.from({ length: 8 }, (_, i) => `10.1.0.${i + 1},WS${i + 1}`), '10.1.1.1,SRV1'].join('\n') +
      '\n',
  );
  const args = [
    '--auth',
    join(dir, 'security.ndjson'),
    '--flows',
    join(dir, 'conn.log'),
    '--hosts',
    join(dir, 'hosts.csv'),
  ];
  return { dir, args };
}

test('unsorted Zeek and Windows ingest killed with SIGKILL mid-run: the rerun keeps the finished days and gives the same bytes', async () => {
  const { args } = unsortedData();
  const clean = join(tempDir('sources-clean'), 'store');
  const first = spawnSync(process.execPath, cliArgs(['ingest', ...args, '--out', clean]), { encoding: 'utf8' });
  assert.equal(first.status, 0, first.stderr);
  assert.match(first.stderr, /auth security\.ndjson: winlogon \(sniffed/);
  assert.match(first.stderr, /flows conn\.log: zeek \(sniffed zeek conn TSV/);
  const manifest = readStoreManifest(clean, 'store');
  assert.equal(manifest.partitions.auth.length, 6);
  assert.ok(manifest.partitions.flows.length >= 6);
  assert.ok(manifest.files.flows!.rejected > 0, 'the bad ts lines are rejected, not fatal');

  const store = join(tempDir('sources-killed'), 'store');
  const child = spawn(process.execPath, cliArgs(['ingest', ...args, '--out', store, '-q']), {
    env: { ...process.env, PEERSCOPE_INGEST_PARTITION_DELAY_MS: '500' },
    stdio: 'ignore',
  });
  const exited = new Promise<NodeJS.Signals | null>((done) => child.on('exit', (_code, signal) => done(signal)));
  const flowsDir = join(store, 'flows');
  const written = () => (existsSync(flowsDir) ? readdirSync(flowsDir).filter((f) => f.endsWith('.parquet')) : []);
  const t0 = Date.now();
  while (written().length === 0 && Date.now() - t0 < 90_000) await new Promise((r) => setTimeout(r, 10));
  assert.ok(written().length > 0, 'a flows partition appeared');
  child.kill('SIGKILL');
  assert.equal(await exited, 'SIGKILL');
  assert.ok(!existsSync(join(store, 'manifest.json')), 'killed before the end');
  assert.equal(readdirSync(join(store, 'auth')).length, 6, 'every auth day was written before flows began');

  const rerun = spawnSync(process.execPath, cliArgs(['ingest', ...args, '--out', store]), { encoding: 'utf8' });
  assert.equal(rerun.status, 0, rerun.stderr);
  const kept = Number(/\((\d+) kept from an earlier run\)/.exec(rerun.stdout)?.[1]);
  assert.ok(kept >= 7, `kept ${kept} partitions: the auth days and at least one flows day`);
  assertSameFiles(clean, store);

  // The same inputs with other adapter settings are another store, not a resume.
  const other = spawnSync(
    process.execPath,
    cliArgs(['ingest', ...args, '--local-nets', '10.1.0.0/24', '--out', store, '-q']),
    { encoding: 'utf8' },
  );
  assert.equal(other.status, 2, other.stderr);
  assert.match(other.stderr, /holds a store of other inputs \(or they changed since, or other source settings\)/);
});

test('unsorted multi-day Zeek and Windows logs: analyze on the store writes what it writes on the files', async () => {
  const { dir } = unsortedData();
  const spec = {
    auth: join(dir, 'security.ndjson'),
    flows: join(dir, 'conn.log'),
    hosts: join(dir, 'hosts.csv'),
  };
  const { manifest, summary } = await assertStoreLikeRaw('multi-day', spec, {});
  assert.equal(manifest.partitions.auth.length, 6);
  assert.ok(summary.humans >= 8, `${summary.humans} humans`);
  // Hourly series take the other interval path on both sides.
  const hourlyRaw = join(tempDir('hourly-raw'), 'out');
  const hourlyStore = join(tempDir('hourly-store'), 'out');
  await analyze({ ...spec, out: hourlyRaw, interval: 3600, graphTables: false });
  const store = join(tempDir('multi-day-store-again'), 'store');
  await ingest({ ...spec, out: store, threads: 1 });
  await analyze({ store, out: hourlyStore, interval: 3600, graphTables: false });
  assertSameFiles(hourlyRaw, hourlyStore, ['summary.json']);
  rmSync(store, { recursive: true, force: true });
});

test('Zeek and Windows ingest parsed on 1, 2 or 3 threads (small blocks, XML events cut at </Event>) writes the same store', async () => {
  const { dir } = unsortedData();
  const specs = [
    { auth: join(dir, 'security.ndjson'), flows: join(dir, 'conn.log'), hosts: join(dir, 'hosts.csv') },
    { auth: join(fixtures, 'windows', 'logons-wevtutil.xml'), flows: join(fixtures, 'zeek', 'zeek-teredo-conn.log') },
    { auth: join(fixtures, 'windows', 'logons-events.xml'), flows: join(fixtures, 'zeek', 'zat-conn.json.log') },
  ];
  for (const [i, spec] of specs.entries()) {
    const serial = join(tempDir(`threads-${i}-1`), 'store');
    await ingest({ ...spec, out: serial, threads: 1 });
    for (const threads of [2, 3]) {
      const store = join(tempDir(`threads-${i}-${threads}`), 'store');
      await ingest({ ...spec, out: store, threads, blockSize: 4096, parallelSources: true });
      assertSameFiles(serial, store);
    }
  }
});
