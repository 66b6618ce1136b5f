import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { partitionName, STORE_FILES, type PartitionedKind } from './store-format.js';

/** Defaults of {@link DaySpool}. */
export const DAY_SPOOL_DEFAULTS = { bufferBytes: 8 << 20 } as const;

const COMMA = 44;
const LF = 10;
const ZERO = 48;

/**
 * Valid lines of one kind, spooled per day as `file,line,<original line>` into the store's
 * spool folder; a day's spool is handed to `convert` (which writes its partition) when the input
 * moves past the day, and conversions run one after another while the scan goes on. Days whose
 * partition already exists (an earlier, interrupted run) are only checked, not spooled again.
 */
export class DaySpool {
  /** Partition paths, relative to the store, in day order. */
  readonly partitions: string[] = [];
  /** Days skipped because their partition existed. */
  skipped = 0;
  private day: number | undefined;
  private skipping = false;
  private fd = -1;
  private spoolPath = '';
  private final = '';
  private readonly buf: Buffer;
  private used = 0;
  private pending: Promise<void> = Promise.resolve();
  private inFlight = 0;

  constructor(
    private readonly store: string,
    private readonly kind: PartitionedKind,
    private readonly convert: (spoolPath: string, final: string) => Promise<void>,
    bufferBytes: number = DAY_SPOOL_DEFAULTS.bufferBytes,
  ) {
    this.buf = Buffer.allocUnsafe(bufferBytes);
    mkdirSync(join(store, kind), { recursive: true });
  }

  /** Adds the line buf[start, end) of day `day`, from split `file` line `line` (`label` names the split in errors). */
  add(day: number, buf: Buffer, start: number, end: number, file: number, line: number, label: string): void {
    if (day !== this.day) this.open(day, label, line);
    if (this.skipping) return;
    // 40 bytes: two numbers of at most 16 digits and their commas, and the newline.
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

  /** After a failure: closes the open day without converting it and waits for the conversions queued. */
  async abandon(): Promise<void> {
    if (this.day !== undefined && !this.skipping) {
      closeSync(this.fd);
      this.skipping = true;
    }
    await this.pending.catch(() => undefined);
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
    const name = partitionName(day);
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
    const spoolPath = this.spoolPath;
    const final = this.final;
    this.inFlight++;
    this.pending = this.pending.then(() => this.convert(spoolPath, final)).finally(() => this.inFlight--);
    // Awaited in settle/finish; marked handled here so a failure waits for them instead of crashing.
    this.pending.catch(() => undefined);
    this.skipping = true;
  }
}

/**
 * Writes the decimal digits of a non-negative safe integer into buf at `o`, without making a
 * string; returns the offset after the last digit.
 */
export function writeDigits(buf: Uint8Array, o: number, value: number): number {
  if (value === 0) {
    buf[o] = ZERO;
    return o + 1;
  }
  let digits = 0;
  for (let v = value; v > 0; v = Math.floor(v / 10)) digits++;
  let v = value;
  for (let i = o + digits - 1; i >= o; i--) {
    buf[i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return o + digits;
}
