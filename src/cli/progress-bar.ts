import type { ProgressEvent } from '../sources/index.js';

/**
 * A one-line progress bar on stderr per file (bytes done, MB/s, rows/s, ETA), redrawn at most ~10 times
 * a second. Returns undefined when stderr is not a terminal, so pipes and logs stay clean.
 */
export function progressBar(stream: NodeJS.WriteStream = process.stderr): ((event: ProgressEvent) => void) | undefined {
  if (!stream.isTTY) return undefined;
  let last = 0;
  let started = new Map<string, number>();
  return (event) => {
    const now = performance.now();
    if (!started.has(event.file)) started.set(event.file, now);
    if (!event.done && now - last < 100) return;
    last = now;
    const total = Math.max(event.bytesTotal, 1);
    const fraction = Math.min(1, event.bytesRead / total);
    const width = 24;
    const filled = Math.round(fraction * width);
    const seconds = (now - (started.get(event.file) ?? now)) / 1000;
    const rate = seconds > 0 ? event.bytesRead / seconds : 0;
    const rows = seconds > 0 ? event.lines / seconds : 0;
    const eta = rate > 0 && !event.done ? ` ETA ${Math.ceil((total - event.bytesRead) / rate)}s` : '';
    const line = `${event.file.padEnd(20).slice(0, 20)} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${mb(event.bytesRead)}/${mb(total)} MB ${mb(rate)} MB/s ${(rows / 1e6).toFixed(2)} M rows/s${eta}`;
    stream.write(`\r${line.padEnd(110)}`);
    if (event.done) {
      stream.write('\n');
      started = new Map([...started].filter(([f]) => f !== event.file));
    }
  };
}

function mb(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
