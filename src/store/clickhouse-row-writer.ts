import { Readable } from 'node:stream';
import type { ClusterEngine } from '../engine/index.js';
import { CLICKHOUSE_TABLES, type ClusterKind } from './clickhouse-tables.js';
import { RowBinary } from './row-binary.js';

/** Options for {@link ClickHouseRowWriter}. */
export interface ClickHouseRowWriterOptions {
  /** Insert encoding. Default `RowBinary`: the servers spend the same CPU on either, the client 1.4-1.6× less on RowBinary (bench/clickhouse-insert.mjs). */
  format?: 'RowBinary' | 'TabSeparated';
  /** Bytes per chunk handed to the request. Default 1 MiB. */
  chunkBytes?: number;
  /** Encoded bytes queued for the socket before {@link ClickHouseRowWriter.settle} waits. Default 8 MiB. */
  highWaterBytes?: number;
  /** Table to insert into. Default: the kind's Distributed table. */
  table?: string;
  /** Send the INSERT to this shard's own server (0-based). Default: the engine's URL. */
  shard?: number;
  /**
   * Server settings for each INSERT. Default `{ insert_distributed_sync: 1 }`: the INSERT returns
   * only when every shard holds its rows, so a count right after it is final (the default, 0,
   * queues rows on the initiator's disk and sends them later).
   */
  settings?: Record<string, string | number>;
}

export const CLICKHOUSE_ROW_WRITER_DEFAULTS = {
  format: 'RowBinary',
  chunkBytes: 1 << 20,
  highWaterBytes: 8 << 20,
  settings: { insert_distributed_sync: 1 },
} as const;

/**
 * Streams the byte scanner's valid rows into a cluster table: each row (the line buffer, its
 * field starts and parsed integers, as a `RowHandler` receives them, plus the split index and line
 * number) is encoded straight from the line's bytes into RowBinary or TabSeparated, in chunks, into
 * one INSERT request that stays open until {@link commit}. `add` is synchronous, for the scan
 * loop; the scan awaits {@link settle} between blocks, which waits while more than
 * `highWaterBytes` are queued for the socket: the server's pace sets the scanner's.
 */
export class ClickHouseRowWriter {
  private readonly format: 'RowBinary' | 'TabSeparated';
  private readonly chunkBytes: number;
  private readonly highWater: number;
  private readonly table: string;
  private readonly shard: number | undefined;
  private readonly settings: Record<string, string | number>;
  private readonly isInt: boolean[];
  private readonly columns: string[];
  private chunk: Buffer;
  private used = 0;
  private count = 0;
  private stream: Readable | undefined;
  private request: Promise<void> | undefined;
  private failure: unknown;
  private wake: (() => void) | undefined;
  private full = false;
  private waits = 0;
  private chunks = 0;

  constructor(
    private readonly engine: ClusterEngine,
    kind: ClusterKind,
    options: ClickHouseRowWriterOptions = {},
  ) {
    const layout = CLICKHOUSE_TABLES[kind];
    this.format = options.format ?? CLICKHOUSE_ROW_WRITER_DEFAULTS.format;
    this.chunkBytes = options.chunkBytes ?? CLICKHOUSE_ROW_WRITER_DEFAULTS.chunkBytes;
    this.highWater = options.highWaterBytes ?? CLICKHOUSE_ROW_WRITER_DEFAULTS.highWaterBytes;
    this.table = options.table ?? layout.distributed;
    this.shard = options.shard;
    this.settings = options.settings ?? CLICKHOUSE_ROW_WRITER_DEFAULTS.settings;
    this.columns = layout.columns.map((c) => c.name);
    this.isInt = layout.columns.slice(2).map((c) => c.type === 'Int64');
    this.chunk = Buffer.allocUnsafe(this.chunkBytes);
  }

  /** Rows added to the current INSERT. */
  get rows(): number {
    return this.count;
  }

  /** Diagnostics since construction: chunks handed to requests, and how often {@link settle} had to wait for the server. */
  get stats(): { chunks: number; waits: number } {
    return { chunks: this.chunks, waits: this.waits };
  }

  /** Encodes one row: field i is buf[starts[i], starts[i + 1] - 1), integer fields parsed in ints[i]. */
  add(buf: Buffer, starts: Int32Array, ints: Float64Array, file: number, line: number): void {
    if (this.failure !== undefined) return;
    if (this.stream === undefined) this.open();
    const n = this.isInt.length;
    // Upper bound of the encoded size: the fields' bytes (doubled for TSV escapes), lengths and integers.
    const bound = 2 * (starts[n]! - starts[0]!) + 10 * n + 32;
    if (this.used + bound > this.chunk.length) this.flush(bound);
    this.used =
      this.format === 'RowBinary'
        ? RowBinary.encodeRow(this.chunk, this.used, buf, starts, ints, this.isInt, file, line)
        : this.tabSeparated(buf, starts, file, line);
    this.count++;
  }

