import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  copyFileSync,
  cpSync,
  existsSync,
  mkdirSync,
  readFileSync,
  readdirSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync, gzipSync } from 'node:zlib';
import { analyze } from '../../src/pipeline/index.js';
import { referenceAnalyze } from './reference-analyze.js';
import { assertMatchesReference } from './assert-matches-reference.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';
import { csvRows } from '../helpers/csv-rows.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const reference = resolve(root, 'test', 'fixtures', 'reference');

test('analyze matches an independent implementation on a hostile data set (splits, gzip, CRLF, rejects)', async () => {
  for (const interval of [86400, 3600]) {
    const data = hostileData(7 + interval);
    const out = join(tempDir('out'), 'result');
    const summary = await analyze({ data, out, interval });
    const ref = referenceAnalyze(data, interval);

    assertMatchesReference(out, ref);

    for (const [path, lines] of ref.rejected) {
      const rel = path.slice(data.length + 1).replace(/\.gz$/, '');
      assert.deepEqual(
        readFileSync(join(out, 'rejected', rel), 'utf8')
          .trimEnd()
          .split('\n'),
        lines,
        rel,
      );
    }
    assert.equal(summary.files.auth!.rows, ref.rows.auth);
    assert.equal(summary.files.flows!.rows, ref.rows.flows);
    assert.equal(summary.files.redteam!.rejected, 1);
    assert.equal(summary.humans, ref.humans.size);
    assert.equal(summary.series_rows, ref.series.size);
    const onDisk = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
    assert.equal(onDisk.compromised_humans, [...ref.compromised].filter((h) => ref.humans.has(h)).length);
  }
});

test('the real auth sample parses with 0 rejected and gives 11 human hosts from 266 Interactive events', async () => {
  const data = tempDir('real');
  copyFileSync(join(reference, 'auth-sample.txt.gz'), join(data, 'auth.txt.gz'));
  writeFileSync(join(data, 'flows.txt'), '1,1,C1644,N1,C625,445,6,1,1\n');
  const out = join(tempDir('out'), 'r');
  const summary = await analyze({ data, out });
  assert.equal(summary.files.auth!.rows, 15_000);
  assert.equal(summary.files.auth!.rejected, 0);
  const humans = csvRows(join(out, 'humans.csv'));
  assert.equal(humans.length, 11);
  assert.equal(
    humans.reduce((s, r) => s + Number(r[2]), 0),
    266,
  );
});

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });

test('a truncated gzip ends the run with a one-line error, a non-zero exit, and OUT untouched', async () => {
  const data = hostileData(3);
  const parent = tempDir('out');
  const out = join(parent, 'result');
  await analyze({ data, out });
  const before = readdirSync(out, { recursive: true }).sort();
  const summaryBefore = readFileSync(join(out, 'summary.json'));
  const gz = readFileSync(join(data, 'flows.txt.gz'));
  writeFileSync(join(data, 'flows.txt.gz'), gz.subarray(0, gz.length - 200));
  const run = cli(['analyze', data, '--out', out, '--quiet']);
  assert.equal(run.status, 3);
  assert.match(run.stderr, /^peerscope: flows\.txt\.gz line \d+: corrupt or truncated gzip/);
  assert.equal(run.stderr.trim().split('\n').length, 1);
  assert.deepEqual(readdirSync(out, { recursive: true }).sort(), before);
  assert.deepEqual(readFileSync(join(out, 'summary.json')), summaryBefore);
  assert.deepEqual(readdirSync(parent), ['result'], 'no temporary folder left behind');
});

test('missing inputs, unreadable folders and a foreign OUT are clear errors', () => {
  const data = tempDir('missing');
  writeFileSync(join(data, 'auth.txt'), '1,U1@DOM1,U1@DOM1,C1,C1,?,Interactive,LogOn,Success\n');
  let run = cli(['analyze', data, '--out', join(data, 'o')]);
  assert.equal(run.status, 3);
  assert.match(run.stderr, /missing required input: .*no flows\.txt, flows\.txt\.gz or flows\/ folder/);
  run = cli(['analyze', join(data, 'nope'), '--out', join(data, 'o')]);
  assert.equal(run.status, 3);
  assert.match(run.stderr, /nope: folder not found/);
  writeFileSync(join(data, 'flows.txt'), '');
  const precious = join(tempDir('precious'), 'thesis');
  mkdirSync(precious);
  writeFileSync(join(precious, 'thesis.tex'), 'x');
  run = cli(['analyze', data, '--out', precious]);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /not a peerscope output folder/);
  assert.ok(existsSync(join(precious, 'thesis.tex')));
  run = cli(['analyze', data, '--out', join(data, 'o'), '--interval', '0']);
  assert.equal(run.status, 2);
  assert.match(run.stderr, /--interval must be a positive integer, got "0"/);
});

