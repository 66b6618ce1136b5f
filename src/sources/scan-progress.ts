/** Where a scan of one file stands; `bytesRead` counts the file's own (compressed, for .gz) bytes. */
export interface ScanProgress {
  bytesRead: number;
  lines: number;
  /** True once, after the last line. */
  done: boolean;
}

/** Progress of one file, as analyze and ingest report it (e.g. to a progress bar). */
export interface ProgressEvent {
  file: string;
  bytesRead: number;
  bytesTotal: number;
  /** Lines counted so far (trails bytesRead by the blocks still being parsed). */
  lines: number;
  done: boolean;
}
