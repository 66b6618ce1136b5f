import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from '../helpers/temp-dir.js';

const seed = resolve('test', 'fixtures', 'reference');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve('src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });
const rel = (a: number, b: number) => Math.abs(a - b) / Math.abs(b);

test('peerscope compare reproduces the seed: U = 1093952, p = 1.2472090832688178e-20, two-sided 2.4944181665376357e-20', () => {
  const r = cli([
    'compare',
    join(seed, 'flow_time_series.csv.gz'),
    join(seed, 'red_time_series.csv'),
    '--column',
    'Upload',
    '--log2',
    '--alternative',
    'less',
  ]);
  assert.equal(r.status, 0, r.stderr);
  assert.match(r.stdout, /^U = 1093952$/m);
  const p = Number(/^p = (\S+)/m.exec(r.stdout)![1]);
  const two = Number(/^p two-sided = (\S+)/m.exec(r.stdout)![1]);
  assert.ok(rel(p, 1.2472090832688178e-20) <= 1e-9, `p ${p}`);
  assert.ok(rel(two, 2.4944181665376357e-20) <= 1e-9, `two-sided ${two}`);
  assert.match(r.stdout, /reject H0/);
});

test('non-numeric, empty and NaN cells are counted and named, not silently dropped; a missing column is an input error', () => {
  const dir = tempDir('compare');
  writeFileSync(join(dir, 'x.csv'), 'v\n1\n2\nx7\n\nNaN\n3\n');
  writeFileSync(join(dir, 'y.csv'), 'v\n4\n5\n6\n');
  const r = cli(['compare', join(dir, 'x.csv'), join(dir, 'y.csv'), '--column', 'v', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.n1, 3);
  assert.deepEqual(json.x.invalid, { empty: 1, not_numeric: 1, nan: 1, negative_log: 0 });
  assert.ok(json.x.examples.some((e: string) => e.includes('row 3') && e.includes('"x7"')));
  // exact p for U = 0 with sizes 3 and 3: 2 / C(6,3) = 0.1 two-sided
  assert.equal(json.u, 0);
  assert.ok(Math.abs(json.p - 0.1) < 1e-12);
  const missing = cli(['compare', join(dir, 'x.csv'), join(dir, 'y.csv'), '--column', 'w']);
  assert.equal(missing.status, 3);
  assert.match(missing.stderr, /no column "w"; columns are "v"/);
});

test('a file name with glob characters is read as that one file, and a folder or a missing file is an input error', () => {
  const dir = tempDir('compare-glob');
  writeFileSync(join(dir, 's[1].csv'), 'v\n1\n2\n3\n');
  writeFileSync(join(dir, 's1.csv'), 'v\n100\n200\n300\n400\n');
  writeFileSync(join(dir, 'y*.csv.gz'), gzipSync('v\n4\n5\n6\n'));
  writeFileSync(join(dir, 'yy.csv.gz'), gzipSync('v\n7\n'));
  const r = cli(['compare', join(dir, 's[1].csv'), join(dir, 'y*.csv.gz'), '--column', 'v', '--json']);
  assert.equal(r.status, 0, r.stderr);
  const json = JSON.parse(r.stdout);
  assert.equal(json.n1, 3, 's[1].csv itself, not s1.csv');
  assert.equal(json.n2, 3, 'y*.csv.gz itself, not also yy.csv.gz');
  assert.equal(json.u, 0);
  for (const bad of [dir, join(dir, 'nothing.csv')]) {
    const run = cli(['compare', bad, join(dir, 's1.csv'), '--column', 'v']);
    assert.equal(run.status, 3, run.stderr);
    assert.ok(run.stderr.includes(bad), run.stderr);
  }
});
