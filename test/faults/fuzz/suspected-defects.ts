// Which known defects of issue 16 a fuzz case runs into, read from its bytes by the suite's own
// rules (no run needed): lets `npm run fuzz` batch those cases without bisecting them while the
// defects are open, so 5,000 cases stay affordable; `--bisect-all` checks every case alone.
import { classifyLine } from '../helpers/classify-line.js';
import { physicalLines } from '../helpers/input-lines.js';
import type { FuzzCase } from './fuzz-cases.js';
import { ingestOutcomes } from './run-batch.js';

const UTF8 = new TextDecoder('utf-8', { fatal: true });

function invalidUtf8(b: Buffer): boolean {
  try {
    UTF8.decode(b);
    return false;
  } catch {
    return true;
  }
}

/** The open issue items the case is expected to hit, e.g. ["16.4", "16.8"]; empty when none. */
export function suspectedDefects(c: FuzzCase): string[] {
  const items = new Set<string>();
  for (const kind of ['auth', 'flows'] as const) {
    for (const line of physicalLines(c[kind])) {
      const v = classifyLine(line, kind);
      // ingest's DuckDB reader fails on these in a row analyze accepts (16.4).
      if (v.status === 'either' && (invalidUtf8(line) || line.includes(0x0d))) items.add('16.4');
      // rejected/ stores U+FFFD for them (16.8).
      if (v.status === 'rejected' && invalidUtf8(line)) items.add('16.8');
    }
  }
  // ingest's refusal of rows out of time order may hang or segfault (16.4).
  if (!ingestOutcomes([c]).has('')) items.add('16.4');
  return [...items].sort();
}
