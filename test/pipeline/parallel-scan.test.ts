import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parallelScan } from '../../src/pipeline/parallel-scan.js';
import { emptyAccount, LOG_FORMATS, scanLog, type InputFile } from '../../src/sources/index.js';
import { HUMAN_RULE_DEFAULTS } from '../../src/sources/human-rule.js';
import { tempDir } from '../helpers/temp-dir.js';

test('parallelScan reports rejected lines beyond the first block at their line in the file, as the serial scan does', async () => {
  const dir = tempDir('par');
  const bad = new Set([7, 40_000, 59_999]);
  const lines = Array.from({ length: 60_000 }, (_, i) =>
    bad.has(i + 1) ? `bad line ${i + 1}` : `${i + 1},U1@DOM1,U1@DOM1,C1,C2,NTLM,Network,LogOn,Success`,
  );
  const path = join(dir, 'auth.txt');
  writeFileSync(path, lines.join('\n') + '\n');
  const file: InputFile = { kind: 'auth', path, label: 'auth.txt', bytes: 0, gzip: false };
  const job = {
    kind: 'auth' as const,
    humanRule: HUMAN_RULE_DEFAULTS,
    sampleSize: 10,
    maxRejectedLines: 10,
    graphTables: false,
  };
  const parallel = emptyAccount();
  const outParallel = join(dir, 'p');
  // 1 MiB read chunks make about three blocks of this 3.5 MB file.
  await parallelScan(job, [file], parallel, { threads: 2, maxRejectedLines: 10, outDir: outParallel });
  const serial = emptyAccount();
  const outSerial = join(dir, 's');
  await scanLog(file, LOG_FORMATS.auth, () => undefined, serial, { outDir: outSerial });
  assert.deepEqual(parallel.examples, [
    'auth.txt line 7: 1 fields, expected 9',
    'auth.txt line 40000: 1 fields, expected 9',
    'auth.txt line 59999: 1 fields, expected 9',
  ]);
  assert.deepEqual(parallel.examples, serial.examples);
  assert.equal(
    readFileSync(join(outParallel, 'rejected', 'auth.txt'), 'utf8'),
    readFileSync(join(outSerial, 'rejected', 'auth.txt'), 'utf8'),
  );
});
