import type { Engine, SqlValue } from '../engine/index.js';

/**
 * Runs `query` ordered by `orderBy` and hands its rows to `onBatch` at most `batchRows` at a time,
 * streamed from the engine (Engine.each), so per-interval inputs that can be millions of rows never
 * sit in JS as one array of objects (the typed columns built from them are a fraction of it).
 * `orderBy` must order the rows completely (a key), so the batches do not depend on the engine's
 * threads. Returns the number of rows.
 */
export async function readBatches<T>(
  engine: Engine,
  query: string,
  orderBy: string,
  onBatch: (rows: T[]) => void,
  options: { params?: Record<string, SqlValue>; batchRows?: number } = {},
): Promise<number> {
  return engine.each<T>(`SELECT * FROM (${query}) ORDER BY ${orderBy}`, onBatch, {
    ...(options.params ? { params: options.params } : {}),
    batchRows: options.batchRows ?? 250_000,
  });
}
