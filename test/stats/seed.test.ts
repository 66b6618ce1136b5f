import { test } from 'node:test';
import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import { mannWhitneyU } from '../../src/stats/index.js';
import { openDuckDb } from '../../src/engine/index.js';
import { readNumericColumn } from '../../src/cli/read-numeric-column.js';
import { close } from './golden.js';

const seed = resolve('test', 'fixtures', 'reference');

test('the seed result: log2 daily Upload, total vs compromised, U = 1093952, p = 1.2472090832688178e-20', async () => {
  const engine = await openDuckDb();
  try {
    const total = await readNumericColumn(engine, resolve(seed, 'flow_time_series.csv.gz'), 'Upload', { log2: true });
    const red = await readNumericColumn(engine, resolve(seed, 'red_time_series.csv'), 'Upload', { log2: true });
    assert.equal(total.values.length, 17_399);
    assert.equal(red.values.length, 202);
    const less = mannWhitneyU(total.values, red.values, { alternative: 'less' });
    assert.equal(less.u, 1_093_952);
    assert.ok(close(less.p, 1.2472090832688178e-20), `p ${less.p}`);
    const two = mannWhitneyU(total.values, red.values);
    assert.ok(close(two.p, 2.4944181665376357e-20), `two-sided p ${two.p}`);
    const plain = mannWhitneyU(total.values, red.values, { continuity: false });
    assert.ok(close(plain.p, 2.4942558523744735e-20), `no continuity p ${plain.p}`);
  } finally {
    await engine.close();
  }
});
