import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import { globLiteral, openDuckDb } from '../engine/index.js';
import { OUTPUT_FILES } from './output-files.js';

/** One row of hosts.csv, numbers as numbers. */
export type RankedHost = Record<string, string | number>;

const TEXT_COLUMNS = new Set(['host']);

/**
 * The `n` best-ranked hosts (rank 1 = least like its peers) of an analyze output folder's
 * hosts.csv, every column kept, in rank order. An output without hosts.csv (no detection) is an
 * InputError naming the folder.
 */
export async function topHosts(dir: string, n: number): Promise<RankedHost[]> {
  const path = join(dir, OUTPUT_FILES.hosts);
  if (!existsSync(path))
    throw new InputError(`no ${OUTPUT_FILES.hosts}: not an analyze output folder with detection`, { file: dir });
  const engine = await openDuckDb();
  try {
    const rows = await engine.all<Record<string, string | null>>(
      'SELECT * FROM read_csv($path, header = true, all_varchar = true) ORDER BY TRY_CAST(rank AS BIGINT) LIMIT $n',
      { path: globLiteral(path), n },
    );
    return rows.map((row) =>
      Object.fromEntries(
        Object.entries(row).map(([k, v]) => [
          k,
          v === null ? '' : TEXT_COLUMNS.has(k) || !/^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v) ? v : Number(v),
        ]),
      ),
    );
  } finally {
    await engine.close();
  }
}
