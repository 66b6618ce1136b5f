import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, gunzipSync, gzipSync } from 'node:zlib';
import { readBlocks } from '../../src/sources/index.js';
import { tempDir } from '../helpers/temp-dir.js';

async function read(bytes: Buffer): Promise<string> {
  const path = join(tempDir('read-blocks'), 'x.txt.gz');
  writeFileSync(path, bytes);
  const parts: Buffer[] = [];
  for await (const block of readBlocks(path, { label: 'x.txt.gz', currentLine: () => 7 })) parts.push(block.buf);
  return Buffer.concat(parts).toString('utf8');
}

const a = gzipSync('1,a\n2,b\n');
const b = gzipSync('3,c\n');

test('zero padding after the last member is ignored, as gzip does', async () => {
  assert.equal(await read(Buffer.concat([a, Buffer.alloc(512)])), '1,a\n2,b\n');
  assert.equal(await read(Buffer.concat([a, b])), '1,a\n2,b\n3,c\n');
});

test('a member after zero padding is an InputError naming its byte, not silently dropped', async () => {
  const at = a.length + 16;
  await assert.rejects(read(Buffer.concat([a, Buffer.alloc(16), b])), (error: Error) => {
    assert.equal(error.name, 'InputError');
    assert.match(error.message, new RegExp(`^x\\.txt\\.gz line 7: gzip data at byte ${at}, after zero padding`));
    return true;
  });
});

test('a wrong CRC in the trailer is reported at end of file, without a line', async () => {
  const bad = Buffer.from(a);
  bad[bad.length - 8] = bad[bad.length - 8]! ^ 0xff;
  await assert.rejects(read(bad), (error: Error) => {
    assert.equal(error.message, 'x.txt.gz: corrupt or truncated gzip (incorrect data check) at end of file');
    return true;
  });
});

/** Every block's bytes; `currentLine` counts the lines handed out, as a caller does. */
async function readAll(path: string, options: Parameters<typeof readBlocks>[1] = {}): Promise<Buffer> {
  const parts: Buffer[] = [];
  let handed = 0;
  for await (const block of readBlocks(path, { ...options, currentLine: () => handed + 1 })) {
    parts.push(block.buf);
    for (const byte of block.buf) if (byte === 10) handed++;
  }
  return Buffer.concat(parts);
}

test('a UTF-8 byte-order mark at the start is dropped, also when it arrives split over reads; nowhere else', async () => {
  const dir = tempDir('read-blocks-bom');
  const bom = Buffer.from([0xef, 0xbb, 0xbf]);
  const text = Buffer.concat([Buffer.from('1,a\n'), bom, Buffer.from('2,b\n')]);
  writeFileSync(join(dir, 'p.txt'), Buffer.concat([bom, text]));
  writeFileSync(join(dir, 'g.txt.gz'), gzipSync(Buffer.concat([bom, text])));
  writeFileSync(join(dir, 'short.txt'), 'ab');
  for (const chunkSize of [1, 2, 1 << 20]) {
    assert.deepEqual(await readAll(join(dir, 'p.txt'), { chunkSize }), text, `chunkSize ${chunkSize}`);
    assert.equal((await readAll(join(dir, 'short.txt'), { chunkSize })).toString(), 'ab');
  }
  assert.deepEqual(await readAll(join(dir, 'g.txt.gz')), text);
});

test('a gzip stream cut short is reported at the line where its text stops, not at the block the caller is on', async () => {
  const lines = Array.from({ length: 60_000 }, (_, i) => `${i},U${(i * 7919) % 1000}@DOM1,C${i % 977}\n`).join('');
  const whole = gzipSync(lines);
  const cut = whole.subarray(0, Math.floor(whole.length * 0.6));
  const path = join(tempDir('read-blocks-cut'), 'c.txt.gz');
  writeFileSync(path, cut);
  // What a gunzip of the cut stream can give (an independent decoder), and the line it stops in.
  const prefix = gunzipSync(cut, { finishFlush: constants.Z_SYNC_FLUSH });
  let newlines = 0;
  for (const byte of prefix) if (byte === 10) newlines++;
  // A block larger than the text: nothing is handed out before the error, every line is read ahead.
  await assert.rejects(readAll(path, { label: 'c.txt.gz', blockSize: 16 << 20 }), (error: Error) => {
    assert.match(error.message, new RegExp(`^c\\.txt\\.gz line ${newlines + 1}: corrupt or truncated gzip`));
    return true;
  });
  assert.ok(newlines > 30_000, `${newlines} whole lines before the cut`);
});

test('a line longer than maxRecordBytes is refused with its line number instead of held in memory', async () => {
  const path = join(tempDir('read-blocks-long'), 'l.txt');
  writeFileSync(path, '1,a\n2,b\n' + 'x'.repeat(10_000));
  const options = { label: 'l.txt', chunkSize: 1024, blockSize: 1024, maxRecordBytes: 4096 };
  await assert.rejects(readAll(path, options), (error: Error) => {
    assert.equal(error.name, 'InputError');
    assert.equal(error.message, 'l.txt line 3: a line longer than 4096 bytes (no line break in it): not a text log');
    return true;
  });
  writeFileSync(path, '1,a\n' + 'x'.repeat(4096) + '\n2,b\n');
  assert.equal((await readAll(path, options)).length, 4 + 4097 + 4);
});
