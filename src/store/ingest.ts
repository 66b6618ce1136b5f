import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
  writeSync,
} from 'node:fs';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { InputError, UsageError } from '../errors.js';
import { openDuckDb, type ColumnType, type Engine } from '../engine/index.js';
import { LOG_FORMATS, type LogKind } from '../sources/log-formats.js';
import { resolveInputs, type InputSpec, type ResolvedInputs } from '../sources/resolve-inputs.js';
import type { RowHandler } from '../sources/scan-block.js';
import { emptyAccount, scanLog, SCAN_LOG_DEFAULTS, type FileAccount } from '../sources/scan-log.js';
import type { ProgressEvent } from '../sources/scan-progress.js';
import { assertOutsideInputs } from '../output-dir.js';

/** Options for {@link ingest}. */
export interface IngestOptions extends InputSpec {
  /** Store folder; an unfinished ingest of the same inputs there is resumed. */
  out: string;
  /** Rejected lines kept per file. Default 10,000. */
  maxRejectedLines?: number;
  onProgress?: (event: ProgressEvent) => void;
  /** Pause after writing each partition (ms), so a test can kill a run mid-way. Default 0. */
  partitionDelayMs?: number;
}

/** STORE/manifest.json, written last: its presence means the store is complete. */
export interface StoreManifest {
  peerscope: string;
  store_format: 1;
  /** The raw files ingested, as fingerprints (path, size, modification time). */
  inputs: Record<StoredKind | 'redteam', { path: string; bytes: number; mtime_ms: number }[]>;
  /** Accounting of every input line, as analyze reports it. */
  files: Partial<Record<LogKind, FileAccount>>;
  /** Partition files per kind, relative to the store, in day order. */
  partitions: Record<StoredKind, string[]>;
  time_span: { first: number | null; last: number | null };
}

type StoredKind = 'auth' | 'flows';

export const INGEST_DEFAULTS = { dayLength: 86400, spoolBuffer: 8 << 20 } as const;

/** Store file names. */
export const STORE_FILES = {
  manifest: 'manifest.json',
  progress: 'ingest.json',
  spool: '.spool',
  redteam: 'redteam.parquet',
} as const;

/** Columns of a stored kind: where the row came from (split index, line), then the log's fields typed. */
export function storeColumns(kind: LogKind): { name: string; type: ColumnType }[] {
  const format = LOG_FORMATS[kind];
  return [
    { name: 'file', type: 'INTEGER' },
    { name: 'line', type: 'BIGINT' },
    ...format.fields.map((name, i) => ({
      name,
      type: (format.integers.includes(i) ? 'BIGINT' : 'VARCHAR') as ColumnType,
    })),
  ];
}

/**
 * Converts raw LANL-format logs once into a store of Parquet files, one per kind and day
 * (typed columns; DuckDB dictionary-encodes the names), keeping the accounting of rejected
 * lines. The byte scanner validates each line and spools it to a day file; when the input moves
 * on to the next day, DuckDB turns that spool into `kind/day=NNNNN.parquet` in its own threads
 * while the scan goes on, and the file is renamed into place only when complete. Rerun after a
 * crash or kill, it skips the days already written and gives the same bytes.
 *
 * Needs each kind's files sorted by time (LANL's are); a row from a day already passed is an
 * InputError naming the line.
 */
