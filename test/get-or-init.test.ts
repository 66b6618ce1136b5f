import { test } from 'node:test';
import assert from 'node:assert/strict';
import { getOrInit } from '../src/get-or-init.js';

test('getOrInit sets a missing key once and returns the stored value after', () => {
  const groups = new Map<string, number[]>();
  let made = 0;
  const init = () => (made++, []);
  for (const [k, v] of [
    ['a', 1],
    ['b', 2],
    ['a', 3],
  ] as const)
    getOrInit(groups, k, init).push(v);
  assert.deepEqual(
    [...groups],
    [
      ['a', [1, 3]],
      ['b', [2]],
    ],
  );
  assert.equal(made, 2);
});
