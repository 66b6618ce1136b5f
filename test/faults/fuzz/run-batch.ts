// Runs a batch of fuzz cases as one data set — each case a split of its own (auth/NNN-….txt,
// flows/NNN-….txt) in a time range of its own, so that the batch stays sorted for ingest — and
// checks it like a fault case: analyze on 1 and 2 threads and ingest + analyze --store, no
// crash or hang, exact accounting per kind, rejected/ per split, identical results. Returns the
// first failure, typed, for the caller to bisect.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertSameResults } from '../helpers/all-paths.js';
import { assertAccounting, assertRejected, readSummary, type RejectedExpectation } from '../helpers/assert-output.js';
import { classifyLine } from '../helpers/classify-line.js';
import { CONTRACT } from '../helpers/contract.js';
import { scratch } from '../helpers/fault-data.js';
import { physicalLines, type KindInputs } from '../helpers/input-lines.js';
import { describeRun, peerscope, type CliRun } from '../helpers/peerscope-cli.js';
import type { FuzzCase } from './fuzz-cases.js';

export type FailureType = 'crash' | 'hang' | 'abort' | 'accounting' | 'mismatch' | 'refusal';

export interface BatchFailure {
  type: FailureType;
  detail: string;
}

/** Seconds between the time ranges of two cases of a batch: the base spans two days. */
const CASE_SPAN = 2 * 86400;
/** A tiny data set takes ~1 s; far past this a run is hung. */
const RUN_LIMIT_MS = 30_000;
const MAX = 2n ** 53n - 1n;

/** Adds `offset` to every line's first field that is a strict integer (staying within 2^53 − 1). */
export function shiftTimes(buf: Buffer, offset: number): Buffer {
  if (offset === 0) return buf;
  const parts: Buffer[] = [];
  let start = 0;
  while (start <= buf.length) {
    let nl = buf.indexOf(0x0a, start);
    if (nl < 0) nl = buf.length;
    const line = buf.subarray(start, nl);
    let comma = line.indexOf(0x2c);
    if (comma < 0) comma = line.length;
    const head = line.subarray(0, comma).toString('latin1');
    let shifted: bigint | undefined;
    if (/^-?[0-9]+$/.test(head)) {
      const v = BigInt(head) + BigInt(offset);
      if (v <= MAX && v >= -MAX) shifted = v;
    }
    parts.push(shifted === undefined ? line : Buffer.concat([Buffer.from(String(shifted)), line.subarray(comma)]));
    if (nl < buf.length) parts.push(Buffer.from([0x0a]));
    start = nl + 1;
  }
  return Buffer.concat(parts);
}

/** One split of a batch: where it goes, its label in messages, its bytes. */
interface Split {
  kind: 'auth' | 'flows';
  file: string;
  label: string;
  bytes: Buffer;
}

/** The splits of a batch: case at position p shifted by p × 2 days, named in position order. */
function splitsOf(cases: readonly FuzzCase[]): Split[] {
  return (['auth', 'flows'] as const).flatMap((kind) =>
    cases.map((c, p) => {
      const file = `${String(p).padStart(3, '0')}-${c.id}.txt`;
      return { kind, file, label: `${kind}/${file}`, bytes: shiftTimes(c[kind], p * CASE_SPAN) };
    }),
  );
}

/** Where ingest must stop on LANL input (a valid row from a day before the current one), under one policy for "either" rows. */
function firstRefusal(splits: readonly Split[], eitherValid: boolean): string | undefined {
  for (const kind of ['auth', 'flows'] as const) {
    let day: number | undefined;
    for (const split of splits.filter((s) => s.kind === kind)) {
      const lines = physicalLines(split.bytes);
      for (let i = 0; i < lines.length; i++) {
        const v = classifyLine(lines[i]!, kind);
        if (v.status !== 'valid' && !(eitherValid && v.status === 'either')) continue;
        const d = Math.floor(v.ints[0]! / 86400);
        if (day !== undefined && d < day) return `${split.label} line ${i + 1}`;
        day = d;
      }
    }
  }
  return undefined;
}

/** What ingest may do with these cases as one batch: "" for a complete store, else "LABEL line N" where it stops. */
export function ingestOutcomes(cases: readonly FuzzCase[]): Set<string> {
  const splits = splitsOf(cases);
  return new Set([false, true].map((policy) => firstRefusal(splits, policy) ?? ''));
}

export interface WrittenBatch {
  data: string;
  inputs: KindInputs;
  expected: { auth: RejectedExpectation; flows: RejectedExpectation };
  /** See ingestOutcomes. */
  ingest: Set<string>;
}

