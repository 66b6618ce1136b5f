import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { clickhouseQuote as q, openClickHouse, type ClickHouseOptions, type ClusterEngine } from '../engine/index.js';
import { TALLY_AUTH_VALUES_DEFAULTS, type AuthValueTally } from '../sources/tally-auth-values.js';
import { CLICKHOUSE_TABLES } from '../store/clickhouse-tables.js';
import type { HumanRule } from '../sources/human-rule.js';
import { loadClusterTables } from '../store/load-cluster-tables.js';
import { readClusterManifest, readClusterRejected } from '../store/cluster-store-format.js';
import { BEACON_DEFAULTS } from '../detect/index.js';
import type { AnalysisInput } from './analysis-input.js';
import { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';

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
      // Detection's flow inputs come from the cluster too: the raw flow files need not be on
      // this machine, and the rows come through the same rejection rules as the rest.
      detectionFlows: options.graphTables,
      loadTables: async (engine) => {
        const again = await openClickHouse(connection);
        try {
          await loadClusterTables(engine, again, {
            ...options,
            days: manifest.days,
            // Inside the output folder being built, like the other spill folders: removed at the end.
            scratchDir: dir,
            ...(options.graphTables ? { detectionFlows: { minPairFlows: BEACON_DEFAULTS.minConnections } } : {}),
          });
          if (options.graphTables) {
            await engine.run(`ALTER TABLE started_flows RENAME TO ${engine.ident(DETECTION_FLOW_TABLES.started)}`);
            await engine.run(`ALTER TABLE flow_sizes RENAME TO ${engine.ident(DETECTION_FLOW_TABLES.sizes)}`);
          }
        } finally {
          await again.close();
        }
      },
      authValues: async () => {
        const again = await openClickHouse(connection);
        try {
          return await clusterAuthValues(again);
        } finally {
          await again.close();
        }
      },
    };
  } finally {
    await cluster.close();
  }
}

/** The logon types and user domains of the cluster's auth rows, as storeInput tallies a Parquet store's. */
async function clusterAuthValues(cluster: ClusterEngine): Promise<AuthValueTally> {
  const auth = q.table(cluster.database, CLICKHOUSE_TABLES.auth.distributed);
  const max = TALLY_AUTH_VALUES_DEFAULTS.maxDistinct;
  const top = async (expression: string) => {
    const rows = await cluster.query(
      `SELECT ${expression} AS v, toInt64(count()) AS n FROM ${auth} GROUP BY v ORDER BY n DESC, v LIMIT ${q.number(max + 1)}`,
    );
    const kept = rows.rows.slice(0, max);
    return {
      map: new Map(kept.map((r) => [String(r[0]), Number(r[1])])),
      other: rows.rows.length > max ? 1 : 0,
    };
  };
  const count = await cluster.query(`SELECT toInt64(count()) FROM ${auth}`);
  const types = await top('logon_type');
  const domains = await top(`if(position(src_user, '@') > 0, splitByChar('@', src_user)[2], '')`);
  return {
    rows: Number(count.rows[0]?.[0] ?? 0),
    complete: true,
    logonTypes: types.map,
    domains: domains.map,
    other: { logonTypes: types.other, domains: domains.other },
  };
}
