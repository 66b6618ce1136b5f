import { mkdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { Readable } from 'node:stream';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, QueryError, UsageError } from '../errors.js';
import { clickhouseQuote as q, openClickHouse, type ClickHouseOptions, type ClusterEngine } from '../engine/index.js';
import { assertOutsideInputs, writeFileAtomic } from '../output-dir.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { inputPaths, resolveInputs, type InputSpec, type ResolvedInputs } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import { emptyAccount, REJECTED_DIR, scanLog, SCAN_LOG_DEFAULTS, type FileAccount } from '../sources/scan-log.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import { PEERSCOPE_VERSION } from '../version.js';
import { ClickHouseRowWriter } from './clickhouse-row-writer.js';
import { CLICKHOUSE_TABLES, CLUSTER_DAY_SQL, createClickHouseTables, type ClusterKind } from './clickhouse-tables.js';
import {
  CLUSTER_META_TABLES,
  CLUSTER_STORE_FORMAT,
  createClusterMetaTables,
  readClusterRejected,
  readClusterStore,
  writeClusterMeta,
  type ClusterManifest,
} from './cluster-store-format.js';
import { dropClickHouseDay } from './drop-clickhouse-day.js';
import { dayOf, STORE_FILES, type StoreManifest } from './store-format.js';
import { fileProgress } from '../sources/file-progress.js';
import { inputFingerprints } from './input-fingerprints.js';
import { INGEST_DEFAULTS } from './ingest.js';
import { parallelBlocks } from '../sources/parallel-blocks.js';
import type { ClusterBlock } from './cluster-block.js';
import { RowBinary } from './row-binary.js';
import { ShardOfHost } from './shard-of-host.js';
import { makeFolder } from '../make-folder.js';

/** Options for {@link ingestCluster}. */
export interface ClusterIngestOptions extends InputSpec {
  /** Local folder for the rejected lines and manifest.json (they also go into the cluster). */
  out: string;
  /** The cluster to fill. */
  clickhouse: ClickHouseOptions;
  /** Rejected lines kept per file. Default 10,000. */
  maxRejectedLines?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Pause after each day the server confirmed (ms), so a test can kill a run mid-way. Default 0. */
  dayDelayMs?: number;
  /** Parser threads for auth and flows; 1 parses on the main thread. The tables are identical for any number. Default: as `ingest` (the cores, at most 4). */
  threads?: number;
  /** Bytes per parse block. Default 1 MiB. */
  blockSize?: number;
  /**
   * Rows per block the servers cut each shard's INSERT into (max_insert_block_size and
   * min_insert_block_size_rows of the INSERT); each block is one part of the day's partition, and
   * it bounds what a server holds of an INSERT before writing it. Default 262,144: against the
   * servers' own 1,048,576, sorting the smaller blocks by host and time costs them less per row
   * (their CPU on the 5 M set: −13 % median under load, −35 % in the quietest runs, merges
   * included; docs/cluster.md).
   */
  insertBlockRows?: number;
  /** How long to wait for a killed run's INSERTs to end on the servers before resuming, in ms. Default 60,000. */
  settleTimeoutMs?: number;
}

export const CLUSTER_INGEST_DEFAULTS = {
  settleTimeoutMs: 60_000,
  threads: INGEST_DEFAULTS.threads,
  insertBlockRows: 262_144,
} as const;

/** What {@link ingestCluster} returns: the manifest, and how many days an earlier run had stored. */
export type ClusterIngestResult = ClusterManifest & { resumed_days: number };

const KINDS: readonly ClusterKind[] = ['auth', 'flows', 'redteam'];
/** The day recorded in ingest_days for the red team, stored as a whole. */
const REDTEAM_DAY = 0;

/**
 * Ingests raw LANL-format logs into a ClickHouse cluster (the tables of clickhouse-tables.ts):
 * the byte scanner validates each line with the rules and accounting of `ingest` and `analyze`,
 * in parser threads, and each day of auth and flows goes, per shard, as one RowBinary INSERT
 * stream straight into that shard's local table (the client picks each row's shard by the
 * Distributed table's own key, murmurHash3_32 of the host), the shards in parallel; the red team
 * is one INSERT through the Distributed table. A day counts as stored once the server has confirmed its INSERT and
 * it is recorded in `ingest_days`; a rerun after a crash or kill -9 waits for the killed run's
 * INSERTs to end, drops the days it had not finished (partial inserts) and skips the stored ones,
 * so it ends with the same table contents as an uninterrupted run. The rejected lines and the
 * manifest are written to `out` and into the cluster (`rejected_lines`, `ingest_meta`), so an
 * analysis needs only the cluster.
 *
 * Each kind's files must be sorted by time, as for `ingest`.
 */
