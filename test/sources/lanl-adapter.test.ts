import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { emptyAccount, LOG_FORMATS, scanLog } from '../../src/sources/index.js';
import { inputFile, runAdapter, tempFile, type SeenRow } from './source-test-kit.js';

const realAuth = gunzipSync(
  readFileSync(join(import.meta.dirname, '..', 'fixtures', 'reference', 'auth-sample.txt.gz')),
).toString('utf8');

async function viaScanLog(path: string, kind: 'auth' | 'flows'): Promise<SeenRow[]> {
  const rows: SeenRow[] = [];
  await scanLog(
    inputFile(path, kind),
    LOG_FORMATS[kind],
    (buf, starts, ints, line) => {
      rows.push({
        line,
        fields: Array.from({ length: 9 }, (_, i) => buf.toString('utf8', starts[i], (starts[i + 1] ?? 0) - 1)),
        ints: Array.from(ints),
      });
    },
    emptyAccount(),
  );
  return rows;
}

test('lanl adapter: the same rows as scanLog (scanBlock) on 15,000 real LANL auth lines', async () => {
  const path = tempFile('auth.txt', realAuth);
  const adapter = await runAdapter('lanl', path, 'auth');
  assert.equal(adapter.config.format === 'lanl' && adapter.config.headerLine, false);
  assert.equal(adapter.rows.length, 15000);
  assert.deepEqual(adapter.rows, await viaScanLog(path, 'auth'));
  assert.equal(adapter.totals.emitted, 15000);
});

test('lanl adapter: a header line is skipped (not rejected) and line numbers stay those of the file; a BOM is dropped', async () => {
  const body = realAuth.split('\n').slice(0, 50).join('\n') + '\n';
  const header = LOG_FORMATS.auth.fields.join(',') + '\n';
  const plain = await runAdapter('lanl', tempFile('auth.txt', body), 'auth');
  const headed = await runAdapter('lanl', tempFile('auth.txt', '\ufeff' + header + body), 'auth');
  assert.equal(headed.account.rejected, 0);
  assert.deepEqual(headed.totals.skipped_reasons, { header_line: 1 });
  assert.deepEqual(
    headed.rows.map((r) => r.fields),
    plain.rows.map((r) => r.fields),
  );
  assert.deepEqual(
    headed.rows.map((r) => r.line),
    plain.rows.map((r) => r.line + 1),
  );
  // Without the header detection the same file loses its first line to the rejects, as before.
  const old = await runAdapter('lanl', tempFile('auth.txt', header + body), 'auth');
  assert.equal(old.account.rejected, 0, 'prepare detects it from the head');
  const unflagged = emptyAccount();
  await scanLog(inputFile(tempFile('auth.txt', header + body), 'auth'), LOG_FORMATS.auth, () => undefined, unflagged);
  assert.deepEqual(unflagged.reasons, { time_not_integer: 1 });
});
