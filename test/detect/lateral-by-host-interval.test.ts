import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lateralByHostInterval } from '../../src/detect/index.js';

test('both ends of a first-time edge get its score in the interval of its first time; the strongest wins with its edge; zero scores are no evidence', () => {
  const edges = {
    src: [0, 0, 1, 2, 3],
    dst: [1, 2, 2, -1, 0],
    time: [100, 200, 86400 + 5, 300, 400],
    score: [2.5, 4, 3, 7, 0],
  };
  const r = lateralByHostInterval(edges, {
    intervalSeconds: 86400,
    points: { host: [0, 1, 2, 2, 3], interval: [0, 0, 0, 1, 0] },
  });
  assert.equal(r.scoredEdges, 4);
  const byKey = new Map([...r.host].map((h, i) => [`${h}@${r.interval[i]}`, { max: r.max[i], edge: r.edge[i] }]));
  assert.deepEqual(byKey.get('0@0'), { max: 4, edge: 1 });
  assert.deepEqual(byKey.get('1@0'), { max: 2.5, edge: 0 });
  assert.deepEqual(byKey.get('2@0'), { max: 7, edge: 3 });
  assert.deepEqual(byKey.get('2@1'), { max: 3, edge: 2 });
  assert.deepEqual(byKey.get('1@1'), { max: 3, edge: 2 });
  assert.equal(byKey.has('3@0'), false, 'the zero-score edge is left out');
  assert.deepEqual([...r.aligned!], [4, 2.5, 7, 3, 0]);
  assert.deepEqual([...r.alignedEdge!], [1, 0, 3, 2, -1]);
  assert.equal(r.diagnostics.skipped, 1, 'the unscored host −1');
});
