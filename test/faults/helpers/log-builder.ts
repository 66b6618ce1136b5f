// Builds an input file line by line and remembers, per line, what the contract says about it
// (from classifyLine, or an explicit "either"), and named marks for the cases' own checks.
import type { RejectedExpectation } from './assert-output.js';
import { classifyLine } from './classify-line.js';
import type { Kind } from './input-lines.js';

export class LogBuilder {
  private readonly parts: Buffer[] = [];
  private readonly rejected: number[] = [];
  private readonly reasonCounts: Record<string, number> = {};
  private readonly either = new Set<number>();
  private readonly marks = new Map<string, number[]>();
  /** Physical lines so far. */
  lines = 0;

  constructor(
    readonly kind: Kind,
    private readonly interval = 86400,
  ) {}

  /**
   * Appends one line. `ending` is its terminator (LF by default; '' only for the last line).
   * `either` marks a line the contract lets go either way; `mark` names it for a case's checks.
   */
  add(line: string | Buffer, options: { ending?: '\n' | '\r\n' | ''; either?: boolean; mark?: string } = {}): number {
    const bytes = typeof line === 'string' ? Buffer.from(line, 'utf8') : line;
    this.parts.push(bytes, Buffer.from(options.ending ?? '\n'));
    this.lines++;
    const n = this.lines;
    // As a reader sees it: one CR before the LF (or the end of the file) belongs to the ending.
    const ending = options.ending ?? '\n';
    const physical = ending !== '\r\n' && bytes.at(-1) === 0x0d ? bytes.subarray(0, -1) : bytes;
    const verdict = classifyLine(physical, this.kind, this.interval);
    if (options.either || verdict.status === 'either') this.either.add(n);
    else if (verdict.status === 'rejected') {
      this.rejected.push(n);
      this.reasonCounts[verdict.reason] = (this.reasonCounts[verdict.reason] ?? 0) + 1;
    }
    if (options.mark) this.marks.set(options.mark, [...(this.marks.get(options.mark) ?? []), n]);
    return n;
  }

  /** Line numbers added with this mark. */
  marked(mark: string): number[] {
    return this.marks.get(mark) ?? [];
  }

  bytes(): Buffer {
    return Buffer.concat(this.parts);
  }

  /** What rejected/ must hold for this file, once written to `path`. */
  expectation(path: string): RejectedExpectation {
    return { rejected: new Map([[path, [...this.rejected]]]), either: new Map([[path, new Set(this.either)]]) };
  }

  /** Rejected lines by reason, as classifyLine sees them (lines marked "either" left out). */
  reasons(): Record<string, number> {
    return { ...this.reasonCounts };
  }

  /** Lines the contract lets go either way. */
  eitherCount(): number {
    return this.either.size;
  }
}
