import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', resolve('src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });
const dir = () => join(tempDir('generate-cli'), 'd');
const small = ['--seed', '4', '--scale', '0.0005', '--days', '2', '--quiet'];

test('peerscope generate: --campaign is repeatable; --redteam is a deprecated alias; bad names and mixing them are usage errors', () => {
  const a = dir();
  const r = cli(['generate', a, ...small, '--campaign', 'beacon', '--campaign', 'exfil']);
  assert.equal(r.status, 0, r.stderr);
  const truth = JSON.parse(readFileSync(join(a, 'truth.json'), 'utf8'));
  assert.deepEqual(
    truth.campaigns.map((c: { name: string }) => c.name),
    ['exfil', 'beacon'],
  );

  const b = dir();
  const c = dir();
  assert.equal(cli(['generate', b, ...small, '--redteam', 'synthetic']).status, 0);
  assert.equal(cli(['generate', c, ...small, '--campaign', 'synthetic']).status, 0);
  for (const name of ['auth.txt', 'flows.txt', 'redteam.txt', 'truth.json'])
    assert.ok(readFileSync(join(b, name)).equals(readFileSync(join(c, name))), name);

  const bad = cli(['generate', dir(), ...small, '--campaign', 'exfill']);
  assert.equal(bad.status, 2);
  assert.equal(
    bad.stderr,
    'peerscope: unknown campaign "exfill": the campaigns are replay, synthetic, lateral-only, exfil, staging, beacon, low-and-slow, all, none\n',
  );
  assert.equal(cli(['generate', dir(), ...small, '--campaign', 'exfil', '--redteam', 'replay']).status, 2);
  const help = cli(['generate', '--help']).stdout;
  assert.match(help, /--campaign <NAME>/);
  assert.match(help, /--redteam <MODE>\s+deprecated: use --campaign/);
});
