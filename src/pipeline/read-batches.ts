import type { Engine, SqlValue } from '../engine/index.js';

/**
 * Runs `query` once into a numbered temporary table and hands its rows to `onBatch` at most
 * `batchRows` at a time, in `orderBy` order, so per-interval inputs that can be millions of rows
 * never sit in JS as one array of objects (the typed columns built from them are a fraction of it).
 * Returns the number of rows.
 */
export async function readBatches<T>(
  engine: Engine,
  query: string,
  orderBy: string,
  onBatch: (rows: T[]) => void,
  options: { params?: Record<string, SqlValue>; batchRows?: number; table?: string } = {},
): Promise<number> {
  const table = options.table ?? 'detect_batch';
  const batch = Math.max(1, Math.floor(options.batchRows ?? 250_000));
  await engine.run(
    `CREATE OR REPLACE TEMP TABLE ${engine.ident(table)} AS SELECT row_number() OVER (ORDER BY ${orderBy}) AS batch_row, * FROM (${query})`,
    options.params,
  );
  const [{ n }] = (await engine.all<{ n: number }>(`SELECT count(*) AS n FROM ${engine.ident(table)}`)) as [
    { n: number },
  ];
  const total = Number(n);
  for (let from = 0; from < total; from += batch) {
    const rows = await engine.all<T>(
      `SELECT * EXCLUDE (batch_row) FROM ${engine.ident(table)} WHERE batch_row > $from AND batch_row <= $to ORDER BY batch_row`,
      { from, to: from + batch },
    );
    onBatch(rows);
  }
  await engine.run(`DROP TABLE IF EXISTS ${engine.ident(table)}`);
  return total;
}
