import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { openClickHouse, type ClickHouseOptions } from '../engine/index.js';
import type { HumanRule } from '../sources/human-rule.js';
import { loadClusterTables } from '../store/load-cluster-tables.js';
import { readClusterManifest, readClusterRejected } from '../store/cluster-store-format.js';
import type { AnalysisInput } from './analysis-input.js';

/** Options of {@link clusterInput}. */
export interface ClusterInputOptions {
  interval: number;
  humanRule: HumanRule;
  sampleSize: number;
  graphTables: boolean;
}

/**
 * The cluster path: a store that `ingestCluster` filled. Its manifest (the accounting of the
 * lines ingested) and rejected lines come from the cluster's bookkeeping tables, the rejected
 * files written into `dir` as a scan of the raw files writes them; the heavy aggregations run on
 * the cluster and only their results are loaded into the local engine (loadClusterTables).
 */
export async function clusterInput(
  connection: ClickHouseOptions,
  dir: string,
  options: ClusterInputOptions,
): Promise<AnalysisInput> {
  const cluster = await openClickHouse(connection);
  try {
    const manifest = await readClusterManifest(cluster);
    for (const [rel, content] of await readClusterRejected(cluster, manifest.seq)) {
      // Only the rejected/ files an ingest writes: a path from the database never leaves dir.
      if (!/^rejected\/[^\0]+$/.test(rel) || rel.split('/').some((part) => part === '..' || part === ''))
        throw new InputError(`a rejected-lines path ${JSON.stringify(rel)} is not under rejected/`, {
          file: `ClickHouse table ${cluster.database}.rejected_lines`,
        });
      mkdirSync(dirname(join(dir, rel)), { recursive: true });
      writeFileSync(join(dir, rel), content);
    }
    return {
      inputs: Object.fromEntries(
        Object.entries(manifest.inputs)
          .filter(([, list]) => list.length > 0)
          .map(([kind, list]) => [kind, list.map(({ path, bytes }) => ({ path, bytes }))]),
      ),
      files: manifest.files,
      timeSpan: manifest.time_span,
      hasRedteam: manifest.inputs.redteam.length > 0,
      loadTables: async (engine) => {
        const again = await openClickHouse(connection);
        try {
          await loadClusterTables(engine, again, options);
        } finally {
          await again.close();
        }
      },
    };
  } finally {
    await cluster.close();
  }
}