test('an OUT that holds or lies inside an input is refused and the input survives (issue 16.1)', async () => {
  const data = hostileData(5);
  const parent = tempDir('overlap');
  const out = join(parent, 'g2.out');
  await analyze({ data, out });
  // The reported sequence: the input copied into a previous output, then that output as OUT.
  const inner = join(out, 'data');
  mkdirSync(inner);
  for (const name of readdirSync(data)) cpSync(join(data, name), join(inner, name), { recursive: true });
  const listing = readdirSync(inner, { recursive: true }).sort();
  let run = cli(['analyze', inner, '--out', out, '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /^peerscope: --out .*g2\.out holds the input .*data; replacing it would delete the input/);
  assert.deepEqual(readdirSync(inner, { recursive: true }).sort(), listing, 'the input is untouched');
  // The same through a symbolic link to OUT, through --auth, and with OUT inside the input.
  symlinkSync(out, join(parent, 'link'));
  run = cli([
    'analyze',
    '--auth',
    join(parent, 'link', 'data', 'auth'),
    '--flows',
    join(data, 'flows.txt.gz'),
    '--out',
    out,
    '--quiet',
  ]);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /holds the input/);
  run = cli(['analyze', data, '--out', join(data, 'results'), '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.match(run.stderr, /is inside the input/);
  run = cli(['ingest', inner, '--out', out, '--quiet']);
  assert.equal(run.status, 2, run.stderr);
  assert.deepEqual(readdirSync(inner, { recursive: true }).sort(), listing, 'the input is untouched');
});

test('counts stay exact while the aggregation tables grow (100,000 human pairs, each logging on twice)', async () => {
  const data = tempDir('grow');
  const n = 100_000;
  const row = (i: number, t: number) => `${t},U${i}@DOM1,U${i}@DOM1,C${i},C${i},Negotiate,Interactive,LogOn,Success`;
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(row(i, 1));
  for (let i = 0; i < n; i++) lines.push(row(i, 2));
  writeFileSync(join(data, 'auth.txt'), lines.join('\n') + '\n');
  writeFileSync(join(data, 'flows.txt'), '1,1,C1,N1,C2,445,6,1,1\n');
  const out = join(tempDir('out'), 'g');
  await analyze({ data, out });
  const humans = csvRows(join(out, 'humans.csv'));
  assert.equal(humans.length, n);
  assert.deepEqual(new Set(humans.map((r) => `${r[1]},${r[2]}`)), new Set(['1,2']));
});

test('a UTF-8 byte-order mark before each auth, flows and redteam file (plain, gzip, splits) changes nothing: the same tables and accounting', async () => {
  const data = hostileData(11);
  const marked = join(tempDir('bom'), 'data');
  cpSync(data, marked, { recursive: true });
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const files = readdirSync(marked, { recursive: true, encoding: 'utf8' }).filter((f) =>
    /^(auth|flows|redteam)([./]|$)/.test(f),
  );
  assert.ok(
    files.some((f) => f.startsWith('redteam')),
    'a redteam file',
  );
  let n = 0;
  for (const rel of files) {
    const path = join(marked, rel);
    if (!statSync(path).isFile()) continue;
    const gz = path.endsWith('.gz');
    const body = gz ? gunzipSync(readFileSync(path)) : readFileSync(path);
    const withBom = Buffer.concat([bom, body]);
    writeFileSync(path, gz ? gzipSync(withBom) : withBom);
    n++;
  }
  assert.ok(n >= 3, `${n} files marked`);
  const a = join(tempDir('plain'), 'o');
  const b = join(tempDir('marked'), 'o');
  const plain = await analyze({ data, out: a });
  const withMark = await analyze({ data: marked, out: b });
  for (const f of ['humans.csv', 'series.csv', 'compromised.csv'])
    assert.equal(readFileSync(join(b, f), 'utf8'), readFileSync(join(a, f), 'utf8'), f);
  for (const kind of ['auth', 'flows', 'redteam'] as const) {
    const { rows, rejected, blank, reasons } = plain.files[kind]!;
    const got = withMark.files[kind]!;
    assert.deepEqual(
      { rows: got.rows, rejected: got.rejected, blank: got.blank, reasons: got.reasons },
      { rows, rejected, blank, reasons },
      kind,
    );
  }
});
