import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { emptyAccount, LOG_FORMATS, scanLog, type InputFile, type LogKind } from '../../src/sources/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { scanFile } from './scan-file.js';

function fileOf(kind: LogKind, text: string, gzip = false): InputFile {
  const dir = tempDir('scan');
  const name = `${kind}.txt${gzip ? '.gz' : ''}`;
  const path = join(dir, name);
  writeFileSync(path, gzip ? gzipSync(text) : text);
  return { kind, path, label: name, bytes: 0, gzip };
}

async function scan(kind: LogKind, text: string, gzip = false) {
  const file = fileOf(kind, text, gzip);
  const out = tempDir('out');
  const account = emptyAccount();
  const rows: { line: number; fields: string[]; ints: number[] }[] = [];
  const format = LOG_FORMATS[kind];
  await scanLog(
    file,
    format,
    (buf, starts, ints, line) => {
      const fields = format.fields.map((_, i) => buf.toString('utf8', starts[i], starts[i + 1]! - 1));
      rows.push({ line, fields, ints: format.integers.map((i) => ints[i]!) });
    },
    account,
    { outDir: out },
  );
  const rejectedPath = join(out, 'rejected', `${kind}.txt`);
  const rejected = account.rejected_files.length > 0 ? readFileSync(rejectedPath, 'utf8') : '';
  return { rows, account, rejected };
}

test('flows: each rejection kind is counted, written as line<TAB>text, and the scan goes on', async () => {
  const lines = [
    '1,10,C1,N1,C2,80,6,5,100', // 1 ok
    '2,x7,C1,N1,C2,80,6,5,100', // 2 duration not integer
    '3,7.0,C1,N1,C2,80,6,5,100', // 3 decimal
    '4, 7,C1,N1,C2,80,6,5,100', // 4 leading space
    '5,1,C1,N1,C2,80,6,5', // 5 too few fields
    '6,1,C1,N1,C2,80,6,5,100,9', // 6 too many fields
    't7,1,C1,N1,C2,80,6,5,100', // 7 time not integer
    '8,1,C1,N1,C2,80,6,+5,100', // 8 packets with a sign
    '9,1,C1,N1,C2,80,6,5,', // 9 empty bytes
    '10,1,C1,N1,C2,80,6,5,99999999999999999999', // 10 beyond 2^53
    '11,0,?,?,?,?,?,0,0', // 11 ok: '?' is a value in text columns
    '-12,1,C1,N1,C2,80,6,5,100', // 12 ok: negative integers are integers
  ];
  const { rows, account, rejected } = await scan('flows', lines.join('\n') + '\n');
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 11, 12],
  );
  assert.deepEqual(rows[1]?.fields, ['11', '0', '?', '?', '?', '?', '?', '0', '0']);
  assert.deepEqual(rows[2]?.ints, [-12, 1, 5, 100]);
  assert.equal(account.rows, 3);
  assert.equal(account.rejected, 9);
  assert.deepEqual(account.reasons, {
    duration_not_integer: 3,
    field_count: 2,
    time_not_integer: 1,
    packets_not_integer: 1,
    bytes_not_integer: 2,
  });
  assert.equal(account.examples[0], 'flows.txt line 2: duration "x7" is not an integer');
  const expected = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((n) => `${n}\t${lines[n - 1]}\n`).join('');
  assert.equal(rejected, expected);
});

test('CRLF and LF both end lines; blank lines are skipped but keep line numbers; a last line without newline counts', async () => {
  const text =
    '1,U1@DOM1,U1@DOM1,C1,C1,?,Interactive,LogOn,Success\r\n\r\n\n2,U2@DOM1,U2@DOM1,C2,C3,NTLM,Network,LogOn,Fail\r\n3,x\r\n4,ANONYMOUS LOGON@C586,ANONYMOUS LOGON@C586,C4,C586,NTLM,Network,LogOn,Success';
  const { rows, account, rejected } = await scan('auth', text);
  assert.deepEqual(
    rows.map((r) => r.line),
    [1, 4, 6],
  );
  assert.equal(rows[0]?.fields[8], 'Success', 'no CR left on the last field');
  assert.equal(rows[2]?.fields[1], 'ANONYMOUS LOGON@C586');
  assert.equal(account.blank, 2);
  assert.equal(rejected, '5\t3,x\n');
});

test('gzip input gives the same rows as plain input, across chunk boundaries', async () => {
  const lines = Array.from(
    { length: 50_000 },
    (_, i) => `${i},${i % 7},C${i % 13},N${i},C${i % 11},443,6,${i % 5},${i * 3}`,
  );
  lines[777] = 'broken';
  const text = lines.join('\n') + '\n';
  const plain = await scan('flows', text);
  const gz = await scan('flows', text, true);
  assert.equal(plain.account.rows, 49_999);
  assert.equal(gz.account.rows, 49_999);
  assert.deepEqual(gz.rows.at(-1), plain.rows.at(-1));
  assert.equal(gz.rejected, '778\tbroken\n');
  const sum = (r: typeof plain.rows) => r.reduce((s, x) => s + (x.ints[3] ?? NaN), 0);
  assert.equal(sum(gz.rows), sum(plain.rows));
});

test('a truncated gzip is an InputError naming the file', async () => {
  const lines = Array.from({ length: 20_000 }, (_, i) => `${i},1,C1,N1,C2,80,6,5,${i}`).join('\n');
  const gz = gzipSync(lines);
  const file = fileOf('flows', '', true);
  writeFileSync(file.path, gz.subarray(0, Math.floor(gz.length / 2)));
  await assert.rejects(
    scanLog(file, LOG_FORMATS.flows, () => {}, emptyAccount()),
    (error: Error) =>
      error.name === 'InputError' && /^flows\.txt\.gz line \d+: corrupt or truncated gzip/.test(error.message),
  );
});

test('rejected lines written are capped per file, but all are counted', async () => {
  const file = fileOf('redteam', Array.from({ length: 30 }, (_, i) => `x${i},U1@DOM1,C1,C2`).join('\n'));
  const out = tempDir('out');
  const account = emptyAccount();
  await scanLog(file, LOG_FORMATS.redteam, () => {}, account, { outDir: out, maxRejectedLines: 10 });
  assert.equal(account.rejected, 30);
  assert.equal(
    readFileSync(join(out, 'rejected', 'redteam.txt'), 'utf8')
      .trim()
      .split('\n').length,
    10,
  );
});

test('lines spanning several tiny read chunks are reassembled', async () => {
  const text = 'first line,a\r\nsecond,b,c\n\nthird';
  const file = fileOf('dns', text);
  const seen: string[] = [];
  const stats = await scanFile(file.path, (buf, s, e, n) => seen.push(`${n}:${buf.toString('utf8', s, e)}`), {
    chunkSize: 3,
  });
  assert.deepEqual(seen, ['1:first line,a', '2:second,b,c', '4:third']);
  assert.equal(stats.blank, 1);
});
