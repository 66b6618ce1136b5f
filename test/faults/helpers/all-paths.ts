// One data set through every way peerscope can read it: the byte scanner on 1 and on 2 threads,
// and `ingest` then `analyze --store`. Each must succeed with exact accounting and the same
// results; the outputs are returned for the case's own checks.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { assertExit, assertNoCrash } from './assert-run.js';
import {
  assertAccounting,
  assertRejected,
  readSummary,
  type RejectedExpectation,
  type Summary,
} from './assert-output.js';
import type { Kind, KindInputs } from './input-lines.js';
import { assertNoTempSiblings, snapshotTree } from './output-tree.js';
import { describeRun, peerscope, type CliRun } from './peerscope-cli.js';
import { scratch } from './fault-data.js';

export interface AllPathsOptions {
  /** Extra analyze flags. Default: --no-detect --no-report (the cases that need them say so). */
  analyzeFlags?: string[];
  /** Also ingest and analyze the store. Default true. */
  store?: boolean;
  /** Rejected lines the case knows, per kind. */
  rejected?: Partial<Record<Kind, RejectedExpectation>>;
  /** Per-run time limit (ms). Default 120 s. */
  timeoutMs?: number;
  /** Run the raw path on 1 thread too. Default true (false: only --threads 2, for the heavier cases). */
  oneThread?: boolean;
}

export interface AllPathsResult {
  /** OUT of --threads 1 (when run), --threads 2 and (when run) the store path. */
  t1: string | undefined;
  t2: string;
  store?: string;
  /** summary.json of the first raw run. */
  summary: Summary;
  /** OUT of the first raw run (t1, else t2). */
  first: string;
  runs: CliRun[];
}

/** Files compared byte for byte between the paths. */
export const COMPARED_FILES = ['humans.csv', 'series.csv', 'compromised.csv'] as const;

/**
 * Runs `analyze INPUTS --threads 1`, `--threads 2`, and `ingest INPUTS` + `analyze --store`, and
 * checks each: exit 0, exact accounting, rejected/ as the contract says, no temporary folders;
 * then that all give the same humans, series, compromised hosts, rejected/ and accounts.
 */
export async function analyzeAllPaths(
  name: string,
  inputArgs: string[],
  inputs: KindInputs,
  options: AllPathsOptions = {},
): Promise<AllPathsResult> {
  const flags = options.analyzeFlags ?? ['--no-detect', '--no-report'];
  const timeoutMs = options.timeoutMs ?? 120_000;
  const oneThread = options.oneThread ?? true;
  const dir = scratch(name);
  const t1 = join(dir, 't1');
  const t2 = join(dir, 't2');
  const storeDir = join(dir, 'store');
  const fromStore = join(dir, 'from-store');
  const withStore = options.store ?? true;
  const [r1, r2, ri] = await Promise.all([
    oneThread
      ? peerscope(['analyze', ...inputArgs, '--out', t1, '-q', '--threads', '1', ...flags], { timeoutMs })
      : undefined,
    peerscope(['analyze', ...inputArgs, '--out', t2, '-q', '--threads', '2', ...flags], { timeoutMs }),
    withStore ? peerscope(['ingest', ...inputArgs, '--out', storeDir, '-q'], { timeoutMs }) : undefined,
  ]);
  const runs: CliRun[] = [r2];
  const check = (run: CliRun, out: string, what: string) => {
    assertNoCrash(run);
    assertExit(run, 0);
    assertNoTempSiblings(out);
    const summary = readSummary(out);
    assertAccounting(summary, inputs, what);
    assertRejected(out, summary, inputs, what, options.rejected);
    return summary;
  };
  const kinds = (Object.keys(inputs) as Kind[]).filter((k) => (inputs[k]?.length ?? 0) > 0);
  const s2 = check(r2, t2, 'analyze --threads 2');
  let s1 = s2;
  if (r1) {
    runs.unshift(r1);
    s1 = check(r1, t1, 'analyze --threads 1');
    assertSameResults(t1, s1, t2, s2, '--threads 1 vs --threads 2', kinds);
  }
  const first = r1 ? t1 : t2;
  let store: string | undefined;
  if (ri) {
    runs.push(ri);
    assertNoCrash(ri);
    assertExit(ri, 0);
    assert.ok(existsSync(join(storeDir, 'manifest.json')), `ingest wrote a complete store: ${describeRun(ri)}`);
    const rs = await peerscope(['analyze', '--store', storeDir, '--out', fromStore, '-q', ...flags], { timeoutMs });
    runs.push(rs);
    const ss = check(rs, fromStore, 'analyze --store');
    assertSameResults(first, s1, fromStore, ss, 'raw files vs ingest + analyze --store', kinds);
    store = fromStore;
  }
  return { t1: r1 ? t1 : undefined, t2, store, summary: s1, first, runs };
}

/** The same humans, series, compromised hosts, rejected/ files and accounts of the kinds read. */
export function assertSameResults(
  a: string,
  sa: Summary,
  b: string,
  sb: Summary,
  what: string,
  kinds: readonly Kind[],
): void {
  for (const name of [
    ...COMPARED_FILES,
    ...(existsSync(join(a, 'hosts.csv')) ? ['hosts.csv', 'peer_groups.csv'] : []),
  ]) {
    const ta = snapshotTree(a).get(name);
    const tb = snapshotTree(b).get(name);
    assert.ok(ta !== undefined && tb !== undefined, `${what}: both wrote ${name}`);
    assert.ok(ta.equals(tb), `${what}: ${name} identical`);
  }
  const ra = snapshotTree(join(a, 'rejected'));
  const rb = snapshotTree(join(b, 'rejected'));
  assert.deepEqual([...rb.keys()], [...ra.keys()], `${what}: the same rejected/ files`);
  for (const [name, bytes] of ra) assert.ok(bytes.equals(rb.get(name)!), `${what}: rejected/${name} identical`);
  const accounts = (s: Summary) =>
    Object.fromEntries(
      kinds.map((k) => {
        const f = s.files[k];
        return [
          k,
          f && {
            rows: f.rows,
            rejected: f.rejected,
            blank: f.blank,
            reasons: f.reasons,
            examples: f.examples,
            rejected_files: f.rejected_files,
          },
        ];
      }),
    );
  assert.deepEqual(accounts(sb), accounts(sa), `${what}: the same accounts in summary.json`);
}
