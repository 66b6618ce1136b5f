import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuckDb } from '../../src/engine/index.js';
import { readBatches } from '../../src/pipeline/read-batches.js';

test('each streams the rows in order, batchRows at a time, with the values all() gives', async () => {
  const engine = await openDuckDb({ threads: 2 });
  try {
    // 10,000 rows span several of DuckDB's 2,048-row chunks; the order is the query's, not the table's.
    await engine.run(
      `CREATE TABLE t AS SELECT (9999 - i)::INTEGER AS k, (i * 1000000000)::BIGINT AS big, 'h' || i AS name,
         CASE WHEN i % 7 = 0 THEN NULL ELSE i / 4 END AS x FROM range(10000) r(i)`,
    );
    const sql = 'SELECT k, big, name, x FROM t WHERE k >= $from ORDER BY k';
    const batches: number[] = [];
    const rows: Record<string, unknown>[] = [];
    const total = await engine.each(sql, (b) => (batches.push(b.length), rows.push(...b)), {
      params: { from: 3 },
      batchRows: 3000,
    });
    assert.equal(total, 9997);
    assert.deepEqual(batches, [3000, 3000, 3000, 997]);
    assert.deepEqual(rows, await engine.all(sql, { from: 3 }));
    assert.deepEqual(rows[0], { k: 3, big: 9996000000000, name: 'h9996', x: null });
    assert.deepEqual(rows[1], { k: 4, big: 9995000000000, name: 'h9995', x: 2498.75 });
    // Beyond 2^53 a BIGINT stays a BigInt, as in all().
    const [huge] = await engine.all<{ v: unknown }>('SELECT 9007199254740993::BIGINT AS v');
    const streamed: unknown[] = [];
    await engine.each<{ v: unknown }>('SELECT 9007199254740993::BIGINT AS v', (b) => streamed.push(b[0]!.v));
    assert.equal(huge!.v, 9007199254740993n);
    assert.deepEqual(streamed, [9007199254740993n]);

    let calls = 0;
    assert.equal(await engine.each('SELECT * FROM t WHERE false', () => calls++), 0);
    assert.equal(calls, 0);
    await assert.rejects(
      engine.each('SELECT nope FROM t', () => undefined),
      { name: 'QueryError' },
    );

    // readBatches over it: the query ordered by its key, whatever order the query itself had.
    const keys: number[] = [];
    const n = await readBatches<{ k: number }>(
      engine,
      'SELECT k FROM t',
      'k',
      (b) => {
        assert.ok(b.length <= 4096);
        for (const r of b) keys.push(r.k);
      },
      { batchRows: 4096 },
    );
    assert.equal(n, 10000);
    assert.deepEqual(
      keys,
      Array.from({ length: 10000 }, (_, i) => i),
    );
  } finally {
    await engine.close();
  }
});
