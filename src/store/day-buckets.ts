import { closeSync, existsSync, mkdirSync, openSync, readdirSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { partitionName, STORE_FILES, type PartitionedKind } from './store-format.js';

/** Defaults of {@link DayBuckets}. */
export const DAY_BUCKETS_DEFAULTS = {
  /** Bytes buffered per day before they are appended to the day's spool file (less when more days than bufferBytes / this are met). */
  dayBufferBytes: 256 << 10,
  /** Bytes buffered over all days: past it every buffer is written out and freed. */
  bufferBytes: 32 << 20,
} as const;

/** Options of {@link DayBuckets}. */
export interface DayBucketsOptions {
  /** Default {@link DAY_BUCKETS_DEFAULTS.dayBufferBytes}. */
  dayBufferBytes?: number;
  /** Default {@link DAY_BUCKETS_DEFAULTS.bufferBytes}. */
  bufferBytes?: number;
}

/** The smallest per-day buffer, however many days share the budget. */
const MIN_BUCKET_BYTES = 4096;

interface Bucket {
  buf: Buffer;
  used: number;
}

/**
 * The spool of a kind whose rows come in any time order (Zeek writes a connection when it ends;
 * Windows exports are per computer): spool lines go to one file per day as they come, through a
 * small buffer per day (memory is bounded by `bufferBytes` whatever the number of days), and only
 * when the whole kind has been read does {@link finish} hand each day's file to `convert`, in day
 * order. Days whose partition already exists (an earlier run stopped during the conversions) are
 * counted and not spooled again. Compare DayColumns, which converts a sorted input's day as soon as
 * the input moves past it.
 */
export class DayBuckets {
  /** Partition paths, relative to the store, in day order; complete after {@link finish}. */
  readonly partitions: string[] = [];
  /** Days skipped because their partition existed. */
  skipped = 0;
  private readonly buckets = new Map<number, Bucket>();
  /** Every day met: true when its rows are spooled, false when its partition existed. */
  private readonly days = new Map<number, boolean>();
  private readonly existing: Set<number>;
  private buffered = 0;
  /** Days met whose rows are spooled. */
  private spooled = 0;
  private readonly dayBufferBytes: number;
  private readonly bufferBytes: number;

  constructor(
    private readonly store: string,
    private readonly kind: PartitionedKind,
    private readonly convert: (spoolPath: string, final: string, day: number) => Promise<void>,
    options: DayBucketsOptions = {},
  ) {
    this.dayBufferBytes = options.dayBufferBytes ?? DAY_BUCKETS_DEFAULTS.dayBufferBytes;
    this.bufferBytes = options.bufferBytes ?? DAY_BUCKETS_DEFAULTS.bufferBytes;
    const folder = join(store, kind);
    mkdirSync(folder, { recursive: true });
    this.existing = new Set(
      readdirSync(folder)
        .map((name) => /^day=(-?\d+)\.parquet$/.exec(name))
        .filter((m) => m !== null)
        .map((m) => Number(m[1])),
    );
  }

  /** Whether rows of `day` are wanted (false: its partition exists from an earlier run). */
  wants(day: number): boolean {
    let spooled = this.days.get(day);
    if (spooled === undefined) {
      spooled = !this.existing.has(day);
      this.days.set(day, spooled);
      if (spooled) this.spooled++;
      else this.skipped++;
    }
    return spooled;
  }

  /** Adds spool text bytes[start, end) (whole lines) of day `day`; a day not {@link wants}ed drops it. */
  add(day: number, bytes: Uint8Array, start: number, end: number): void {
    if (!this.wants(day)) return;
    const n = end - start;
    let bucket = this.buckets.get(day);
    if (bucket === undefined) {
      // Many days at once (a year of events in random order) get smaller buffers rather than
      // a write of every few lines: the budget shared out over the days met so far.
      const size = Math.min(
        this.dayBufferBytes,
        Math.max(MIN_BUCKET_BYTES, Math.floor(this.bufferBytes / this.spooled)),
      );
      if (this.buffered + size > this.bufferBytes) this.flushAll();
      bucket = { buf: Buffer.allocUnsafe(size), used: 0 };
      this.buckets.set(day, bucket);
      this.buffered += size;
    }
    if (bucket.used + n > bucket.buf.length) {
      this.write(day, bucket);
      bucket.used = 0;
    }
    if (n > bucket.buf.length) {
      this.append(day, bytes, start, n);
      return;
    }
    bucket.buf.set(bytes.subarray(start, end), bucket.used);
    bucket.used += n;
  }

  /** Writes out what is buffered, then converts every spooled day, in day order, one after another. */
  async finish(): Promise<void> {
    this.flushAll();
    const days = [...this.days.keys()].sort((a, b) => a - b);
    for (const day of days) {
      const name = partitionName(day);
      this.partitions.push(`${this.kind}/${name}`);
      if (!this.days.get(day)) continue;
      await this.convert(this.spoolPath(day), join(this.store, this.kind, name), day);
    }
  }

  private spoolPath(day: number): string {
    return join(this.store, STORE_FILES.spool, `${this.kind}-${partitionName(day)}.txt`);
  }

  private flushAll(): void {
    for (const [day, bucket] of this.buckets) this.write(day, bucket);
    this.buckets.clear();
    this.buffered = 0;
  }

  private write(day: number, bucket: Bucket): void {
    if (bucket.used > 0) this.append(day, bucket.buf, 0, bucket.used);
  }

  private append(day: number, bytes: Uint8Array, start: number, length: number): void {
    const path = this.spoolPath(day);
    const fd = openSync(path, existsSync(path) ? 'a' : 'w');
    try {
      writeSync(fd, bytes, start, length);
    } finally {
      closeSync(fd);
    }
  }
}
