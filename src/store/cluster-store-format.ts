import { z } from 'zod';
import { InputError, UsageError } from '../errors.js';
import { clickhouseQuote as q, type ClusterEngine } from '../engine/index.js';
import { fileAccountSchema } from '../sources/file-account-schema.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import type { InputFingerprint, StoreManifest } from './store-format.js';

/**
 * The bookkeeping of a cluster store (written by `ingestCluster`, read by `clusterInput`), next to
 * the data tables of clickhouse-tables.ts. Three small MergeTree tables on the first shard only
 * (they are not sharded: a few rows, read by whichever node runs the analysis over shard 0's URL):
 * `ingest_meta` (key, seq, value: the latest `seq` of a key wins; keys `progress` while an ingest
 * runs and `manifest` once it is complete), `ingest_days` (the days whose INSERT the server
 * confirmed, per kind) and `rejected_lines` (each rejected/<file>.txt of a run, whole). Rows are
 * only ever appended: 18.16 has no cheap row update, and a run's rows are told apart by `seq`.
 */

/** The cluster store format this peerscope writes and reads. */
export const CLUSTER_STORE_FORMAT = 1;

/** Names of the bookkeeping tables, in the store's database on shard 0. */
export const CLUSTER_META_TABLES = {
  meta: 'ingest_meta',
  days: 'ingest_days',
  rejected: 'rejected_lines',
} as const;

/** The manifest of a complete cluster store (also written to the ingest's local folder as manifest.json). */
export interface ClusterManifest {
  peerscope: string;
  store_format: typeof CLUSTER_STORE_FORMAT;
  /** Where the rows are: the cluster and database (the URL is not kept: any node serves). */
  cluster: { cluster: string; database: string; shards: number };
  inputs: StoreManifest['inputs'];
  files: StoreManifest['files'];
  /** Days stored per kind, ascending (floor(time / 86400)). */
  days: Record<'auth' | 'flows', number[]>;
  time_span: StoreManifest['time_span'];
  /** The run that completed the store: its rejected lines carry the same seq. */
  seq: number;
}

const fingerprints = z.array(z.object({ path: z.string(), bytes: z.number(), mtime_ms: z.number() }));
const inputsSchema = z.object({ auth: fingerprints, flows: fingerprints, redteam: fingerprints });

/** zod schema of {@link ClusterManifest}. */
export const clusterManifestSchema = z.object({
  peerscope: z.string(),
  store_format: z.literal(CLUSTER_STORE_FORMAT),
  cluster: z.object({ cluster: z.string(), database: z.string(), shards: z.number().int().positive() }),
  inputs: inputsSchema,
  files: z.partialRecord(z.enum(Object.keys(LOG_FORMATS) as [LogKind, ...LogKind[]]), fileAccountSchema),
  days: z.object({ auth: z.array(z.number().int()), flows: z.array(z.number().int()) }),
  time_span: z.object({ first: z.number().nullable(), last: z.number().nullable() }),
  seq: z.number().int(),
}) satisfies z.ZodType<ClusterManifest>;

/** What a database holds: a complete store, an ingest under way (with its inputs), or none. */
export type ClusterStoreState =
  | { status: 'complete'; manifest: ClusterManifest }
  | { status: 'unfinished'; inputs: Record<'auth' | 'flows' | 'redteam', InputFingerprint[]> }
  | { status: 'none' };

const META = 0;

/** Creates the bookkeeping tables on shard 0 if missing. */
export async function createClusterMetaTables(engine: ClusterEngine): Promise<void> {
  const db = engine.database;
  const t = CLUSTER_META_TABLES;
  await engine.run(`CREATE DATABASE IF NOT EXISTS ${q.ident(db)}`, { shard: META });
  await engine.run(
    `CREATE TABLE IF NOT EXISTS ${q.table(db, t.meta)} (key String, seq Int64, value String) ENGINE = MergeTree ORDER BY (key, seq)`,
    { shard: META },
  );
  await engine.run(
    `CREATE TABLE IF NOT EXISTS ${q.table(db, t.days)} (kind String, day Int64, rows Int64, seq Int64) ENGINE = MergeTree ORDER BY (kind, day)`,
    { shard: META },
  );
  await engine.run(
    `CREATE TABLE IF NOT EXISTS ${q.table(db, t.rejected)} (seq Int64, path String, content String) ENGINE = MergeTree ORDER BY (seq, path)`,
    { shard: META },
  );
}

