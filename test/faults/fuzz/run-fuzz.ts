// The fuzz campaign: cases in batches, and a failing batch bisected down to the cases that fail
// on their own. Cases listed as known defects run in batches of their own and are not bisected
// (they are expected to fail until fixed), so the known failures cost no time.
import { KNOWN_DEFECTS } from '../known-defects.js';
import { fuzzCase, FUZZ_SEED, type FuzzCase } from './fuzz-cases.js';
import { ingestOutcomes, runBatch, type BatchFailure, type FailureType } from './run-batch.js';

export interface FuzzOptions {
  /** Number of cases, from index 0. */
  cases: number;
  seed?: number;
  /** Cases per batch. Default 60. */
  batchSize?: number;
  /** Cases per batch of known-defect cases that are not bisected. Default 100. */
  knownBatchSize?: number;
  /** Bisect failing batches of known-defect cases too (slow; for finding them). Default false. */
  bisectKnown?: boolean;
  /**
   * Which cases count as known defects: by default the entries of known-defects.ts; `npm run
   * fuzz` passes suspectedDefects (read from the bytes) instead, for cases beyond the listed 200.
   */
  knownDefect?: (c: FuzzCase) => string | undefined;
  /** Called after each batch run. */
  onBatch?: (info: { cases: number; failure: BatchFailure | undefined; known: boolean }) => void;
}

export interface CaseResult {
  case: FuzzCase;
  known: string | undefined;
  /** Undefined when it passed (alone or in a passing batch). */
  failure: BatchFailure | undefined;
  /** Whether ingest was expected to stop on rows out of time order. */
  expectsRefusal: boolean;
}

export interface FuzzResult {
  seed: number;
  results: CaseResult[];
  /** Batch failures no single case reproduces (an interaction between cases). */
  unattributed: { ids: string[]; failure: BatchFailure }[];
  batchRuns: number;
  /** Failures by type of the cases without a known defect (each checked alone when its batch failed). */
  counts: Record<FailureType, number>;
  /** Batches of known-defect cases: how many ran, and their failures by type. */
  knownBatches: { runs: number; failed: Partial<Record<FailureType, number>> };
}

/** Runs the campaign. */
export async function runFuzz(options: FuzzOptions): Promise<FuzzResult> {
  const seed = options.seed ?? FUZZ_SEED;
  const size = options.batchSize ?? 60;
  const knownSize = options.knownBatchSize ?? 100;
  const all = Array.from({ length: options.cases }, (_, i) => fuzzCase(i, seed));
  const failures = new Map<string, BatchFailure>();
  const unattributed: FuzzResult['unattributed'] = [];
  let batchRuns = 0;
  const knownBatches: FuzzResult['knownBatches'] = { runs: 0, failed: {} };
  // Whether ingest must stop on a case alone; such cases go together so that others still reach the store path.
  const refusing = new Set(all.filter((c) => !ingestOutcomes([c]).has('')).map((c) => c.id));
  const knownOf = options.knownDefect ?? ((c: FuzzCase) => KNOWN_DEFECTS[c.id]);
  const known = (c: FuzzCase) => knownOf(c) !== undefined;

  const run = async (cases: FuzzCase[], bisect: boolean, isKnown: boolean): Promise<void> => {
    const failure = await runBatch(cases, `fuzz-${cases[0]!.id}-${cases.length}`);
    batchRuns++;
    if (isKnown && !bisect) {
      knownBatches.runs++;
      if (failure) knownBatches.failed[failure.type] = (knownBatches.failed[failure.type] ?? 0) + 1;
    }
    options.onBatch?.({ cases: cases.length, failure, known: isKnown });
    if (!failure) return;
    if (cases.length === 1 || !bisect) {
      for (const c of cases) failures.set(c.id, failure);
      return;
    }
    const half = Math.ceil(cases.length / 2);
    const before = failures.size;
    await run(cases.slice(0, half), bisect, isKnown);
    await run(cases.slice(half), bisect, isKnown);
    if (failures.size === before) unattributed.push({ ids: cases.map((c) => c.id), failure });
  };

  const groups: { cases: FuzzCase[]; known: boolean }[] = [
    { cases: all.filter((c) => !known(c) && !refusing.has(c.id)), known: false },
    { cases: all.filter((c) => !known(c) && refusing.has(c.id)), known: false },
    { cases: all.filter((c) => known(c) && !refusing.has(c.id)), known: true },
    { cases: all.filter((c) => known(c) && refusing.has(c.id)), known: true },
  ];
  for (const group of groups) {
    for (let i = 0; i < group.cases.length;) {
      // ingest checks one refusal per batch (the first), so refusing batches are smaller, except
      // for known defects, whose batches only show whether they still fail.
      const bisect = !group.known || (options.bisectKnown ?? false);
      const step = !bisect ? knownSize : refusing.has(group.cases[i]!.id) ? Math.max(1, Math.floor(size / 5)) : size;
      await run(group.cases.slice(i, i + step), bisect, group.known);
      i += step;
    }
  }
  const counts: Record<FailureType, number> = { crash: 0, hang: 0, abort: 0, accounting: 0, mismatch: 0, refusal: 0 };
  const results = all.map((c) => {
    const failure = failures.get(c.id);
    if (failure && (!known(c) || options.bisectKnown)) counts[failure.type]++;
    return { case: c, known: knownOf(c), failure, expectsRefusal: refusing.has(c.id) };
  });
  return { seed, results, unattributed, batchRuns, counts, knownBatches };
}

/** The one-line summary: cases, crashes, hangs, accounting errors, path mismatches. */
export function fuzzSummaryLine(r: FuzzResult): string {
  const known = r.results.filter((x) => x.known !== undefined);
  const c = r.counts;
  const kb = Object.entries(r.knownBatches.failed).map(([type, n]) => `${n} ${type}`);
  return (
    `fuzz seed ${r.seed}: ${r.results.length} cases (${r.results.filter((x) => x.expectsRefusal).length} with rows out of time order for ingest), ` +
    `${c.crash} crashes, ${c.hang} hangs, ${c.abort} aborted runs, ${c.accounting} accounting errors, ${c.mismatch} path mismatches, ${c.refusal} wrong ingest refusals` +
    `${r.unattributed.length > 0 ? `, ${r.unattributed.length} unattributed batch failures` : ''}; ` +
    `${known.length} cases with a known defect${r.knownBatches.runs > 0 ? ` in ${r.knownBatches.runs} batches (failing: ${kb.length > 0 ? kb.join(', ') : 'none'})` : ''}; ` +
    `${r.batchRuns} batch runs`
  );
}
