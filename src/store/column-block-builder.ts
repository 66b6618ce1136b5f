import type { LogFormat } from '../sources/log-formats.js';
import { ByteInterner } from '../sources/byte-interner.js';
import type { ColumnBlock } from './column-block.js';
import { dayOf } from './store-format.js';

/**
 * Collects the rows of a scan thread into {@link ColumnBlock}s: `add` takes each valid row as the
 * scanner hands it, `take` ends the block. The thread's dictionaries live across its blocks, so a
 * string crosses to the main thread once per thread.
 */
export class ColumnBlockBuilder {
  private readonly textFields: number[];
  private readonly intFields: readonly number[];
  private readonly dictionaries: ByteInterner[];
  // Per dictionary, how many of its strings the main thread has been sent.
  private readonly reported: number[];
  private capacity = 0;
  private rows = 0;
  private lines = new Float64Array(0);
  private ints: Float64Array[] = [];
  private ids: Uint32Array[] = [];
  private days: number[] = [];
  private starts: number[] = [];
  private lastDay = NaN;

  constructor(
    format: LogFormat,
    private readonly dictionary: number,
  ) {
    this.intFields = format.integers;
    this.textFields = format.fields.map((_, i) => i).filter((i) => !format.integers.includes(i));
    this.dictionaries = this.textFields.map(() => new ByteInterner());
    this.reported = this.textFields.map(() => 0);
    this.reset(4096);
  }

  /** Adds a valid row (the scanner's RowHandler arguments). */
  add(buf: Uint8Array, starts: Int32Array, ints: Float64Array, line: number): void {
    const r = this.rows;
    if (r === this.capacity) this.grow();
    const day = dayOf(ints[0]!);
    if (day !== this.lastDay) {
      this.days.push(day);
      this.starts.push(r);
      this.lastDay = day;
    }
    this.lines[r] = line;
    for (let k = 0; k < this.intFields.length; k++) this.ints[k]![r] = ints[this.intFields[k]!]!;
    for (let k = 0; k < this.textFields.length; k++) {
      const f = this.textFields[k]!;
      this.ids[k]![r] = this.dictionaries[k]!.intern(buf, starts[f]!, starts[f + 1]! - 1);
    }
    this.rows = r + 1;
  }

  /** The block so far (its arrays to transfer), and a fresh one begun. */
  take(): { block: ColumnBlock; transfer: ArrayBuffer[] } {
    const n = this.rows;
    const block: ColumnBlock = {
      dictionary: this.dictionary,
      rows: n,
      days: this.days,
      starts: this.starts,
      lines: this.lines.subarray(0, n),
      ints: this.ints.map((a) => a.subarray(0, n)),
      ids: this.ids.map((a) => a.subarray(0, n)),
      added: this.dictionaries.map((d, k) => {
        const added = d.namesFrom(this.reported[k]!);
        this.reported[k] = d.size;
        return added;
      }),
    };
    const transfer = [block.lines, ...block.ints, ...block.ids].map((a) => a.buffer as ArrayBuffer);
    this.reset(Math.max(4096, n));
    return { block, transfer };
  }

  private reset(capacity: number): void {
    this.capacity = capacity;
    this.rows = 0;
    this.lines = new Float64Array(capacity);
    this.ints = this.intFields.map(() => new Float64Array(capacity));
    this.ids = this.textFields.map(() => new Uint32Array(capacity));
    this.days = [];
    this.starts = [];
    this.lastDay = NaN;
  }

  private grow(): void {
    const capacity = this.capacity * 2;
    const bigger = <T extends Float64Array | Uint32Array>(a: T, make: (n: number) => T): T => {
      const b = make(capacity);
      b.set(a);
      return b;
    };
    this.lines = bigger(this.lines, (n) => new Float64Array(n));
    this.ints = this.ints.map((a) => bigger(a, (n) => new Float64Array(n)));
    this.ids = this.ids.map((a) => bigger(a, (n) => new Uint32Array(n)));
    this.capacity = capacity;
  }
}
