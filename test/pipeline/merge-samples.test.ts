import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mergeSamples } from '../../src/pipeline/merge-samples.js';
import { createRandom } from '../../src/stats/index.js';

test('merging two workers’ samples gives the first items of a serial scan, in file order', () => {
  const random = createRandom(8);
  for (let trial = 0; trial < 200; trial++) {
    // A serial scan's items, block by block; each block went to one of two workers.
    const serial: { item: string; block: number }[] = [];
    const a: string[] = [];
    const aBlocks: number[] = [];
    const b: string[] = [];
    const bBlocks: number[] = [];
    const blocks = Math.floor(random() * 12);
    for (let block = 0; block < blocks; block++) {
      const toA = random() < 0.5;
      for (let k = Math.floor(random() * 4); k > 0; k--) {
        const item = `${block}.${k}`;
        serial.push({ item, block });
        (toA ? a : b).push(item);
        (toA ? aBlocks : bBlocks).push(block);
      }
    }
    const limit = Math.floor(random() * 20);
    const [items, tags] = mergeSamples(a, aBlocks, b, bBlocks, limit);
    const want = serial.slice(0, limit);
    assert.deepEqual(
      items,
      want.map((s) => s.item),
      `trial ${trial}`,
    );
    assert.deepEqual(
      tags,
      want.map((s) => s.block),
      `trial ${trial}`,
    );
  }
});

test('on equal block tags the first list comes first; a limit of 0 or two empty lists give nothing', () => {
  assert.deepEqual(mergeSamples(['a1', 'a2'], [3, 3], ['b1'], [3], 10), [
    ['a1', 'a2', 'b1'],
    [3, 3, 3],
  ]);
  assert.deepEqual(mergeSamples(['a'], [0], ['b'], [1], 0), [[], []]);
  assert.deepEqual(mergeSamples<string>([], [], [], [], 5), [[], []]);
});
