import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import type { ColumnType } from '../engine/index.js';
import { checkJson, readJsonFile } from '../read-json-file.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { fileAccountSchema } from '../sources/file-account-schema.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import { REJECTED_DIR, type FileAccount } from '../sources/scan-log.js';

/**
 * The layout of a Parquet store (written by `ingest`, read by `loadStoreTables`): one file per
 * kind and day, the red team in one file, the rejected lines as analyze writes them, and a
 * manifest written last, so that its presence means the store is complete. While an ingest runs,
 * a progress file holds the inputs' fingerprints, so a rerun can tell a resume from other inputs.
 */

/** The store format this peerscope writes and reads. */
export const STORE_FORMAT = 1;

/** Store file and folder names, relative to the store. */
export const STORE_FILES = {
  manifest: 'manifest.json',
  progress: 'ingest.json',
  spool: '.spool',
  redteam: 'redteam.parquet',
  rejected: REJECTED_DIR,
} as const;

/** The kinds stored as day partitions (the red team is one small file). */
export const PARTITIONED_KINDS = ['auth', 'flows'] as const;
export type PartitionedKind = (typeof PARTITIONED_KINDS)[number];

/** The day a time (in seconds) is stored under: its partition. */
export function dayOf(time: number): number {
  return Math.floor(time / SECONDS_PER_DAY);
}

/** The file name of day `day`'s partition, inside its kind's folder (`auth/day=00042.parquet`). */
export function partitionName(day: number): string {
  return `day=${day < 0 ? '-' : ''}${String(Math.abs(day)).padStart(5, '0')}.parquet`;
}

/**
 * What a kind read through source adapters (Zeek, Windows events, LANL with a header line) stores
 * beyond the LANL fields, after them, in this order: the row extras of ROW_EXTRAS (0 where a LANL
 * row has none; a side's locality -1 when unknown). `reverse` (flows) tells a Zeek connection's two
 * rows apart, which share a line: rows sort by `file, line, reverse`.
 */
export const ADAPTED_COLUMNS = {
  auth: ['time_micros', 'event_id'],
  flows: ['time_micros', 'duration_micros', 'src_local', 'dst_local', 'reverse'],
} as const satisfies Record<PartitionedKind, readonly string[]>;

/**
 * Columns of a stored kind: where the row came from (split index, line), then the log's fields
 * typed, then (`adapted`: a kind read through source adapters) its {@link ADAPTED_COLUMNS}.
 */
export function storeColumns(kind: LogKind, adapted = false): { name: string; type: ColumnType }[] {
  const format = LOG_FORMATS[kind];
  const extras = adapted && (kind === 'auth' || kind === 'flows') ? ADAPTED_COLUMNS[kind] : [];
  return [
    { name: 'file', type: 'INTEGER' },
    { name: 'line', type: 'BIGINT' },
    ...format.fields.map((name, i): { name: string; type: ColumnType } => ({
      name,
      type: format.integers.includes(i) ? 'BIGINT' : 'VARCHAR',
    })),
    ...extras.map((name): { name: string; type: ColumnType } => ({ name, type: 'BIGINT' })),
  ];
}

/** What a kind read through source adapters counted (analyze's summary.sources entry for it). */
export interface StoredSources {
  /** With flows and no auth: the monitored hosts are the local ones. */
  monitored?: 'local';
  /** Files read per format. */
  formats: Record<string, number>;
  skipped: number;
  skipped_reasons: Record<string, number>;
  emitted: number;
}

/** How the source adapters were set up, so a rerun with other settings is not taken for a resume. */
export interface SourceOptionsFingerprint {
  formats: Partial<Record<PartitionedKind, string>>;
  /** sha256 of the host map's entries (canonical address → host), or null without a map. */
  hosts: string | null;
  local_nets: string[] | null;
  zeek_bytes: string;
  windows_host_names: string;
}

/** A raw input file as the store remembers it, to know whether a rerun reads the same inputs. */
export interface InputFingerprint {
  path: string;
  bytes: number;
  mtime_ms: number;
}