export async function ingest(options: IngestOptions): Promise<StoreManifest & { resumed_partitions: number }> {
  const store = resolve(options.out);
  const inputs = resolveInputs(options);
  const named = [options.data, options.auth, options.flows, options.redteam].filter(
    (p): p is string => p !== undefined,
  );
  assertOutsideInputs(store, [...named, ...Object.values(inputs).flatMap((files) => files.map((f) => f.path))]);
  const fingerprint = fingerprintOf(inputs);
  const previous = openStore(store, fingerprint);
  if (previous) return { ...previous, resumed_partitions: 0 };
  rmSync(join(store, STORE_FILES.spool), { recursive: true, force: true });
  mkdirSync(join(store, STORE_FILES.spool), { recursive: true });
  const maxLines = options.maxRejectedLines ?? SCAN_LOG_DEFAULTS.maxRejectedLines;
  rmSync(join(store, 'rejected'), { recursive: true, force: true });

  const engine = await openDuckDb({ tempDirectory: join(store, STORE_FILES.spool, 'duckdb') });
  try {
    const files: StoreManifest['files'] = {};
    const partitions = {} as StoreManifest['partitions'];
    let first = Infinity,
      last = -Infinity;
    let resumed = 0;
    for (const kind of ['auth', 'flows'] as const) {
      const format = LOG_FORMATS[kind];
      const n = format.fields.length;
      const account = emptyAccount();
      const spool = new DaySpool(store, kind, async (spoolPath, final) => {
        const tmp = `${final}.tmp`;
        await engine.toParquet(`SELECT * FROM ${engine.readLines(spoolPath, storeColumns(kind))}`, tmp);
        renameSync(tmp, final);
        rmSync(spoolPath);
        if (options.partitionDelayMs) await sleep(options.partitionDelayMs);
      });
      for (const [index, file] of inputs[kind].entries()) {
        const onRow: RowHandler = (b, starts, ints, line) => {
          const time = ints[0];
          if (time < first) first = time;
          if (time > last) last = time;
          spool.add(Math.floor(time / INGEST_DEFAULTS.dayLength), b, starts[0], starts[n] - 1, index, line, file.label);
        };
        await scanLog(file, format, onRow, account, {
          outDir: store,
          maxRejectedLines: maxLines,
          onProgress: (p) =>
            options.onProgress?.({
              file: file.label,
              bytesRead: p.bytesRead,
              bytesTotal: file.bytes,
              lines: p.lines,
              done: p.done,
            }),
          // Bounds the spool on disk: the scan waits while DuckDB is behind by more than a day.
          afterBlock: () => spool.settle(1),
        });
      }
      await spool.finish();
      files[kind] = account;
      partitions[kind] = spool.partitions;
      resumed += spool.skipped;
    }
    files.redteam = await ingestRedteam(engine, store, inputs, maxLines);

    const manifest: StoreManifest = {
      peerscope: '0.1.0',
      store_format: 1,
      inputs: fingerprint,
      files,
      partitions,
      time_span: { first: Number.isFinite(first) ? first : null, last: Number.isFinite(last) ? last : null },
    };
    await engine.close();
    writeFileSync(join(store, `${STORE_FILES.manifest}.tmp`), JSON.stringify(manifest, null, 2) + '\n');
    renameSync(join(store, `${STORE_FILES.manifest}.tmp`), join(store, STORE_FILES.manifest));
    rmSync(join(store, STORE_FILES.progress), { force: true });
    rmSync(join(store, STORE_FILES.spool), { recursive: true, force: true });
    return { ...manifest, resumed_partitions: resumed };
  } catch (error) {
    await engine.close().catch(() => undefined);
    throw error;
  }
}

/** The complete store's manifest when it already holds these inputs; otherwise prepares a (re)start. */
function openStore(store: string, fingerprint: StoreManifest['inputs']): StoreManifest | undefined {
  const read = (path: string) => JSON.parse(readFileSync(path, 'utf8')) as Pick<StoreManifest, 'inputs'>;
  const same = (saved: Pick<StoreManifest, 'inputs'>) => JSON.stringify(saved.inputs) === JSON.stringify(fingerprint);
  const manifest = join(store, STORE_FILES.manifest);
  const progress = join(store, STORE_FILES.progress);
  if (existsSync(manifest)) {
    const saved = read(manifest);
    if (same(saved)) return saved as StoreManifest;
    throw new UsageError(
      `--out ${store} holds a store of other inputs (or they changed since); remove it or choose another folder`,
    );
  }
  if (existsSync(progress)) {
    if (!same(read(progress)))
      throw new UsageError(
        `--out ${store} holds an unfinished ingest of other inputs; remove it or choose another folder`,
      );
    return undefined;
  }
  if (existsSync(store)) {
    if (!statSync(store).isDirectory()) throw new UsageError(`--out ${store} exists and is not a folder`);
    if (readdirSync(store).length > 0)
      throw new UsageError(`--out ${store} exists and is not a peerscope store; refusing to write into it`);
  }
  mkdirSync(store, { recursive: true });
  writeFileSync(progress, JSON.stringify({ inputs: fingerprint }, null, 2) + '\n');
  return undefined;
}

function fingerprintOf(inputs: ResolvedInputs): StoreManifest['inputs'] {
  const of = (kind: LogKind) =>
    inputs[kind].map((f) => ({
      path: resolve(f.path),
      bytes: f.bytes,
      mtime_ms: Math.floor(statSync(f.path).mtimeMs),
    }));
  return { auth: of('auth'), flows: of('flows'), redteam: of('redteam') };
}