  /**
   * Appends rows already encoded in this writer's format (e.g. by a parser thread) to the INSERT,
   * without a copy: `bytes` must not change until the request has sent them.
   */
  addEncoded(bytes: Uint8Array, rows: number): void {
    if (this.failure !== undefined || rows === 0) return;
    if (this.stream === undefined) this.open();
    this.flush(0);
    if (this.failure !== undefined) return;
    this.chunks++;
    if (!this.stream!.push(bytes)) this.full = true;
    this.count += rows;
  }

  /** Waits while the request is behind by more than `highWaterBytes`; rejects if the INSERT failed. */
  async settle(): Promise<void> {
    while (this.full && this.failure === undefined) {
      this.waits++;
      await new Promise<void>((resolve) => {
        this.wake = resolve;
      });
    }
    if (this.failure !== undefined) throw this.failure;
  }

  /**
   * Sends the rest, ends the INSERT and waits for the server's answer; returns its row count (0:
   * no request was made). The INSERT ends at the call, before the first await: a row handler can
   * call it without awaiting at a day boundary (the next `add` opens the next INSERT) and await
   * the promises between blocks, so each day is one INSERT, as resumption by day needs.
   */
  async commit(): Promise<number> {
    const rows = this.count;
    if (this.stream === undefined || this.request === undefined) return 0;
    this.flush(0);
    this.stream.push(null);
    const request = this.request;
    this.stream = undefined;
    this.request = undefined;
    this.count = 0;
    // The ended INSERT's backlog is awaited through its request, not through settle: a full flag
    // left from it would make settle wait for a read() that its stream no longer reports (the
    // last day of a kind ended full, and ingest exited 13 with a promise that never settled).
    this.full = false;
    this.wake?.();
    this.wake = undefined;
    await request;
    if (this.failure !== undefined) throw this.failure;
    return rows;
  }

  private open(): void {
    this.failure = undefined;
    this.full = false;
    const stream = new Readable({
      highWaterMark: this.highWater,
      read: () => {
        // An INSERT already committed may still be draining: only the open one's room counts.
        if (this.stream !== stream) return;
        this.full = false;
        this.wake?.();
        this.wake = undefined;
      },
    });
    this.stream = stream;
    this.request = this.engine
      .insert({
        table: this.table,
        columns: this.columns,
        format: this.format,
        body: stream,
        settings: this.settings,
        shard: this.shard,
      })
      .catch((error: unknown) => {
        this.failure = error;
        stream.destroy();
        this.wake?.();
        this.wake = undefined;
      });
  }

  /** Hands the filled part of the chunk to the request and starts a chunk of at least `need` bytes. */
  private flush(need: number): void {
    if (this.used > 0 && this.stream && this.failure === undefined) {
      this.chunks++;
      if (!this.stream.push(this.chunk.subarray(0, this.used))) this.full = true;
      this.chunk = Buffer.allocUnsafe(Math.max(this.chunkBytes, need));
    } else if (need > this.chunk.length) {
      this.chunk = Buffer.allocUnsafe(need);
    }
    this.used = 0;
  }

  private tabSeparated(buf: Buffer, starts: Int32Array, file: number, line: number): number {
    const out = this.chunk;
    let o = this.used;
    o += out.write(`${file}\t${line}`, o, 'latin1');
    for (let i = 0; i < this.isInt.length; i++) {
      out[o++] = TAB;
      const end = starts[i + 1]! - 1;
      // Integer fields are validated digits: copied as they are. Text needs \\, \t and \r escaped (no field holds a line feed).
      for (let k = starts[i]!; k < end; k++) {
        const b = buf[k]!;
        if (b === BACKSLASH || b === TAB || b === CR) {
          out[o++] = BACKSLASH;
          out[o++] = b === TAB ? LETTER_T : b === CR ? LETTER_R : BACKSLASH;
        } else out[o++] = b;
      }
    }
    out[o++] = LF;
    return o;
  }
}

const TAB = 0x09,
  LF = 0x0a,
  CR = 0x0d,
  BACKSLASH = 0x5c,
  LETTER_T = 0x74,
  LETTER_R = 0x72;
