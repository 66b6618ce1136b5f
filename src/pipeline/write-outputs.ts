import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { OUTPUT_FILES } from './output-files.js';

/** Counts for summary.json. */
export interface TableCounts {
  humans: number;
  compromised: number;
  compromised_humans: number;
  series_rows: number;
}

/**
 * Writes every table of the output contract from the engine tables humans, compromised,
 * series, redteam, auth_edges and flow_services (when `graphTables`), and sample_auth/_flows/_enriched, whichever path
 * (the byte scanner or SQL over a store) built them. Sort orders make the files deterministic.
 */
export async function writeOutputs(
  engine: Engine,
  dir: string,
  options: { graphTables: boolean } = { graphTables: true },
): Promise<TableCounts> {
  mkdirSync(join(dir, OUTPUT_FILES.tables), { recursive: true });
  mkdirSync(join(dir, OUTPUT_FILES.samples), { recursive: true });
  const path = (name: string) => join(dir, name);
  await engine.toCsv('SELECT * FROM humans ORDER BY host', path(OUTPUT_FILES.humans));
  await engine.toParquet('SELECT * FROM humans ORDER BY host', path(OUTPUT_FILES.humansTable));
  await engine.toCsv('SELECT * FROM compromised ORDER BY host', path(OUTPUT_FILES.compromised));
  await engine.toCsv('SELECT * FROM series ORDER BY interval, host', path(OUTPUT_FILES.series));
  await engine.toParquet('SELECT * FROM series ORDER BY interval, host', path(OUTPUT_FILES.seriesParquet));
  await engine.toParquet(
    'SELECT * FROM redteam ORDER BY time, src_host, dst_host, "user"',
    path(OUTPUT_FILES.redteamTable),
  );
  if (options.graphTables) {
    await engine.toParquet(
      'SELECT * FROM auth_edges ORDER BY first_time, src_host, dst_host, src_user',
      path(OUTPUT_FILES.authEdges),
    );
    await engine.toParquet(
      'SELECT * FROM flow_services ORDER BY interval, host, peer_host, peer_port, direction',
      path(OUTPUT_FILES.flowServices),
    );
  }
  await engine.toCsv('SELECT * FROM sample_auth', path(OUTPUT_FILES.sampleAuth));
  await engine.toCsv('SELECT * FROM sample_flows', path(OUTPUT_FILES.sampleFlows));
  await engine.toCsv('SELECT * FROM sample_enriched', path(OUTPUT_FILES.sampleEnriched));

  const [counts] = await engine.all<TableCounts>(`SELECT
      (SELECT count(*) FROM humans) AS humans,
      (SELECT count(*) FROM compromised) AS compromised,
      (SELECT count(*) FROM compromised WHERE host IN (SELECT host FROM humans)) AS compromised_humans,
      (SELECT count(*) FROM series) AS series_rows`);
  // An aggregate query without GROUP BY returns exactly one row.
  return counts!;
}
