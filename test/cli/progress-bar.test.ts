import { test } from 'node:test';
import assert from 'node:assert/strict';
import { progressBar } from '../../src/cli/progress-bar.js';

function fakeStream(isTTY: boolean) {
  const writes: string[] = [];
  return { writes, stream: { isTTY, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
}

test('no bar when stderr is not a terminal', () => {
  assert.equal(progressBar(fakeStream(false).stream), undefined);
});

test('on a terminal the bar shows the file, percent of bytes and ends its line when the file is done', () => {
  const { writes, stream } = fakeStream(true);
  const bar = progressBar(stream)!;
  bar({ file: 'flows.txt.gz', bytesRead: 50e6, bytesTotal: 200e6, lines: 1e6, done: false });
  bar({ file: 'flows.txt.gz', bytesRead: 200e6, bytesTotal: 200e6, lines: 4e6, done: true });
  const [first = '', last = '', end] = writes;
  assert.match(first, /^\rflows\.txt\.gz\s+\[#{6}\.{18}\]\s+25% 50\.0\/200\.0 MB/);
  assert.match(first, / M rows\/s/);
  assert.match(last, /100% 200\.0\/200\.0 MB/);
  assert.doesNotMatch(last, /ETA/);
  assert.equal(end, '\n');
});