async function ingestRedteam(
  engine: Engine,
  store: string,
  inputs: ResolvedInputs,
  maxLines: number,
): Promise<FileAccount | undefined> {
  const spoolPath = join(store, STORE_FILES.spool, 'redteam.txt');
  const fd = openSync(spoolPath, 'w');
  const account = emptyAccount();
  try {
    for (const [index, file] of inputs.redteam.entries()) {
      const prefix = (line: number) => Buffer.from(`${index},${line},`);
      const onRow: RowHandler = (b, starts, _ints, line) => {
        writeSync(fd, prefix(line));
        writeSync(fd, b, starts[0], starts[4] - 1 - starts[0]);
        writeSync(fd, NEWLINE);
      };
      await scanLog(file, LOG_FORMATS.redteam, onRow, account, { outDir: store, maxRejectedLines: maxLines });
    }
  } finally {
    closeSync(fd);
  }
  const final = join(store, STORE_FILES.redteam);
  await engine.toParquet(`SELECT * FROM ${engine.readLines(spoolPath, storeColumns('redteam'))}`, `${final}.tmp`);
  renameSync(`${final}.tmp`, final);
  return inputs.redteam.length > 0 ? account : undefined;
}

const NEWLINE = Buffer.from('\n');

/**
 * Valid lines of one kind, spooled per day as `file,line,<original line>`; a day's spool is
 * handed to `convert` when the input moves past it. Days whose partition already exists (an
 * earlier, interrupted run) are only checked, not spooled again.
 */
class DaySpool {
  readonly partitions: string[] = [];
  skipped = 0;
  private day: number | undefined;
  private skipping = false;
  private fd = -1;
  private spoolPath = '';
  private final = '';
  private readonly buf = Buffer.allocUnsafe(INGEST_DEFAULTS.spoolBuffer);
  private used = 0;
  private pending: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(
    private readonly store: string,
    private readonly kind: StoredKind,
    private readonly convert: (spoolPath: string, final: string) => Promise<void>,
  ) {
    mkdirSync(join(store, kind), { recursive: true });
  }

  add(day: number, buf: Buffer, start: number, end: number, file: number, line: number, label: string): void {
    if (day !== this.day) this.open(day, label, line);
    if (this.skipping) return;
    if (this.used + (end - start) + 40 > this.buf.length) this.flush();
    let o = this.used;
    o = writeDigits(this.buf, o, file);
    this.buf[o++] = COMMA;
    o = writeDigits(this.buf, o, line);
    this.buf[o++] = COMMA;
    if (end - start > this.buf.length - o - 1) {
      this.used = o;
      this.flush();
      writeSync(this.fd, buf, start, end - start);
      this.buf[0] = LF;
      this.used = 1;
      return;
    }
    o += buf.copy(this.buf, o, start, end);
    this.buf[o++] = LF;
    this.used = o;
  }

  /** Waits until at most `maxInFlight` conversions are queued. */
  async settle(maxInFlight: number): Promise<void> {
    while (this.inFlight > maxInFlight) await this.pending;
  }

  /** Converts the last day and waits for every conversion. */
  async finish(): Promise<void> {
    this.close();
    await this.pending;
  }

  private open(day: number, label: string, line: number): void {
    if (this.day !== undefined && day < this.day) {
      throw new InputError(
        `time is in day ${day}, after day ${this.day} began; ingest needs each kind's files sorted by time (LANL's are): sort them (sort -t, -k1,1n) or analyze the raw files`,
        { file: label, line },
      );
    }
    this.close();
    this.day = day;
    const name = `day=${day < 0 ? '-' : ''}${String(Math.abs(day)).padStart(5, '0')}.parquet`;
    this.partitions.push(`${this.kind}/${name}`);
    this.final = join(this.store, this.kind, name);
    this.skipping = existsSync(this.final);
    if (this.skipping) {
      this.skipped++;
      return;
    }
    this.spoolPath = join(this.store, STORE_FILES.spool, `${this.kind}-${name}.txt`);
    this.fd = openSync(this.spoolPath, 'w');
    this.used = 0;
  }

  private flush(): void {
    if (this.used > 0) writeSync(this.fd, this.buf, 0, this.used);
    this.used = 0;
  }

  private close(): void {
    if (this.day === undefined || this.skipping) return;
    this.flush();
    closeSync(this.fd);
    const spoolPath = this.spoolPath,
      final = this.final;
    this.inFlight++;
    this.pending = this.pending.then(() => this.convert(spoolPath, final)).finally(() => this.inFlight--);
    // Awaited in settle/finish; marked handled here so a failure waits for them instead of crashing.
    this.pending.catch(() => undefined);
    this.skipping = true;
  }
}

const COMMA = 44,
  LF = 10;

function writeDigits(buf: Buffer, o: number, value: number): number {
  if (value === 0) {
    buf[o] = 48;
    return o + 1;
  }
  let digits = 0;
  for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = o + digits - 1; i >= o; i--) {
    buf[i] = 48 + (v % 10);
    v = Math.floor(v / 10);
  }
  return o + digits;
}
