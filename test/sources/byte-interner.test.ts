import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ByteInterner } from '../../src/sources/byte-interner.js';
import { createRandom } from '../../src/stats/index.js';

/** Host-like names, some multi-byte UTF-8, with many repeats and some long ones. */
function names(seed: number, n: number): string[] {
  const random = createRandom(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  return Array.from({ length: n }, () => {
    const r = random();
    if (r < 0.6) return `C${Math.floor(random() * 3000)}`;
    if (r < 0.9) return `${pick(['U', 'Ü', '用户'])}${Math.floor(random() * 500)}@DOM${pick(['1', '2'])}`;
    return 'x'.repeat(1 + Math.floor(random() * 400)) + Math.floor(random() * 50);
  });
}

test('interning a field of a larger buffer gives one dense id per distinct byte string, as a Map would', () => {
  const interner = new ByteInterner();
  const reference = new Map<string, number>();
  const words = names(1, 20_000);
  // Every name sits between other bytes of one buffer, so ranges, not whole buffers, are keys.
  const buf = Buffer.from(words.join(','), 'utf8');
  let start = 0;
  for (const word of words) {
    const end = start + Buffer.byteLength(word, 'utf8');
    if (!reference.has(word)) reference.set(word, reference.size);
    assert.equal(interner.intern(buf, start, end), reference.get(word), word);
    start = end + 1;
  }
  const arenaBytes = [...reference.keys()].reduce((sum, w) => sum + Buffer.byteLength(w, 'utf8'), 0);
  assert.ok(reference.size > 1024 && arenaBytes > 1 << 16, 'the id arrays (1,024) and the arena (64 KiB) had to grow');
  assert.equal(interner.size, reference.size);
  assert.deepEqual(interner.names(), [...reference.keys()]);
  for (const [word, id] of reference) {
    assert.equal(interner.lookupString(word), id);
    assert.equal(interner.name(id), word);
  }
  assert.equal(interner.lookupString('C-never'), -1);
  assert.equal(interner.size, reference.size, 'lookup adds nothing');
  assert.throws(() => interner.name(interner.size), RangeError);
});

test('the empty string and prefixes are keys of their own', () => {
  const interner = new ByteInterner();
  const ids = ['', 'C1', 'C12', 'C1', ''].map((s) => interner.internString(s));
  assert.deepEqual(ids, [0, 1, 2, 1, 0]);
  assert.equal(interner.name(0), '');
});

test('internAll maps another interner’s names, in its id order, to ours', () => {
  const ours = new ByteInterner();
  ours.internString('C5');
  ours.internString('C7');
  const theirs = new ByteInterner();
  for (const n of ['C7', 'C9', 'C5']) theirs.internString(n);
  assert.deepEqual([...ours.internAll(theirs.names())], [1, 2, 0]);
  assert.deepEqual(ours.names(), ['C5', 'C7', 'C9']);
});
