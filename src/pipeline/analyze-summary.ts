import { join } from 'node:path';
import { z } from 'zod';
import { readJsonFile } from '../read-json-file.js';
import { fileAccountSchema } from '../sources/file-account-schema.js';
import type { LogKind } from '../sources/log-formats.js';
import type { FileAccount } from '../sources/scan-log.js';
import type { DetectSummary } from './detect-hosts.js';
import type { Evaluation } from './evaluate-run.js';
import { OUTPUT_FILES } from './output-files.js';
import type { UploadTest } from './upload-test.js';

/** summary.json: what analyze read, found and measured. Stages after the core tables add their own keys. */
export interface AnalyzeSummary {
  peerscope: string;
  interval: number;
  human_logon_types: string[];
  /** The input files read, with their sizes. */
  inputs: Partial<Record<LogKind, { path: string; bytes: number }[]>>;
  /** The accounting of every input line, per kind. */
  files: Partial<Record<LogKind, FileAccount>>;
  humans: number;
  /** Hosts the red team compromised; null without a redteam file (unknown, not none). */
  compromised: number | null;
  /** Of those, the human hosts; null without a redteam file. */
  compromised_humans: number | null;
  series_rows: number;
  time_span: { first: number | null; last: number | null };
  /** Parser threads used (raw files only): the threads asked for, at most the cores. */
  threads?: number;
  /** The store read, when analyze read one instead of raw files. */
  store?: string;
  /** Seconds per stage. */
  timings: Record<string, number>;
  /** The upload test, or why there is none. */
  mwu?: UploadTest;
  mwu_reason?: string;
  peer_groups?: DetectSummary['peer_groups'];
  detection?: DetectSummary['detection'];
  /** The evaluation against the red team without its curves (those are in evaluation.json), or why there is none. */
  evaluation?: Omit<Evaluation, 'curves'>;
  evaluation_reason?: string;
  [key: string]: unknown;
}

const count = z.number().int().nonnegative();

/** The part of summary.json that the report and evaluate read back; other keys pass unchecked. */
const summarySchema = z.looseObject({
  peerscope: z.string(),
  interval: z.number().int().positive(),
  human_logon_types: z.array(z.string()),
  inputs: z.record(z.string(), z.array(z.looseObject({ path: z.string(), bytes: count }))),
  files: z.record(z.string(), fileAccountSchema),
  humans: count,
  compromised: count.nullable(),
  compromised_humans: count.nullable(),
  series_rows: count,
  time_span: z.object({ first: z.number().nullable(), last: z.number().nullable() }),
  timings: z.record(z.string(), z.number()),
  mwu: z
    .looseObject({ u: z.number(), p_two_sided: z.number(), p_less: z.number(), n_total: count, n_compromised: count })
    .optional(),
  mwu_reason: z.string().optional(),
  detection: z.looseObject({ warmup_end: z.number() }).optional(),
});

/**
 * Reads OUT/summary.json back (for `report` and `evaluate`); a malformed one is an InputError
 * naming the file and the field, e.g. `out/summary.json: time_span: Invalid input: expected object, received undefined`.
 */
export function readSummary(dir: string): AnalyzeSummary {
  return readJsonFile(join(dir, OUTPUT_FILES.summary), summarySchema as z.ZodType<AnalyzeSummary>);
}
