import { readHead } from './read-head.js';
import type { InputFile } from './resolve-inputs.js';
import type { SourceConfig } from './source-adapter.js';
import { SOURCE_ADAPTERS, scannerFor } from './source-adapters.js';
import { sniffFormat } from './sniff-format.js';

/** A file with the time it starts at, and where that time came from. */
export interface OrderedLogFile extends InputFile {
  /** Epoch seconds (with fraction) of the earliest record in the file's first bytes; undefined when none was found. */
  startTime: number | undefined;
  /** `record`: from its first records; `name`: from a date and time in its name; `none`. */
  startSource: 'record' | 'name' | 'none';
}

const LF = 10;

/**
 * Orders a log's files (e.g. a folder of rotated `conn.*.log.gz`) by time: each file is keyed by
 * the earliest record time among its first 64 KiB (Zeek logs are nearly sorted: a connection is
 * written when it ends, so `ts` runs a little behind), else by a `YYYY-MM-DD[-HH-MM-SS]` date in
 * its path (the sensor's local time, so only a fallback), and files without any time (an empty
 * current `conn.log`) come last. Ties keep name order.
 */
export async function orderLogFiles(files: readonly InputFile[]): Promise<OrderedLogFile[]> {
  const keyed: OrderedLogFile[] = [];
  for (const file of files) {
    const fromRecords = await earliestRecordTime(file);
    if (fromRecords !== undefined) {
      keyed.push({ ...file, startTime: fromRecords, startSource: 'record' });
      continue;
    }
    const fromName = timeInName(file.label);
    keyed.push({ ...file, startTime: fromName, startSource: fromName === undefined ? 'none' : 'name' });
  }
  const order = new Map(files.map((f, i) => [f.path, i]));
  return keyed.sort((a, b) => {
    if (a.startTime === undefined || b.startTime === undefined) {
      if (a.startTime !== b.startTime) return a.startTime === undefined ? 1 : -1;
    } else if (a.startTime !== b.startTime) {
      return a.startTime - b.startTime;
    }
    return (order.get(a.path) ?? 0) - (order.get(b.path) ?? 0);
  });
}

async function earliestRecordTime(file: InputFile): Promise<number | undefined> {
  const head = await readHead(file.path, { gzip: file.gzip, label: file.label });
  const sniffed = sniffFormat(head);
  if (sniffed.format === 'unknown') return undefined;
  const kind = sniffed.format === 'zeek' ? 'flows' : sniffed.format === 'winlogon' ? 'auth' : (sniffed.kind ?? 'flows');
  let config: SourceConfig;
  try {
    config = SOURCE_ADAPTERS[sniffed.format].prepare(head, { kind, label: file.label });
  } catch {
    return undefined;
  }
  // Only whole records: the head may end inside one.
  const end =
    config.terminator === '\n'
      ? head.lastIndexOf(LF) + 1
      : head.lastIndexOf(config.terminator) + config.terminator.length;
  if (end <= 0) return undefined;
  let earliest = Infinity;
  const micros = config.format === 'lanl' ? undefined : 9;
  scannerFor(config).scan(
    head.subarray(0, end),
    (_b, _s, ints) => {
      const t = (ints[0] ?? 0) + (micros === undefined ? 0 : (ints[micros] ?? 0) / 1e6);
      if (t < earliest) earliest = t;
    },
    0,
    0,
    true,
  );
  return Number.isFinite(earliest) ? earliest : undefined;
}

/** Epoch seconds of a `YYYY-MM-DD` date (with `-HH-MM-SS` or `.HH:MM:SS` after it) in a path, read as UTC. */
function timeInName(label: string): number | undefined {
  const m = /(\d{4})-(\d{2})-(\d{2})(?:[-_.T/]?(?:conn\.)?(\d{2})[-:](\d{2})[-:](\d{2}))?/.exec(label);
  if (!m) return undefined;
  const [y, mo, d, h = '0', mi = '0', s = '0'] = m.slice(1);
  const t = Date.UTC(Number(y), Number(mo) - 1, Number(d), Number(h), Number(mi), Number(s));
  return Number.isFinite(t) ? t / 1000 : undefined;
}
