import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { findLogFiles, orderLogFiles } from '../../src/sources/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const header =
  '#separator \\x09\n#path\tconn\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state\n';
const conn = (...ts: number[]) =>
  header + ts.map((t, i) => `${t.toFixed(6)}\tC${i}\t10.0.0.1\t1\t10.0.0.2\t2\ttcp\tSF`).join('\n') + '\n';

test('a rotated Zeek log folder is listed in time order, by the earliest record of each file', async () => {
  const dir = tempDir('zeek');
  // Names sort differently from times on purpose; records within a file are slightly out of order, as Zeek writes them.
  writeFileSync(join(dir, 'conn.log'), conn(1700010005, 1700010001)); // current log: the latest
  writeFileSync(join(dir, 'conn.2023-11-14-22-00-00.log.gz'), gzipSync(conn(1700003601, 1700003600.5)));
  writeFileSync(join(dir, 'conn.2023-11-14-23-00-00.log.gz'), gzipSync(conn(1700007200.25, 1700007300)));
  mkdirSync(join(dir, '2023-11-14'));
  writeFileSync(join(dir, '2023-11-14', 'conn.21:00:00-22:00:00.log.gz'), gzipSync(conn(1700000000.75)));
  writeFileSync(join(dir, '2023-11-14', 'conn.20:00:00-21:00:00.log.gz'), gzipSync(header)); // no records: name time
  writeFileSync(join(dir, 'dns.log'), 'not ours');
  writeFileSync(join(dir, 'conn-summary.txt'), 'not ours');
  const files = findLogFiles(dir, 'flows');
  const base = dir.split('/').pop();
  assert.deepEqual(
    files.map((f) => f.label),
    [
      `${base}/2023-11-14/conn.20:00:00-21:00:00.log.gz`,
      `${base}/2023-11-14/conn.21:00:00-22:00:00.log.gz`,
      `${base}/conn.2023-11-14-22-00-00.log.gz`,
      `${base}/conn.2023-11-14-23-00-00.log.gz`,
      `${base}/conn.log`,
    ],
  );
  const ordered = await orderLogFiles([...files].reverse());
  assert.deepEqual(
    ordered.map((f) => [f.label.slice(base!.length + 1), f.startTime, f.startSource]),
    [
      ['2023-11-14/conn.20:00:00-21:00:00.log.gz', Date.UTC(2023, 10, 14, 20) / 1000, 'name'],
      ['2023-11-14/conn.21:00:00-22:00:00.log.gz', 1700000000.75, 'record'],
      ['conn.2023-11-14-22-00-00.log.gz', 1700003600.5, 'record'],
      ['conn.2023-11-14-23-00-00.log.gz', 1700007200.25, 'record'],
      ['conn.log', 1700010001, 'record'],
    ],
  );
});

test('files without any time come last, in the order given; an empty folder is an input error', async () => {
  const dir = tempDir('zeek');
  writeFileSync(join(dir, 'conn.b.log'), header);
  writeFileSync(join(dir, 'conn.a.log'), conn(5));
  const ordered = await orderLogFiles(findLogFiles(dir, 'flows').reverse());
  assert.deepEqual(
    ordered.map((f) => [f.label.split('/').pop(), f.startSource]),
    [
      ['conn.a.log', 'record'],
      ['conn.b.log', 'none'],
    ],
  );
  assert.throws(() => findLogFiles(tempDir('empty'), 'flows'), /folder holds no conn log files/);
});