/** STORE/manifest.json. */
export interface StoreManifest {
  peerscope: string;
  store_format: typeof STORE_FORMAT;
  /** The raw files ingested, as fingerprints. */
  inputs: Record<PartitionedKind | 'redteam', InputFingerprint[]>;
  /** The inputs' names in messages and rejected/ (`flows.txt`, `flows/p1.txt.gz`), in the order of `inputs`. */
  labels?: Partial<Record<PartitionedKind | 'redteam', string[]>>;
  /** Accounting of every input line, as analyze reports it. */
  files: Partial<Record<LogKind, FileAccount>>;
  /** Partition files per kind, relative to the store, in day order. */
  partitions: Record<PartitionedKind, string[]>;
  time_span: { first: number | null; last: number | null };
  /**
   * Kinds read through source adapters (other formats than plain LANL CSV), as analyze's
   * summary.sources; their partitions hold the {@link ADAPTED_COLUMNS} too. Absent: plain LANL.
   */
  sources?: Partial<Record<PartitionedKind, StoredSources>>;
  /** The adapters' settings, when any kind was read through them. */
  source_options?: SourceOptionsFingerprint;
}

const fingerprint = z.object({ path: z.string(), bytes: z.number(), mtime_ms: z.number() });
const fingerprints = z.array(fingerprint);
const inputsSchema = z.object({ auth: fingerprints, flows: fingerprints, redteam: fingerprints });
const storedSources = z.object({
  monitored: z.literal('local').optional(),
  formats: z.record(z.string(), z.number()),
  skipped: z.number(),
  skipped_reasons: z.record(z.string(), z.number()),
  emitted: z.number(),
});
const sourceOptionsSchema = z.object({
  formats: z.partialRecord(z.enum(PARTITIONED_KINDS), z.string()),
  hosts: z.string().nullable(),
  local_nets: z.array(z.string()).nullable(),
  zeek_bytes: z.string(),
  windows_host_names: z.string(),
});

const manifestSchema = z.object({
  peerscope: z.string(),
  store_format: z.literal(STORE_FORMAT),
  inputs: inputsSchema,
  labels: z.partialRecord(z.enum(['auth', 'flows', 'redteam']), z.array(z.string())).optional(),
  files: z.partialRecord(z.enum(Object.keys(LOG_FORMATS) as [LogKind, ...LogKind[]]), fileAccountSchema),
  partitions: z.object({ auth: z.array(z.string()), flows: z.array(z.string()) }),
  time_span: z.object({ first: z.number().nullable(), last: z.number().nullable() }),
  sources: z.partialRecord(z.enum(PARTITIONED_KINDS), storedSources).optional(),
  source_options: sourceOptionsSchema.optional(),
}) satisfies z.ZodType<StoreManifest>;

const progressSchema = z.object({ inputs: inputsSchema, source_options: sourceOptionsSchema.optional() });

/** What a folder holds: a complete store, an ingest under way (with its inputs), or no store. */
export type StoreState =
  | { status: 'complete'; manifest: StoreManifest }
  | { status: 'unfinished'; inputs: StoreManifest['inputs']; source_options?: SourceOptionsFingerprint }
  | { status: 'none' };

/**
 * Reads what `store` holds, checking the manifest (or the progress file) against the store
 * format: a malformed one is an InputError naming the file and the field, another format a
 * UsageError naming `option` (the option that named the store).
 */
export function readStore(store: string, option: string): StoreState {
  const manifestPath = join(store, STORE_FILES.manifest);
  if (existsSync(manifestPath)) {
    // The format first: another format may differ in any field.
    const raw = readJsonFile(manifestPath, z.looseObject({ store_format: z.unknown() }));
    if (raw.store_format !== STORE_FORMAT) {
      const format = String(raw.store_format);
      throw new UsageError(
        (name) => `${name(option)} ${store} has store format ${format}; this peerscope reads format ${STORE_FORMAT}`,
      );
    }
    return { status: 'complete', manifest: checkJson(manifestPath, raw, manifestSchema) };
  }
  const progressPath = join(store, STORE_FILES.progress);
  if (existsSync(progressPath)) return { status: 'unfinished', ...readJsonFile(progressPath, progressSchema) };
  return { status: 'none' };
}

/** The manifest of the complete store `store`; an unfinished ingest or another folder is a UsageError naming `option`. */
export function readStoreManifest(store: string, option: string): StoreManifest {
  const state = readStore(store, option);
  if (state.status === 'unfinished') {
    throw new UsageError(
      (name) =>
        `${name(option)} ${store} is an unfinished ingest; rerun peerscope ingest with the same inputs to finish it`,
    );
  }
  if (state.status === 'none') {
    throw new UsageError(
      (name) =>
        `${name(option)} ${store} is not a peerscope store (no ${STORE_FILES.manifest}); make one with peerscope ingest`,
    );
  }
  return state.manifest;
}
