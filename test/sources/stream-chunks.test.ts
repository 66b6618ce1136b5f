import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { createGunzip, gzipSync } from 'node:zlib';
import { streamChunks } from '../../src/sources/stream-chunks.js';

test('chunks come whole and in order, never concatenated, with the producer paused past the high water mark', async () => {
  const chunks = Array.from({ length: 40 }, (_, i) => Buffer.alloc(1000 + i, i));
  const stream = new Readable({ read() {} });
  for (const c of chunks) stream.push(c);
  stream.push(null);
  const got: Buffer[] = [];
  let pausedSeen = false;
  for await (const chunk of streamChunks(stream, { highWaterBytes: 5000 })) {
    pausedSeen ||= stream.isPaused();
    got.push(chunk);
    await new Promise((resolve) => setImmediate(resolve));
  }
  assert.deepEqual(
    got.map((c) => c.length),
    chunks.map((c) => c.length),
  );
  got.forEach((c, i) => assert.ok(c.equals(chunks[i]!)));
  assert.ok(pausedSeen, 'the stream was paused while the consumer lagged');
});

test('a gunzip stream gives back exactly its text', async () => {
  const text = Array.from({ length: 200_000 }, (_, i) => `${i},C${i % 977},U${i % 31}\n`).join('');
  const gunzip = createGunzip({ chunkSize: 64 << 10 });
  gunzip.end(gzipSync(text));
  const parts: Buffer[] = [];
  for await (const chunk of streamChunks(gunzip, { highWaterBytes: 128 << 10 })) parts.push(chunk);
  assert.equal(Buffer.concat(parts).toString('utf8'), text);
  assert.ok(parts.length > 10);
});

test('an error is thrown after the chunks before it; leaving the loop early destroys the stream', async () => {
  const failing = new Readable({ read() {} });
  failing.push(Buffer.from('a'));
  failing.push(Buffer.from('b'));
  setImmediate(() => failing.destroy(new Error('disk gone')));
  const seen: string[] = [];
  await assert.rejects(
    (async () => {
      for await (const chunk of streamChunks(failing)) seen.push(chunk.toString());
    })(),
    /disk gone/,
  );
  assert.deepEqual(seen, ['a', 'b']);

  const endless = new Readable({
    read() {
      this.push(Buffer.alloc(10));
    },
  });
  for await (const chunk of streamChunks(endless)) {
    assert.equal(chunk.length, 10);
    break;
  }
  assert.ok(endless.destroyed);
});