/** Whether the database has the bookkeeping tables at all (without creating them). */
async function hasMetaTables(engine: ClusterEngine): Promise<boolean> {
  const found = await engine.query(
    `SELECT count() FROM system.tables WHERE database = ${q.string(engine.database)} AND name = ${q.string(CLUSTER_META_TABLES.meta)}`,
    { shard: META },
  );
  return Number(found.rows[0]?.[0]) > 0;
}

/** Appends a value for `key` (the latest seq wins). */
export async function writeClusterMeta(engine: ClusterEngine, key: string, seq: number, value: string): Promise<void> {
  await engine.run(
    `INSERT INTO ${q.table(engine.database, CLUSTER_META_TABLES.meta)} (key, seq, value) VALUES (${q.string(key)}, ${q.number(seq)}, ${q.string(value)})`,
    { shard: META },
  );
}

/**
 * Reads what the engine's database holds. A manifest that does not parse is an InputError naming
 * the table; another store format a UsageError.
 */
export async function readClusterStore(engine: ClusterEngine): Promise<ClusterStoreState> {
  if (!(await hasMetaTables(engine))) return { status: 'none' };
  const result = await engine.query(
    `SELECT key, argMax(value, seq) AS v FROM ${q.table(engine.database, CLUSTER_META_TABLES.meta)} GROUP BY key`,
    { shard: META },
  );
  const values = new Map(result.rows.map((r) => [String(r[0]), String(r[1])]));
  const where = `ClickHouse table ${engine.database}.${CLUSTER_META_TABLES.meta}`;
  const parse = (key: string): unknown => {
    try {
      return JSON.parse(values.get(key)!);
    } catch (error) {
      throw new InputError(`${key} is not JSON: ${(error as Error).message}`, { file: where });
    }
  };
  if (values.has('manifest')) {
    const raw = parse('manifest') as { store_format?: unknown };
    if (raw?.store_format !== CLUSTER_STORE_FORMAT) {
      throw new UsageError(
        `ClickHouse database ${engine.database} has cluster store format ${String(raw?.store_format)}; this peerscope reads format ${CLUSTER_STORE_FORMAT}`,
      );
    }
    const checked = clusterManifestSchema.safeParse(raw);
    if (!checked.success)
      throw new InputError(`manifest: ${checked.error.issues.map((i) => i.message).join('; ')}`, { file: where });
    return { status: 'complete', manifest: checked.data };
  }
  if (values.has('progress')) {
    const checked = z.object({ inputs: inputsSchema }).safeParse(parse('progress'));
    if (!checked.success)
      throw new InputError(`progress: ${checked.error.issues.map((i) => i.message).join('; ')}`, { file: where });
    return { status: 'unfinished', inputs: checked.data.inputs };
  }
  return { status: 'none' };
}

/** The complete store's manifest; an unfinished ingest or a database without one is a UsageError. */
export async function readClusterManifest(engine: ClusterEngine): Promise<ClusterManifest> {
  const state = await readClusterStore(engine);
  if (state.status === 'complete') return state.manifest;
  throw new UsageError(
    state.status === 'unfinished'
      ? `ClickHouse database ${engine.database} holds an unfinished ingest; rerun peerscope ingest --engine clickhouse with the same inputs to finish it`
      : `ClickHouse database ${engine.database} holds no peerscope store (no manifest in ${CLUSTER_META_TABLES.meta}); make one with peerscope ingest --engine clickhouse`,
  );
}

/** The rejected files a run stored: relative path → content. */
export async function readClusterRejected(engine: ClusterEngine, seq: number): Promise<Map<string, string>> {
  const rows = await engine.query(
    `SELECT path, content FROM ${q.table(engine.database, CLUSTER_META_TABLES.rejected)} WHERE seq = ${q.number(seq)} ORDER BY path`,
    { shard: 0 },
  );
  return new Map(rows.rows.map((r) => [String(r[0]), String(r[1])]));
}
