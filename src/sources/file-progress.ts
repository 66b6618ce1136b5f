import type { InputFile } from './resolve-inputs.js';
import type { ProgressEvent, ScanProgress } from './scan-progress.js';

/** A scan's progress callback for one input file, reporting as a ProgressEvent (none when nobody listens). */
export function fileProgress(
  file: InputFile,
  onProgress: ((event: ProgressEvent) => void) | undefined,
): ((progress: ScanProgress) => void) | undefined {
  if (onProgress === undefined) return undefined;
  return (p) =>
    onProgress({ file: file.label, bytesRead: p.bytesRead, bytesTotal: file.bytes, lines: p.lines, done: p.done });
}
