// Checks of a finished output against the suite's own reading of the inputs: the accounting
// `lines = valid + rejected + blank` per kind, and rejected/ holding the first rejected lines of
// each input, in file order, with their original bytes, one file per input.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTRACT } from './contract.js';
import { countLines, inputBytes, physicalLines, type Kind, type KindInputs } from './input-lines.js';

/** The part of summary.json this suite reads. */
export interface FileAccount {
  rows: number;
  rejected: number;
  blank: number;
  reasons: Record<string, number>;
  examples: string[];
  rejected_files: string[];
}

export interface Summary {
  files: Partial<Record<Kind, FileAccount>>;
  humans: number;
  series_rows: number;
  [key: string]: unknown;
}

export function readSummary(out: string): Summary {
  return JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8')) as Summary;
}

/** For one kind, what the case knows: exact line numbers per input, or bounds. */
export interface RejectedExpectation {
  /** Per input path: the lines that must be rejected. */
  rejected: Map<string, number[]>;
  /** Per input path: lines that may go either way (e.g. invalid UTF-8 in a text field). */
  either?: Map<string, Set<number>>;
}

/** rows + rejected + blank = the physical lines of the kind's files, and blank = their blank lines. */
export function assertAccounting(summary: Summary, inputs: KindInputs, what: string): void {
  for (const [kind, paths] of Object.entries(inputs) as [Kind, string[]][]) {
    if (paths.length === 0) continue;
    const account = summary.files[kind];
    assert.ok(account, `${what}: summary.json accounts for ${kind}`);
    const { lines, blank } = countLines(paths);
    assert.equal(account.blank, blank, `${what}: ${kind} blank lines`);
    assert.equal(
      account.rows + account.rejected + account.blank,
      lines,
      `${what}: ${kind} rows ${account.rows} + rejected ${account.rejected} + blank ${account.blank} = ${lines} lines`,
    );
    const byReason = Object.values(account.reasons).reduce((a, b) => a + b, 0);
    assert.equal(byReason, account.rejected, `${what}: ${kind} rejections by reason add up`);
  }
}

/** One entry of a rejected/ file. */
interface Entry {
  line: number;
  text: Buffer;
}

function parseRejected(path: string): Entry[] {
  const entries: Entry[] = [];
  const buf = readFileSync(path);
  let start = 0;
  while (start < buf.length) {
    let nl = buf.indexOf(0x0a, start);
    if (nl < 0) nl = buf.length;
    const tab = buf.indexOf(0x09, start);
    assert.ok(tab > start && tab < nl, `${path}: entry "line<TAB>text" at byte ${start}`);
    const line = Number(buf.toString('latin1', start, tab));
    assert.ok(Number.isSafeInteger(line) && line > 0, `${path}: a line number at byte ${start}`);
    entries.push({ line, text: buf.subarray(tab + 1, nl) });
    start = nl + 1;
  }
  return entries;
}

/** The stored text is the line's original bytes, or for a line over the field limit a long enough prefix and a short marker. */
export function sameOriginal(stored: Buffer, original: Buffer): boolean {
  if (stored.equals(original)) return true;
  if (original.length <= CONTRACT.fieldLimit || stored.length >= original.length) return false;
  let common = 0;
  while (common < stored.length && stored[common] === original[common]) common++;
  const marker = stored.length - common;
  return common >= CONTRACT.truncatedPrefixMin && marker > 0 && marker <= CONTRACT.truncationMarkerMax;
}

/**
 * rejected/ holds, per input file with rejected lines, one file of its first rejected lines in
 * file order as `line<TAB>original bytes`, and nothing else. When `expected` is given for a
 * kind, the lines are checked exactly (or within `either`).
 */
export function assertRejected(
  out: string,
  summary: Summary,
  inputs: KindInputs,
  what: string,
  expected: Partial<Record<Kind, RejectedExpectation>> = {},
): void {
  for (const [kind, paths] of Object.entries(inputs) as [Kind, string[]][]) {
    const account = summary.files[kind];
    if (!account || paths.length === 0) continue;
    const files = account.rejected_files;
    assert.equal(
      new Set(files).size,
      files.length,
      `${what}: ${kind} rejected files are distinct (one per input): ${files.join(', ')}`,
    );
    const lines = new Map(paths.map((p) => [p, physicalLines(inputBytes(p))]));
    const owner = new Map<string, string>();
    let total = 0;
    for (const rel of files) {
      const path = join(out, rel);
      assert.ok(existsSync(path), `${what}: ${rel} exists`);
      const entries = parseRejected(path);
      assert.ok(entries.length > 0, `${what}: ${rel} is not empty`);
      for (let i = 1; i < entries.length; i++)
        assert.ok(entries[i]!.line > entries[i - 1]!.line, `${what}: ${rel} in file order at entry ${i + 1}`);
      // Which input these are the lines of: every entry is that input's line, byte for byte.
      const mismatch = (p: string) =>
        entries.find((e) => {
          const original = lines.get(p)![e.line - 1];
          return original === undefined || !sameOriginal(e.text, original);
        });
      const candidates = paths.filter((p) => !owner.has(p) && mismatch(p) === undefined);
      if (candidates.length === 0) {
        // Name the first stored line that differs from the input most like it.
        const closest = paths.reduce((best, p) =>
          (mismatch(p)?.line ?? Infinity) > (mismatch(best)?.line ?? Infinity) ? p : best,
        );
        const bad = mismatch(closest)!;
        const show = (b: Buffer | undefined) => JSON.stringify(b?.toString('latin1').slice(0, 100) ?? null);
        assert.fail(
          `${what}: ${rel} holds lines of one input with their original bytes; line ${bad.line} is stored as ${show(bad.text)}, the input has ${show(lines.get(closest)![bad.line - 1])}`,
        );
      }
      const input = candidates[0]!;
      owner.set(input, rel);
      total += entries.length;
      const known = expected[kind];
      if (known) {
        const must = known.rejected.get(input) ?? [];
        const either = known.either?.get(input) ?? new Set<number>();
        const got = entries.map((e) => e.line);
        const allowed = new Set([...must, ...either]);
        const wrong = got.filter((l) => !allowed.has(l));
        assert.deepEqual(wrong, [], `${what}: ${rel} holds only rejected lines`);
        const firstN = must.filter((l) => l <= (got.at(-1) ?? 0) || got.length < CONTRACT.rejectedPerFile);
        const missing = firstN.filter((l) => !got.includes(l));
        assert.deepEqual(missing.slice(0, 10), [], `${what}: ${rel} holds every rejected line up to its cap`);
        assert.ok(
          got.length <= CONTRACT.rejectedPerFile,
          `${what}: ${rel} holds at most ${CONTRACT.rejectedPerFile} lines`,
        );
      }
    }
    const known = expected[kind];
    if (known) {
      for (const [input, must] of known.rejected) {
        if (must.length > 0) assert.ok(owner.has(input), `${what}: ${input} has a rejected/ file`);
      }
    }
    if (account.rejected <= CONTRACT.rejectedPerFile)
      assert.equal(total, account.rejected, `${what}: ${kind} rejected/ holds every rejected line`);
    else assert.ok(total <= account.rejected, `${what}: ${kind} rejected/ holds no more lines than were rejected`);
  }
}
