import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve('src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });
const conn = resolve('test', 'sources', 'fixtures', 'zeek', 'zat-conn.log');

test('a bad --local-nets is a usage error on one line that names the flag, before anything is read or written', () => {
  for (const cmd of ['analyze', 'ingest']) {
    const out = join(tempDir(`local-nets-${cmd}`), 'o');
    const r = cli([cmd, '--flows', conn, '--local-nets', '192.168.0.0/16,10.0.0.1/8', '--out', out, '-q']);
    assert.equal(r.status, 2, r.stderr);
    assert.equal(r.stderr, 'peerscope: --local-nets "10.0.0.1/8": host bits set (did you mean 10.0.0.0/8?)\n');
    assert.ok(!existsSync(out));
  }
});

test('a good --local-nets reaches the library: the monitored hosts are the local ones it names', () => {
  const out = join(tempDir('local-nets-ok'), 'o');
  const r = cli(['analyze', '--flows', conn, '--local-nets', '192.168.84.10', '--out', out, '-q', '--no-report']);
  assert.equal(r.status, 0, r.stderr);
  // zat-conn.log's hosts in 192.168.84.0/24 are 192.168.84.1 and 192.168.84.10; a /32 keeps the one.
  assert.equal(readFileSync(join(out, 'humans.csv'), 'utf8'), 'host,users,logons\n192.168.84.10,0,0\n');
});
