import type { LogKind } from './log-formats.js';

/** One file to read. */
export interface InputFile {
  kind: LogKind;
  path: string;
  /** Name used in messages and in rejected/ (e.g. "auth.txt.gz", "auth/part-01.txt.gz"). */
  label: string;
  bytes: number;
  gzip: boolean;
}
