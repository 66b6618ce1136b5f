import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { analyze, readSummary } from '../../src/pipeline/index.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const cli = (args: string[]) =>
  spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src', 'cli', 'main.ts'), ...args], { encoding: 'utf8' });

test('summary.json reads back as written; a malformed one is an input error naming the file and the field', async () => {
  const out = join(tempDir('summary'), 'out');
  await analyze({ data: hostileData(2), out });
  const path = join(out, 'summary.json');
  const text = readFileSync(path, 'utf8');
  assert.equal(JSON.stringify(readSummary(out), null, 2) + '\n', text, 'every key, in the file’s order');

  const broken = (edit: (s: Record<string, unknown>) => void) => {
    const s = JSON.parse(text) as Record<string, unknown>;
    edit(s);
    writeFileSync(path, JSON.stringify(s));
  };
  broken((s) => delete s.time_span);
  assert.throws(
    () => readSummary(out),
    (e: Error) => e.name === 'InputError' && e.message.startsWith(`${path}: time_span: `),
  );
  broken((s) => ((s.files as { auth: { rows: unknown } }).auth.rows = 'many'));
  assert.throws(
    () => readSummary(out),
    (e: Error) => e.message.startsWith(`${path}: files.auth.rows: `),
  );

  // Through the CLI: exit 3 and one line, not "Cannot read properties of undefined".
  broken((s) => (s.mwu = { u: 1 }));
  const report = cli(['report', out, '--quiet']);
  assert.equal(report.status, 3, report.stderr);
  assert.match(
    report.stderr,
    /^peerscope: .*summary\.json: mwu\.p_two_sided: Invalid input: expected number, received undefined\n$/,
  );
  writeFileSync(path, text.slice(0, 100));
  writeFileSync(join(out, 'hosts.csv'), 'host\n');
  const evaluate = cli(['evaluate', out]);
  assert.equal(evaluate.status, 3, evaluate.stderr);
  assert.match(evaluate.stderr, /^peerscope: .*summary\.json: not valid JSON/);
});
