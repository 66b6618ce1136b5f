import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { threadId } from 'node:worker_threads';
import type { KeyTable } from './key-table.js';
import { makeFolder } from '../make-folder.js';

/** Where and when a scanner's growing tables spill. */
export interface SpillOptions {
  /** Folder for the spill files (created on the first spill). */
  dir: string;
  /** Groups a table may hold before it is written out and cleared. */
  budget: number;
}

/** Groups per write call: keeps the text of one write to a few MB whatever the budget. */
const ROWS_PER_WRITE = 16_384;

/**
 * Bounds a {@link KeyTable} that grows with the data (flow services, auth edges): once it holds
 * `budget` groups, its keys and accumulators go to a headerless CSV file (this thread's ids,
 * integers printed exactly) and the table is cleared. The partial groups of all files and of the
 * final table are summed (or min/max-ed) by DuckDB afterwards, so the result does not depend on
 * where the flushes fell. File names carry the thread id, so parallel workers never collide.
 */
export class SpillTable {
  /** The files written so far, in order. */
  readonly files: string[] = [];

  constructor(
    readonly table: KeyTable,
    private readonly name: string,
    private readonly options: SpillOptions | undefined,
  ) {}

  /** Call after updating a group: spills when the table has reached its budget. */
  check(): void {
    if (this.options !== undefined && this.table.size >= this.options.budget) this.flush();
  }

  /** Writes the table's groups to a new file and clears it. */
  flush(): void {
    const options = this.options;
    const table = this.table;
    if (options === undefined || table.size === 0) return;
    makeFolder(options.dir);
    const path = join(options.dir, `${this.name}-t${threadId}-${this.files.length}.csv`);
    const fd = openSync(path, 'w');
    try {
      const { keys, values } = table.state();
      const arity = table.arity,
        width = table.width;
      const n = table.size;
      for (let start = 0; start < n; start += ROWS_PER_WRITE) {
        const end = Math.min(n, start + ROWS_PER_WRITE);
        const lines: string[] = new Array(end - start);
        for (let s = start; s < end; s++) {
          const row: number[] = [];
          for (let i = 0; i < arity; i++) row.push(keys[s * arity + i]!);
          for (let j = 0; j < width; j++) row.push(values[s * width + j]!);
          lines[s - start] = row.join(',');
        }
        writeSync(fd, lines.join('\n') + '\n');
      }
    } finally {
      closeSync(fd);
    }
    this.files.push(path);
    table.clear();
  }
}

/** A thread's spill files of one table, and how its key ids map to the ids of the merged tables. */
export interface SpilledPart {
  files: string[];
  /** Per key column: this thread's id → the merged id (undefined: the same id). */
  remaps: (Int32Array | undefined)[];
}
