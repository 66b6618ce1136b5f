import { closeSync, openSync, readSync } from 'node:fs';
import {
  BIGINT,
  DuckDBInstance,
  DuckDBTableFunction,
  DuckDBTypeId,
  ENUM,
  INTEGER,
  quotedString,
  type DuckDBConnection,
  type DuckDBEnumType,
  type DuckDBType,
} from '@duckdb/node-api';
import duckdb from '@duckdb/node-bindings';
import { QueryError } from '../errors.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { FRAME_HEADER_BYTES, type SpooledDay } from './day-columns.js';
import { storeColumns, type PartitionedKind } from './store-format.js';

/**
 * How DuckDB writes a LANL partition. zstd as before; row groups of 1 M rows: each row group
 * repeats the text columns' dictionaries, which at DuckDB's default (122,880 rows) made the
 * partitions ~8 % larger (docs/performance.md).
 */
export const PARQUET_DAY_OPTIONS = 'FORMAT parquet, COMPRESSION zstd, ROW_GROUP_SIZE 1000000';

const CHUNK = 2048;
const TWO32 = 4294967296;

/**
 * Writes a day spooled by DayColumns as its Parquet partition, by DuckDB's own Parquet writer,
 * without a text parse: a table function hands DuckDB the spool's columns by bulk copies into
 * its vectors, the text fields as ENUM vectors over the day's dictionary (which DuckDB writes as
 * dictionary-encoded strings without hashing each value). The partition's columns are
 * storeColumns(kind), read back as VARCHAR and BIGINT like before. One thread and insertion order
 * kept: the same spool gives the same bytes.
 */
export class ParquetDayWriter {
  private job: { kind: PartitionedKind; day: SpooledDay; types: DuckDBType[] } | undefined;
  private failure: unknown;
  /** The writes queued: one day at a time (the table function reads one job). */
  private queue: Promise<void> = Promise.resolve();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {
    connection.registerTableFunction(
      DuckDBTableFunction.create({
        name: 'peerscope_day_spool',
        bindFunction: (info) => {
          const job = this.job!;
          storeColumns(job.kind).forEach((c, i) => info.addResultColumn(c.name, job.types[i]!));
        },
        initFunction: (info) => info.setInitData(new SpoolReader(this.job!.kind, this.job!.day, this.job!.types)),
        mainFunction: (info, output) => {
          const reader = info.initData as SpoolReader;
          try {
            reader.fill(output.chunk, (n) => (output.rowCount = n));
          } catch (error) {
            this.failure ??= error;
            reader.close();
            info.setError(error instanceof Error ? error.message : String(error));
          }
        },
      }),
    );
  }

  /** Opens the writer's DuckDB (one thread; spills to `tempDirectory`). */
  static async open(tempDirectory: string): Promise<ParquetDayWriter> {
    const instance = await DuckDBInstance.create(':memory:', {
      threads: '1',
      memory_limit: '512MB',
      temp_directory: tempDirectory,
    });
    return new ParquetDayWriter(instance, await instance.connect());
  }

  /** Writes the spooled day to `path`, after the writes queued before it. */
  write(kind: PartitionedKind, day: SpooledDay, path: string): Promise<void> {
    const done = this.queue.then(() => this.writeNow(kind, day, path));
    this.queue = done.catch(() => undefined);
    return done;
  }

