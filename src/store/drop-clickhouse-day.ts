import { clickhouseQuote as q, type ClusterEngine } from '../engine/index.js';
import { CLICKHOUSE_TABLES, type ClusterKind } from './clickhouse-tables.js';

/**
 * Deletes one day of a kind from every shard (the local tables' partition of that day), so an
 * ingest that died in the middle of the day's INSERT can insert the whole day again. The
 * partition is named by ID (the day's decimal text), the one form 18.16 and current servers read
 * alike for an Int64 key; a day no shard holds is no error.
 */
export async function dropClickHouseDay(engine: ClusterEngine, kind: ClusterKind, day: number): Promise<void> {
  if (!Number.isSafeInteger(day)) throw new RangeError(`dropClickHouseDay: day must be an integer, got ${day}`);
  await engine.runOnShards(
    `ALTER TABLE ${q.table(engine.database, CLICKHOUSE_TABLES[kind].local)} DROP PARTITION ID ${q.string(String(day))}`,
  );
}
