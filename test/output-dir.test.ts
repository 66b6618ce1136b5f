import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertOutsideInputs, buildOutputDir, writeFileAtomic } from '../src/output-dir.js';
import { tempDir } from './helpers/temp-dir.js';

const options = { marker: 'done.json', notOurs: 'not ours', notAFolder: 'not a folder' };
const write = (files: Record<string, string>) => async (dir: string) => {
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return Object.keys(files).length;
};

test('buildOutputDir builds in a sibling and swaps it into place, replacing an earlier output whole', async () => {
  const parent = tempDir('build');
  const out = join(parent, 'out');
  assert.equal(await buildOutputDir(out, write({ 'done.json': '1', 'a.txt': 'a' }), options), 2);
  assert.deepEqual(readdirSync(out).sort(), ['a.txt', 'done.json']);
  await buildOutputDir(out, write({ 'done.json': '2', 'b.txt': 'b' }), options);
  assert.deepEqual(readdirSync(out).sort(), ['b.txt', 'done.json'], 'nothing of the earlier output is left');
  assert.equal(readFileSync(join(out, 'done.json'), 'utf8'), '2');
  assert.deepEqual(readdirSync(parent), ['out'], 'no temporary sibling is left');
  // An empty folder may be filled too.
  const empty = join(parent, 'empty');
  mkdirSync(empty);
  await buildOutputDir(empty, write({ 'done.json': '3' }), options);
  assert.deepEqual(readdirSync(empty), ['done.json']);
});

test('a failed build leaves the earlier output untouched and no sibling behind', async () => {
  const parent = tempDir('build-fail');
  const out = join(parent, 'out');
  await buildOutputDir(out, write({ 'done.json': 'old' }), options);
  const failing = async (dir: string) => {
    writeFileSync(join(dir, 'done.json'), 'half');
    throw new Error('disk full');
  };
  await assert.rejects(buildOutputDir(out, failing, options), /disk full/);
  assert.equal(readFileSync(join(out, 'done.json'), 'utf8'), 'old');
  assert.deepEqual(readdirSync(parent), ['out']);
});

test('buildOutputDir refuses a folder that is not an earlier output, and a file', async () => {
  const parent = tempDir('build-refuse');
  const precious = join(parent, 'thesis');
  mkdirSync(precious);
  writeFileSync(join(precious, 'thesis.tex'), 'x');
  await assert.rejects(
    buildOutputDir(precious, write({}), options),
    (e: Error) => e.name === 'UsageError' && e.message === 'not ours',
  );
  const file = join(parent, 'file');
  writeFileSync(file, 'x');
  await assert.rejects(
    buildOutputDir(file, write({}), options),
    (e: Error) => e.name === 'UsageError' && e.message === 'not a folder',
  );
  assert.ok(existsSync(join(precious, 'thesis.tex')));
  assert.equal(readFileSync(file, 'utf8'), 'x');
});

test('writeFileAtomic replaces a file without a window where it is half written, and leaves no .tmp', () => {
  const dir = tempDir('atomic');
  const path = join(dir, 'report.html');
  writeFileAtomic(path, 'one');
  writeFileAtomic(path, Buffer.from('two'));
  assert.equal(readFileSync(path, 'utf8'), 'two');
  assert.deepEqual(readdirSync(dir), ['report.html']);
});

test('assertOutsideInputs refuses an output holding or inside an input, also through a link', () => {
  const parent = tempDir('overlap');
  const data = join(parent, 'data');
  mkdirSync(join(data, 'auth'), { recursive: true });
  symlinkSync(data, join(parent, 'link'));
  assert.throws(() => assertOutsideInputs(parent, [join(data, 'auth')]), /out .* holds the input/);
  assert.throws(() => assertOutsideInputs(join(parent, 'link', 'results'), [data]), /out .* is inside the input/);
  assert.throws(
    () => assertOutsideInputs(join(data, 'x'), [data], 'store'),
    (e: Error) => /^store .* is inside the input/.test(e.message),
  );
  assert.doesNotThrow(() => assertOutsideInputs(join(parent, 'results'), [data, join(parent, 'link')]));
});