  private async writeNow(kind: PartitionedKind, day: SpooledDay, path: string): Promise<void> {
    const format = LOG_FORMATS[kind];
    let text = 0;
    const types: DuckDBType[] = storeColumns(kind).map((_, i) => {
      if (i < 2) return i === 0 ? INTEGER : BIGINT;
      return format.integers.includes(i - 2) ? BIGINT : ENUM(day.dictionaries[text++]!);
    });
    this.job = { kind, day, types };
    this.failure = undefined;
    const sql = `COPY (SELECT * FROM peerscope_day_spool()) TO ${quotedString(path)} (${PARQUET_DAY_OPTIONS})`;
    try {
      await this.connection.run(sql);
    } catch (error) {
      const cause = this.failure ?? error;
      const message = cause instanceof Error ? cause.message : String(cause);
      throw new QueryError(`query failed: ${message.split('\n')[0]}`, sql, cause);
    } finally {
      this.job = undefined;
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}

/** Reads a day's spool frame by frame into DuckDB data chunks. */
class SpoolReader {
  private readonly fd: number;
  private readonly ints: number;
  private readonly texts: number;
  /** Per output column: where its values come from. */
  private readonly columns: { source: 'file' | 'line' | 'int' | 'text'; k: number; width: number }[];
  private left: number;
  private frame = new ArrayBuffer(0);
  private frameRows = 0;
  private pos = 0;
  private file = 0;
  private lineOffset = 0;
  private lines = new Float64Array(0);
  private intViews: Float64Array[] = [];
  private idViews: Uint32Array[] = [];
  private readonly header = new Float64Array(3);
  private readonly int64 = new Int32Array(CHUNK * 2);
  private readonly int32 = new Int32Array(CHUNK);
  private readonly u8 = new Uint8Array(CHUNK);
  private readonly u16 = new Uint16Array(CHUNK);
  private closed = false;

  constructor(kind: PartitionedKind, day: SpooledDay, types: DuckDBType[]) {
    const format = LOG_FORMATS[kind];
    this.ints = format.integers.length;
    this.texts = format.fields.length - this.ints;
    this.left = day.rows;
    let intK = 0;
    let textK = 0;
    this.columns = types.map((type, i) => {
      if (i === 0) return { source: 'file', k: 0, width: 4 };
      if (i === 1) return { source: 'line', k: 0, width: 8 };
      if (format.integers.includes(i - 2)) return { source: 'int', k: intK++, width: 8 };
      const internal = (type as DuckDBEnumType).internalTypeId;
      const width = internal === DuckDBTypeId.UTINYINT ? 1 : internal === DuckDBTypeId.USMALLINT ? 2 : 4;
      return { source: 'text', k: textK++, width };
    });
    this.fd = openSync(day.spoolPath, 'r');
  }

  /** Fills the next chunk (sizing it with `setRows` first); 0 rows when the spool is done. */
  fill(chunk: duckdb.DataChunk, setRows: (n: number) => void): void {
    const n = Math.min(CHUNK, this.left);
    setRows(n);
    if (n === 0) {
      this.close();
      return;
    }
    const vectors = this.columns.map((_, i) => duckdb.data_chunk_get_vector(chunk, i));
    let done = 0;
    while (done < n) {
      if (this.pos === this.frameRows) this.nextFrame();
      const m = Math.min(n - done, this.frameRows - this.pos);
      this.columns.forEach((column, i) => this.copy(vectors[i]!, column, done, m));
      this.pos += m;
      done += m;
    }
    this.left -= n;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }

  private copy(
    vector: duckdb.Vector,
    column: { source: 'file' | 'line' | 'int' | 'text'; k: number; width: number },
    at: number,
    m: number,
  ): void {
    const p = this.pos;
    const target = at * column.width;
    if (column.source === 'file') {
      this.int32.fill(this.file, 0, m);
      duckdb.copy_data_to_vector(vector, target, this.int32.buffer, 0, m * 4);
      return;
    }
    if (column.source === 'line' || column.source === 'int') {
      const values = column.source === 'line' ? this.lines : this.intViews[column.k]!;
      const add = column.source === 'line' ? this.lineOffset : 0;
      const out = this.int64;
      // Safe integers as little-endian int64: the low and high 32 bits (two's complement).
      for (let r = 0; r < m; r++) {
        const v = values[p + r]! + add;
        const hi = Math.floor(v / TWO32);
        out[2 * r] = v - hi * TWO32;
        out[2 * r + 1] = hi;
      }
      duckdb.copy_data_to_vector(vector, target, out.buffer, 0, m * 8);
      return;
    }
    const ids = this.idViews[column.k]!;
    if (column.width === 4) {
      duckdb.copy_data_to_vector(vector, target, ids.buffer as ArrayBuffer, ids.byteOffset + p * 4, m * 4);
      return;
    }
    const narrow = column.width === 1 ? this.u8 : this.u16;
    for (let r = 0; r < m; r++) narrow[r] = ids[p + r]!;
    duckdb.copy_data_to_vector(vector, target, narrow.buffer, 0, m * column.width);
  }

  private nextFrame(): void {
    const head = new Uint8Array(this.header.buffer);
    if (readSync(this.fd, head, 0, FRAME_HEADER_BYTES, null) !== FRAME_HEADER_BYTES) {
      throw new Error('the day spool ended before its rows');
    }
    const rows = this.header[0]!;
    this.file = this.header[1]!;
    this.lineOffset = this.header[2]!;
    const bytes = rows * 8 * (1 + this.ints) + rows * 4 * this.texts;
    if (this.frame.byteLength < bytes) this.frame = new ArrayBuffer(Math.max(bytes, this.frame.byteLength * 2));
    const body = new Uint8Array(this.frame, 0, bytes);
    let got = 0;
    while (got < bytes) {
      const r = readSync(this.fd, body, got, bytes - got, null);
      if (r === 0) throw new Error('the day spool ended inside a frame');
      got += r;
    }
    let o = 0;
    this.lines = new Float64Array(this.frame, o, rows);
    o += rows * 8;
    this.intViews = [];
    for (let k = 0; k < this.ints; k++, o += rows * 8) this.intViews.push(new Float64Array(this.frame, o, rows));
    this.idViews = [];
    for (let k = 0; k < this.texts; k++, o += rows * 4) this.idViews.push(new Uint32Array(this.frame, o, rows));
    this.frameRows = rows;
    this.pos = 0;
  }
}
