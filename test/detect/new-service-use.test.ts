import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newServiceUse } from '../../src/detect/index.js';

test('bytes and flows to services no other group member ever used, per host-interval, with first uses; a service shared in the group does not count; other groups do not matter', () => {
  // Hosts 0, 1, 2 in group 0; host 3 in group 1; host 4 ungrouped.
  const groupOf = [0, 0, 0, 1, -1];
  // service 10: shared by 0 and 1; 20: host 0 alone (days 1 and 2); 30: host 0 alone, also used by host 3 of another group;
  // 40: host 2 alone, repeated row on day 2; 50: ungrouped host 4.
  const rows = {
    interval: [1, 1, 1, 2, 1, 2, 2, 1, 3],
    host: [0, 1, 0, 0, 0, 2, 2, 3, 4],
    service: [10, 10, 20, 20, 30, 40, 40, 30, 50],
    flows: [5, 5, 2, 3, 1, 4, 1, 9, 1],
    bytes: [1000, 1000, 200, 300, 50, 4000, 96, 999, 7],
  };
  const r = newServiceUse(rows, groupOf, { points: { host: [0, 0, 1, 2, 3], interval: [1, 2, 1, 2, 1] } });
  const byKey = new Map([...r.host].map((h, i) => [`${h}@${r.interval[i]}`, i]));
  const at = (key: string) => {
    const i = byKey.get(key)!;
    return { bytes: r.bytes[i], flows: r.flows[i], services: r.services[i], firstUses: r.firstUses[i] };
  };
  assert.deepEqual(at('0@1'), { bytes: 250, flows: 3, services: 2, firstUses: 2 });
  assert.deepEqual(at('0@2'), { bytes: 300, flows: 3, services: 1, firstUses: 0 });
  assert.deepEqual(at('2@2'), { bytes: 4096, flows: 5, services: 1, firstUses: 1 });
  assert.deepEqual(at('3@1'), { bytes: 999, flows: 9, services: 1, firstUses: 1 });
  assert.equal(byKey.has('1@1'), false);
  assert.deepEqual([...r.aligned!], [Math.log2(251), Math.log2(301), 0, Math.log2(4097), Math.log2(1000)]);
  assert.deepEqual(r.diagnostics, { rows: 9, ungrouped: 1, newPairs: 4, hostIntervals: 4, maxOtherUsers: 0 });
});

test('maxOtherUsers = 1 keeps a server two members of a group share (two victims staging to the same drop) as new', () => {
  const groupOf = [0, 0, 0, 0];
  const rows = {
    interval: [1, 1, 1, 1, 1],
    host: [0, 1, 0, 1, 2],
    service: [99, 99, 7, 7, 7],
    flows: [1, 1, 1, 1, 1],
    bytes: [10, 20, 1, 1, 1],
  };
  assert.equal(newServiceUse(rows, groupOf).host.length, 0);
  const relaxed = newServiceUse(rows, groupOf, { maxOtherUsers: 1 });
  assert.deepEqual([...relaxed.host], [0, 1]);
  assert.deepEqual([...relaxed.bytes], [10, 20]);
  assert.throws(() => newServiceUse(rows, groupOf, { maxOtherUsers: -1 }), /maxOtherUsers/);
});