/** Writes the cases as splits of one DATA folder and what rejected/ must hold for them. */
export function writeBatch(cases: readonly FuzzCase[], name: string): WrittenBatch {
  const data = scratch(name);
  const inputs: KindInputs = { auth: [], flows: [] };
  const expected = {
    auth: { rejected: new Map(), either: new Map() },
    flows: { rejected: new Map(), either: new Map() },
  } as WrittenBatch['expected'];
  for (const kind of ['auth', 'flows'] as const) mkdirSync(join(data, kind));
  const splits = splitsOf(cases);
  for (const split of splits) {
    const path = join(data, split.kind, split.file);
    writeFileSync(path, split.bytes);
    inputs[split.kind]!.push(path);
    const rejected: number[] = [];
    const either = new Set<number>();
    physicalLines(split.bytes).forEach((line, i) => {
      const v = classifyLine(line, split.kind);
      if (v.status === 'rejected') rejected.push(i + 1);
      if (v.status === 'either') either.add(i + 1);
    });
    expected[split.kind].rejected.set(path, rejected);
    expected[split.kind].either!.set(path, either);
  }
  return { data, inputs, expected, ingest: ingestOutcomes(cases) };
}

function runFailure(run: CliRun, what: string): BatchFailure | undefined {
  if (run.timedOut) return { type: 'hang', detail: `${what}: ${describeRun(run)}` };
  if (run.overMemory || run.signal !== null || (CONTRACT.crashes as readonly number[]).includes(run.status ?? -1))
    return { type: 'crash', detail: `${what}: ${describeRun(run)}` };
  return undefined;
}

function caught(type: FailureType, what: string, check: () => void): BatchFailure | undefined {
  try {
    check();
    return undefined;
  } catch (error) {
    return { type, detail: `${what}: ${(error as Error).message.split('\n')[0]}` };
  }
}

/** Runs and checks one batch; undefined when every check holds. */
export async function runBatch(cases: readonly FuzzCase[], name: string): Promise<BatchFailure | undefined> {
  const batch = writeBatch(cases, name);
  const out = scratch(`${name}-out`);
  const t1 = join(out, 't1');
  const t2 = join(out, 't2');
  const store = join(out, 'store');
  const fromStore = join(out, 'from-store');
  const analyze = (dest: string, threads: string) =>
    peerscope(['analyze', batch.data, '--out', dest, '-q', '--threads', threads, '--no-detect', '--no-report'], {
      timeoutMs: RUN_LIMIT_MS,
    });
  const [r1, r2, ri] = await Promise.all([
    analyze(t1, '1'),
    analyze(t2, '2'),
    peerscope(['ingest', batch.data, '--out', store, '-q'], { timeoutMs: RUN_LIMIT_MS }),
  ]);
  const kinds = ['auth', 'flows'] as const;
  const checkOut = (run: CliRun, dest: string, what: string): BatchFailure | undefined => {
    const failed = runFailure(run, what);
    if (failed) return failed;
    if (run.status !== 0) return { type: 'abort', detail: `${what}: ${describeRun(run)}` };
    return caught('accounting', what, () => {
      const summary = readSummary(dest);
      assertAccounting(summary, batch.inputs, what);
      assertRejected(dest, summary, batch.inputs, what, batch.expected);
    });
  };
  const first = checkOut(r1, t1, 'analyze --threads 1') ?? checkOut(r2, t2, 'analyze --threads 2');
  if (first) return first;
  const same = caught('mismatch', '--threads 1 vs 2', () =>
    assertSameResults(t1, readSummary(t1), t2, readSummary(t2), '--threads 1 vs 2', kinds),
  );
  if (same) return same;

  const ingestFailed = runFailure(ri, 'ingest');
  if (ingestFailed) return ingestFailed;
  if (ri.status !== 0) {
    const stopped = [...batch.ingest].filter((o) => o !== '');
    const message = ri.stderr.trimEnd();
    const ok =
      ri.status === CONTRACT.exit.input && !message.includes('\n') && stopped.some((place) => message.includes(place));
    return ok
      ? undefined
      : {
          type: 'refusal',
          detail: `ingest stopped where it should not (expected ${[...batch.ingest].map((o) => o || 'a complete store').join(' or ')}): ${describeRun(ri)}`,
        };
  }
  if (!batch.ingest.has(''))
    return {
      type: 'refusal',
      detail: `ingest finished on rows out of time order (expected it to stop at ${[...batch.ingest].join(' or ')})`,
    };
  const rs = await peerscope(['analyze', '--store', store, '--out', fromStore, '-q', '--no-detect', '--no-report'], {
    timeoutMs: RUN_LIMIT_MS,
  });
  return (
    checkOut(rs, fromStore, 'analyze --store') ??
    caught('mismatch', 'raw vs store', () =>
      assertSameResults(t1, readSummary(t1), fromStore, readSummary(fromStore), 'raw vs store', kinds),
    )
  );
}