export async function ingestCluster(options: ClusterIngestOptions): Promise<ClusterIngestResult> {
  const out = resolve(options.out);
  const inputs = resolveInputs(options);
  assertOutsideInputs(out, inputPaths(options, inputs));
  const fingerprint = inputFingerprints(inputs);
  const same = (other: StoreManifest['inputs']) => JSON.stringify(other) === JSON.stringify(fingerprint);
  const engine = await openClickHouse(options.clickhouse);
  try {
    const db = engine.database;
    const state = await readClusterStore(engine);
    if (state.status === 'complete') {
      if (!same(state.manifest.inputs))
        throw new UsageError(
          `ClickHouse database ${db} holds a store of other inputs (or they changed since); drop the database or choose another`,
        );
      writeLocal(out, state.manifest, await readClusterRejected(engine, state.manifest.seq));
      return { ...state.manifest, resumed_days: 0 };
    }
    if (state.status === 'unfinished' && !same(state.inputs))
      throw new UsageError(
        `ClickHouse database ${db} holds an unfinished ingest of other inputs; drop the database or choose another`,
      );
    if (state.status === 'none') await refuseForeignTables(engine);
    await createClickHouseTables(engine);
    await createClusterMetaTables(engine);
    const seq = Date.now();
    if (state.status === 'none')
      await writeClusterMeta(engine, 'progress', seq, JSON.stringify({ inputs: fingerprint }));
    prepareLocal(out);

    await waitForInserts(engine, options.settleTimeoutMs ?? CLUSTER_INGEST_DEFAULTS.settleTimeoutMs);
    const stored = await storedDays(engine);
    for (const kind of KINDS) {
      for (const day of await presentDays(engine, kind))
        if (!stored[kind].has(day)) await dropClickHouseDay(engine, kind, day);
    }

    const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
    const files: StoreManifest['files'] = {};
    const days = { auth: [] as number[], flows: [] as number[] };
    const span = { first: Infinity, last: -Infinity };
    let resumed = 0;
    for (const kind of ['auth', 'flows'] as const) {
      const result = await ingestDays(engine, kind, inputs, stored[kind], span, seq, options, maxLines);
      files[kind] = result.account;
      days[kind] = result.days;
      resumed += result.resumed;
    }
    const redteam = await ingestRedteam(engine, inputs, stored.redteam.has(REDTEAM_DAY), seq, out, maxLines);
    // In the order analyze on the raw files accounts for them (the red team, even without a file, between auth and flows).
    const ordered: StoreManifest['files'] = { auth: files.auth, redteam, flows: files.flows };

    await verifyCounts(engine, 'auth', days.auth);
    await verifyCounts(engine, 'flows', days.flows);
    const manifest: ClusterManifest = {
      peerscope: PEERSCOPE_VERSION,
      store_format: CLUSTER_STORE_FORMAT,
      cluster: { cluster: engine.cluster, database: db, shards: engine.shardUrls.length },
      inputs: fingerprint,
      files: ordered,
      days,
      time_span: {
        first: Number.isFinite(span.first) ? span.first : null,
        last: Number.isFinite(span.last) ? span.last : null,
      },
      seq,
    };
    const rejected = rejectedFiles(out, ordered);
    await insertRejected(engine, seq, rejected);
    // Written last: its presence means the store is complete.
    await writeClusterMeta(engine, 'manifest', seq, JSON.stringify(manifest));
    writeFileAtomic(join(out, STORE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
    return { ...manifest, resumed_days: resumed };
  } finally {
    await engine.close();
  }
}

/**
 * One kind's days: each row goes straight into the local table of the shard its host hashes to
 * (ShardOfHost, as the Distributed table's key would place it), one INSERT stream per shard and
 * day, the shards in parallel; a day is recorded once every shard confirmed its INSERT. A day
 * already stored is scanned (for the accounting) but not sent again. With threads > 1 the
 * parser threads (cluster-worker.ts) validate and encode the blocks; this thread only places
 * their rows in the file and hands them on.
 */
async function ingestDays(
  engine: ClusterEngine,
  kind: 'auth' | 'flows',
  inputs: ResolvedInputs,
  stored: Map<number, number>,
  span: { first: number; last: number },
  seq: number,
  options: ClusterIngestOptions,
  maxLines: number,
): Promise<{ account: FileAccount; days: number[]; resumed: number }> {
  const format = LOG_FORMATS[kind];
  const layout = CLICKHOUSE_TABLES[kind];
  const account = emptyAccount();
  const blockRows = options.insertBlockRows ?? CLUSTER_INGEST_DEFAULTS.insertBlockRows;
  if (!Number.isSafeInteger(blockRows) || blockRows < 1)
    throw new UsageError((name) => `${name('insertBlockRows')} must be a positive integer, got ${blockRows}`);
  // The server cuts the INSERT stream into blocks of max_insert_block_size rows and squashes
  // smaller ones up to min_insert_block_size_rows; each block becomes one part per day. Both are
  // set, so every part but a day's last holds exactly blockRows rows.
  const blockSettings = { max_insert_block_size: blockRows, min_insert_block_size_rows: blockRows };
  const writers = engine.shardUrls.map(
    (_, shard) => new ClickHouseRowWriter(engine, kind, { table: layout.local, shard, settings: blockSettings }),
  );
  const shards = writers.length;
  const days: number[] = [];
  const counts = new Map<number, number>();
  let day: number | undefined;
  let skipping = false;
  let resumed = 0;
  // Days ended whose INSERTs or record may still be under way, awaited before the next block.
  const committing: Promise<void>[] = [];
  const record = async (d: number, rows: Promise<number[]>) => {
    const n = (await rows).reduce((a, b) => a + b, 0);
    await engine.run(
      `INSERT INTO ${q.table(engine.database, CLUSTER_META_TABLES.days)} (kind, day, rows, seq) VALUES (${q.string(kind)}, ${q.number(d)}, ${q.number(n)}, ${q.number(seq)})`,
      { shard: 0 },
    );
    if (options.dayDelayMs) await sleep(options.dayDelayMs);
  };
  const endDay = () => {
    if (day === undefined || skipping) return;
    // commit() ends each INSERT at the call: the next row opens the next day's.
    const p = record(day, Promise.all(writers.map((w) => w.commit())));
    p.catch(() => undefined);
    committing.push(p);
  };
  const startDay = (d: number, label: string, line: number) => {
    if (day !== undefined && d < day)
      throw new InputError(
        `time is in day ${d}, after day ${day} began; ingest needs each kind's files sorted by time (LANL's are): sort them (sort -t, -k1,1n) or analyze the raw files`,
        { file: label, line },
      );
    endDay();
    day = d;
    days.push(d);
    skipping = stored.has(d);
    if (skipping) resumed++;
  };
  const settle = async () => {
    while (committing.length > 0) await committing.shift();
    await Promise.all(writers.map((w) => w.settle()));
  };
  const threads = options.threads ?? CLUSTER_INGEST_DEFAULTS.threads;
  if (!Number.isSafeInteger(threads) || threads < 1)
    throw new UsageError((name) => `${name('threads')} must be a positive integer, got ${threads}`);

  if (threads > 1 && inputs[kind].length > 0) {
    const states = await parallelBlocks<{ firstTime: number; lastTime: number }>(
      new URL(`./cluster-worker${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url),
      { kind, maxRejectedLines: maxLines, weights: engine.shardWeights },
      inputs[kind],
      account,
      {
        threads,
        maxRejectedLines: maxLines,
        outDir: resolve(options.out),
        blockSize: options.blockSize,
        onProgress: (file, bytesRead, lines, done) =>
          options.onProgress?.({ file: file.label, bytesRead, bytesTotal: file.bytes, lines, done }),
        // Bounds what is queued for the servers: the scan waits while a shard is behind.
        beforeBlock: settle,
        onBlock: (payload, place) => {
          const block = payload as ClusterBlock;
          for (let r = 0; r < block.days.length; r++) {
            const d = block.days[r]!;
            if (d !== day) startDay(d, place.file.label, place.lineOffset + block.lines[r]!);
            let rows = 0;
            for (let s = 0; s < shards; s++) {
              const part = block.shards[s]!;
              const a = block.runRows[r * shards + s]!;
              const b = r + 1 < block.days.length ? block.runRows[(r + 1) * shards + s]! : part.rows.length;
              rows += b - a;
              if (skipping || b === a) continue;
              for (let i = a; i < b; i++)
                RowBinary.shiftPlace(part.bytes, part.rows[i]!, place.fileIndex, place.lineOffset);
              const end = b < part.rows.length ? part.rows[b]! : part.bytes.length;
              writers[s]!.addEncoded(part.bytes.subarray(part.rows[a], end), b - a);
            }
            counts.set(d, (counts.get(d) ?? 0) + rows);
          }
        },
      },
    );
    for (const state of states) {
      span.first = Math.min(span.first, state.firstTime);
      span.last = Math.max(span.last, state.lastTime);
    }
  } else {
    const shardOf = new ShardOfHost(engine.shardWeights);
    const host = format.fields.indexOf(layout.shardBy);
    for (const [index, file] of inputs[kind].entries()) {
      const onRow: RowHandler = (b, starts, ints, line) => {
        const time = ints[0]!;
        if (time < span.first) span.first = time;
        if (time > span.last) span.last = time;
        const d = dayOf(time);
        if (d !== day) startDay(d, file.label, line);
        counts.set(d, (counts.get(d) ?? 0) + 1);
        if (!skipping) writers[shardOf.of(b, starts[host]!, starts[host + 1]! - 1)]!.add(b, starts, ints, index, line);
      };
      await scanLog(file, format, onRow, account, {
        outDir: resolve(options.out),
        maxRejectedLines: maxLines,
        onProgress: fileProgress(file, options.onProgress),
        afterBlock: settle,
      });
    }
  }
  endDay();
  await settle();
  for (const [d, n] of counts) {
    const had = stored.get(d);
    if (had !== undefined && had !== n)
      throw new UsageError(
        `ClickHouse database ${engine.database}: ${kind} day ${d} was stored with ${had} rows, the inputs now hold ${n}; drop the database and ingest again`,
      );
  }
  return { account, days, resumed };
}

async function ingestRedteam(
  engine: ClusterEngine,
  inputs: ResolvedInputs,
  stored: boolean,
  seq: number,
  out: string,
  maxLines: number,
): Promise<FileAccount> {
  const account = emptyAccount();
  const writer = new ClickHouseRowWriter(engine, 'redteam');
  for (const [index, file] of inputs.redteam.entries()) {
    const onRow: RowHandler = (b, starts, ints, line) => {
      if (!stored) writer.add(b, starts, ints, index, line);
    };
    await scanLog(file, LOG_FORMATS.redteam, onRow, account, {
      outDir: out,
      maxRejectedLines: maxLines,
      afterBlock: () => writer.settle(),
    });
  }
  if (!stored) {
    const rows = await writer.commit();
    await engine.run(
      `INSERT INTO ${q.table(engine.database, CLUSTER_META_TABLES.days)} (kind, day, rows, seq) VALUES ('redteam', ${q.number(REDTEAM_DAY)}, ${q.number(rows)}, ${q.number(seq)})`,
      { shard: 0 },
    );
  }
  return account;
}

/** The days each kind has stored (day → rows), from ingest_days. */
async function storedDays(engine: ClusterEngine): Promise<Record<ClusterKind, Map<number, number>>> {
  const out: Record<ClusterKind, Map<number, number>> = { auth: new Map(), flows: new Map(), redteam: new Map() };
  const rows = await engine.query(
    `SELECT kind, day, any(rows) FROM ${q.table(engine.database, CLUSTER_META_TABLES.days)} GROUP BY kind, day`,
    { shard: 0 },
  );
  for (const [kind, day, n] of rows.rows) out[String(kind) as ClusterKind]?.set(Number(day), Number(n));
  return out;
}

/** The days a kind's local tables hold on any shard (their active partitions). */
async function presentDays(engine: ClusterEngine, kind: ClusterKind): Promise<number[]> {
  const days = new Set<number>();
  for (let shard = 0; shard < engine.shardUrls.length; shard++) {
    const rows = await engine.query(
      `SELECT DISTINCT partition_id FROM system.parts WHERE database = ${q.string(engine.database)} AND table = ${q.string(CLICKHOUSE_TABLES[kind].local)} AND active`,
      { shard },
    );
    for (const [id] of rows.rows) days.add(Number(id));
  }
  return [...days].sort((a, b) => a - b);
}

/**
 * Waits until no shard runs an INSERT into the database: a killed client's last INSERT may still
 * be ending on a server, and a partition dropped before it ends would get its rows back.
 */
async function waitForInserts(engine: ClusterEngine, timeoutMs: number): Promise<void> {
  const t0 = Date.now();
  const sql = `SELECT count() FROM system.processes WHERE positionCaseInsensitive(query, 'INSERT INTO') > 0 AND position(query, ${q.string(engine.database)}) > 0 AND position(query, 'system.processes') = 0`;
  for (;;) {
    let busy = 0;
    for (let shard = 0; shard < engine.shardUrls.length; shard++)
      busy += Number((await engine.query(sql, { shard })).rows[0]?.[0]);
    if (busy === 0) return;
    if (Date.now() - t0 > timeoutMs)
      throw new UsageError(
        `ClickHouse database ${engine.database}: ${busy} INSERTs into it are still running after ${Math.round(timeoutMs / 1000)} s; is another ingest writing to it?`,
      );
    await sleep(200);
  }
}

/** Refuses to ingest into data tables that hold rows but no peerscope bookkeeping (another writer's). */
async function refuseForeignTables(engine: ClusterEngine): Promise<void> {
  for (const kind of KINDS) {
    for (let shard = 0; shard < engine.shardUrls.length; shard++) {
      const rows = await engine.query(
        `SELECT sum(rows) FROM system.parts WHERE database = ${q.string(engine.database)} AND table = ${q.string(CLICKHOUSE_TABLES[kind].local)} AND active`,
        { shard },
      );
      if (Number(rows.rows[0]?.[0] ?? 0) > 0)
        throw new UsageError(
          `ClickHouse database ${engine.database} holds ${kind} rows that no peerscope ingest recorded; drop it or choose another database`,
        );
    }
  }
}

/** After the scan: every day's row count on the cluster is the count scanned (a lost or doubled INSERT is an error). */
async function verifyCounts(engine: ClusterEngine, kind: 'auth' | 'flows', days: readonly number[]): Promise<void> {
  const table = q.table(engine.database, CLICKHOUSE_TABLES[kind].distributed);
  const sql = `SELECT ${CLUSTER_DAY_SQL} AS day, toInt64(count()) FROM ${table} GROUP BY day ORDER BY day`;
  const have = new Map((await engine.query(sql)).rows.map((r) => [Number(r[0]), Number(r[1])]));
  const recorded = await storedDays(engine);
  for (const day of days) {
    const want = recorded[kind].get(day);
    if (have.get(day) !== want)
      throw new QueryError(
        `ClickHouse database ${engine.database}: ${kind} day ${day} holds ${have.get(day) ?? 0} rows, ${want ?? 0} were inserted`,
        sql,
      );
  }
  const extra = [...have.keys()].filter((d) => !days.includes(d));
  if (extra.length > 0)
    throw new QueryError(
      `ClickHouse database ${engine.database}: ${kind} holds days ${extra.join(', ')} that the inputs do not`,
      sql,
    );
}

function prepareLocal(out: string): void {
  makeFolder(out);
  if (!statSync(out).isDirectory()) throw new UsageError((name) => `${name('out')} ${out} is not a folder`);
  rmSync(join(out, REJECTED_DIR), { recursive: true, force: true });
  rmSync(join(out, STORE_FILES.manifest), { force: true });
}

/** The rejected/<file>.txt files the scans wrote under out: relative path → content. */
function rejectedFiles(out: string, files: StoreManifest['files']): Map<string, string> {
  const map = new Map<string, string>();
  for (const account of Object.values(files))
    for (const rel of account?.rejected_files ?? []) map.set(rel, readFileSync(join(out, rel), 'utf8'));
  return map;
}

async function insertRejected(engine: ClusterEngine, seq: number, files: Map<string, string>): Promise<void> {
  if (files.size === 0) return;
  const tsv = (s: string) => s.replace(/[\\\t\n\r]/g, (c) => TSV_ESCAPES[c]!);
  const body = [...files].map(([path, content]) => `${seq}\t${tsv(path)}\t${tsv(content)}\n`).join('');
  await engine.insert({
    table: CLUSTER_META_TABLES.rejected,
    columns: ['seq', 'path', 'content'],
    format: 'TabSeparated',
    body: Readable.from([Buffer.from(body, 'utf8')]),
    shard: 0,
  });
}

const TSV_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

/** Writes the store's rejected files and manifest into the local folder (a rerun on a complete store). */
function writeLocal(out: string, manifest: ClusterManifest, rejected: Map<string, string>): void {
  prepareLocal(out);
  for (const [rel, content] of rejected) {
    mkdirSync(join(out, rel, '..'), { recursive: true });
    writeFileAtomic(join(out, rel), content);
  }
  writeFileAtomic(join(out, STORE_FILES.manifest), JSON.stringify(manifest, null, 2) + '\n');
}
