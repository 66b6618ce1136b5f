import { closeSync, existsSync, mkdirSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { ColumnBlock } from './column-block.js';
import { partitionName, STORE_FILES, type PartitionedKind } from './store-format.js';

/** What {@link DayColumns} hands to its conversion for each day. */
export interface SpooledDay {
  /** The day's spool file (see {@link DayColumns}). */
  spoolPath: string;
  /** Where its partition goes. */
  final: string;
  day: number;
  rows: number;
  /** Per text field, the day's distinct strings in the order of first appearance: a row's id indexes it. */
  dictionaries: string[][];
}

/** The frame header: rows, split index, lines of the split before the frame's block. */
export const FRAME_HEADER_BYTES = 24;

/**
 * Valid rows of one LANL kind, spooled per day as typed columns into the store's spool folder: a
 * sequence of frames (one per block and day), each a header of three doubles (rows, split, line
 * offset), then per column: the lines and the integer fields as doubles, the text fields as uint32
 * ids into the day's dictionaries. Ids are renumbered per day in the order the strings first
 * appear in the day's rows, so a day's spool depends on its rows only (not on the threads, the
 * blocks or the days before it). When the input moves past a day, its spool is handed to
 * `convert` (which writes the partition); conversions run one after another while the scan goes
 * on. Days whose partition exists (an earlier, interrupted run) are only checked, not spooled.
 */
export class DayColumns {
  /** Partition paths, relative to the store, in day order. */
  readonly partitions: string[] = [];
  /** Days skipped because their partition existed. */
  skipped = 0;
  private day: number | undefined;
  private skipping = false;
  private fd = -1;
  private spoolPath = '';
  private final = '';
  private rows = 0;
  private values: string[][] = [];
  private index: Map<string, number>[] = [];
  /** Per scan thread: its dictionaries' strings and, per text field, its id → the day's id (-1: not yet). */
  private readonly threads = new Map<number, { strings: string[][]; remap: Int32Array[] }>();
  private pending: Promise<void> = Promise.resolve();
  private inFlight = 0;
  private readonly header = new Float64Array(3);

  constructor(
    private readonly store: string,
    private readonly kind: PartitionedKind,
    private readonly texts: number,
    private readonly convert: (day: SpooledDay) => Promise<void>,
  ) {
    mkdirSync(join(store, kind), { recursive: true });
  }

  /** Adds a block of split `file` (`label` in errors), whose line i is line lineOffset + i of the split. */
  addBlock(block: ColumnBlock, file: number, lineOffset: number, label: string): void {
    let thread = this.threads.get(block.dictionary);
    if (thread === undefined) {
      thread = {
        strings: Array.from({ length: this.texts }, () => []),
        remap: Array.from({ length: this.texts }, () => new Int32Array(0)),
      };
      this.threads.set(block.dictionary, thread);
    }
    for (let k = 0; k < this.texts; k++) {
      const strings = thread.strings[k]!;
      for (const s of block.added[k]!) strings.push(s);
      if (thread.remap[k]!.length < strings.length) {
        const bigger = new Int32Array(Math.max(strings.length, thread.remap[k]!.length * 2)).fill(-1);
        bigger.set(thread.remap[k]!);
        thread.remap[k] = bigger;
      }
    }
    for (let i = 0; i < block.days.length; i++) {
      const start = block.starts[i]!;
      const end = i + 1 < block.days.length ? block.starts[i + 1]! : block.rows;
      const day = block.days[i]!;
      if (day !== this.day) this.open(day, label, lineOffset + block.lines[start]!);
      if (this.skipping || end <= start) continue;
      this.write(block, thread, start, end, file, lineOffset);
    }
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

  private write(
    block: ColumnBlock,
    thread: { strings: string[][]; remap: Int32Array[] },
    start: number,
    end: number,
    file: number,
    lineOffset: number,
  ): void {
    const n = end - start;
    this.header[0] = n;
    this.header[1] = file;
    this.header[2] = lineOffset;
    const out = (a: Float64Array | Uint32Array) => writeSync(this.fd, a, 0, a.byteLength);
    out(this.header);
    out(block.lines.subarray(start, end));
    for (const ints of block.ints) out(ints.subarray(start, end));
    for (let k = 0; k < this.texts; k++) {
      const ids = block.ids[k]!;
      const remap = thread.remap[k]!;
      const strings = thread.strings[k]!;
      const values = this.values[k]!;
      const index = this.index[k]!;
      const day = new Uint32Array(n);
      for (let r = 0; r < n; r++) {
        const id = ids[start + r]!;
        let d = remap[id]!;
        if (d < 0) {
          const s = strings[id]!;
          d = index.get(s) ?? -1;
          if (d < 0) {
            d = values.length;
            values.push(s);
            index.set(s, d);
          }
          remap[id] = d;
        }
        day[r] = d;
      }
      out(day);
    }
    this.rows += n;
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
    this.spoolPath = join(this.store, STORE_FILES.spool, `${this.kind}-${name}.bin`);
    this.fd = openSync(this.spoolPath, 'w');
    this.rows = 0;
    this.values = Array.from({ length: this.texts }, () => []);
    this.index = Array.from({ length: this.texts }, () => new Map());
    for (const thread of this.threads.values()) for (const remap of thread.remap) remap.fill(-1);
  }

  private close(): void {
    if (this.day === undefined || this.skipping) return;
    closeSync(this.fd);
    const spooled: SpooledDay = {
      spoolPath: this.spoolPath,
      final: this.final,
      day: this.day,
      rows: this.rows,
      dictionaries: this.values,
    };
    this.inFlight++;
    this.pending = this.pending.then(() => this.convert(spooled)).finally(() => this.inFlight--);
    // Awaited in settle/finish; marked handled here so a failure waits for them instead of crashing.
    this.pending.catch(() => undefined);
    this.skipping = true;
  }
}
