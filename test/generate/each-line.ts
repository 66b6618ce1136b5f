// Reads a generated log line by line in 4 MiB chunks, so the tests measure multi-million-line
// files without holding them as one string.
import { closeSync, openSync, readSync } from 'node:fs';

export function eachLine(path: string, fn: (line: string) => void): void {
  const fd = openSync(path, 'r');
  const chunk = Buffer.allocUnsafe(4 << 20);
  let rest = '';
  try {
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      const text = rest + chunk.toString('latin1', 0, n);
      let start = 0;
      for (let end = text.indexOf('\n'); end >= 0; end = text.indexOf('\n', start)) {
        if (end > start) fn(text.slice(start, end));
        start = end + 1;
      }
      rest = text.slice(start);
    }
    if (rest.length > 0) fn(rest);
  } finally {
    closeSync(fd);
  }
}

/** Median of numbers (the mean of the middle two for an even count). */
export function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 === 1 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

/** The p-quantile of sorted numbers by the nearest lower rank (numpy's 'lower'). */
export function quantile(sorted: readonly number[], p: number): number {
  return sorted[Math.floor(p * (sorted.length - 1))]!;
}
