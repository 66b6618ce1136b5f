import { readFileSync } from 'node:fs';

/** The data rows of a small CSV output without quoted fields (the header dropped), split at commas. */
export function csvRows(path: string): string[][] {
  return readFileSync(path, 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
}
