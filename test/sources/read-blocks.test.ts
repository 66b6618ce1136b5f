import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
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
