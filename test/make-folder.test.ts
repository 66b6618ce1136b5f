import { test } from 'node:test';
import assert from 'node:assert/strict';
import { statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { EnvironmentError } from '../src/errors.js';
import { makeFolder } from '../src/make-folder.js';
import { tempDir } from './helpers/temp-dir.js';

test('makeFolder creates missing parents, leaves an existing folder alone, and refuses a file', () => {
  const root = tempDir('make-folder');
  const deep = join(root, 'a', 'b', 'c');
  makeFolder(deep);
  assert.ok(statSync(deep).isDirectory());
  makeFolder(deep);
  const file = join(root, 'file');
  writeFileSync(file, 'x');
  assert.throws(
    () => makeFolder(file),
    (e: unknown) => e instanceof EnvironmentError && e.message.includes(file),
  );
  assert.throws(
    () => makeFolder(join(file, 'below')),
    (e: unknown) => e instanceof EnvironmentError && /ENOTDIR|not a directory/.test(e.message),
  );
});

test('under /proc, where a recursive mkdir never returns, makeFolder fails at once with ENOENT', () => {
  const start = Date.now();
  assert.throws(
    () => makeFolder(`/proc/peerscope-${process.pid}/out`),
    (e: unknown) => e instanceof EnvironmentError && /ENOENT/.test(e.message) && e.message.includes('/proc/peerscope'),
  );
  assert.ok(Date.now() - start < 1000);
});
