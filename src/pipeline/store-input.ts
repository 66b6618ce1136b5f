import { cpSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { HumanRule } from '../sources/human-rule.js';
import { emptyAccount } from '../sources/scan-log.js';
import { TALLY_AUTH_VALUES_DEFAULTS } from '../sources/tally-auth-values.js';
import { loadStoreTables } from '../store/load-store-tables.js';
import { readStoreManifest, STORE_FILES } from '../store/store-format.js';
import type { AnalysisInput } from './analysis-input.js';
import { OUTPUT_FILES } from './output-files.js';
import { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';
import { flowSizesSql } from './flow-sizes-sql.js';
import type { Engine } from '../engine/index.js';
import { rejectUnplaceableFlows } from './reject-unplaceable-flows.js';

/** Options of {@link storeInput}. */
export interface StoreInputOptions {
  interval: number;
  humanRule: HumanRule;
  sampleSize: number;
  graphTables: boolean;
}

/**
 * The SQL path: a store written by ingest, whose manifest holds the accounting of the lines
 * ingested; its rejected lines are copied into `dir`, as a scan of the raw files writes them.
 */
export function storeInput(store: string, dir: string, options: StoreInputOptions): AnalysisInput {
  const manifest = readStoreManifest(store, 'store');
  const rejected = join(store, STORE_FILES.rejected);
  if (existsSync(rejected)) cpSync(rejected, join(dir, OUTPUT_FILES.rejected), { recursive: true });
  // A copy: flows the interval cannot place move from rows to rejected lines (below). In the raw
  // scan's order (auth, redteam, flows), with an empty redteam account when there was no file, as
  // the scan always reads redteam.
  const stored = structuredClone(manifest.files);
  const files: AnalysisInput['files'] = {
    ...(stored.auth === undefined ? {} : { auth: stored.auth }),
    redteam: stored.redteam ?? emptyAccount(),
    ...stored,
  };
  const input: AnalysisInput = {
    inputs: Object.fromEntries(
      Object.entries(manifest.inputs)
        .filter(([, list]) => list.length > 0)
        .map(([kind, list]) => [kind, list.map(({ path, bytes }) => ({ path, bytes }))]),
    ),
    files,
    timeSpan: manifest.time_span,
    hasRedteam: manifest.inputs.redteam.length > 0,
    ...(manifest.sources === undefined ? {} : { sources: structuredClone(manifest.sources) }),
    loadTables: async (engine) => {
      const flows = files.flows;
      // Flows read through source adapters keep every time, as the raw files' scan does (see loadStoreTables).
      if (
        flows &&
        manifest.sources?.flows === undefined &&
        (await rejectUnplaceableFlows(engine, store, manifest, flows, dir, options.interval))
      ) {
        await loadStoreTables(engine, store, manifest, options);
        const [span] = await engine.all<{ first: number | null; last: number | null }>(
          `SELECT min(t)::BIGINT AS first, max(t)::BIGINT AS last FROM
            (SELECT min(time) AS t FROM auth UNION ALL SELECT max(time) FROM auth
             UNION ALL SELECT min(time) FROM flows UNION ALL SELECT max(time) FROM flows)`,
        );
        input.timeSpan = { first: span?.first ?? null, last: span?.last ?? null };
        return;
      }
      await loadStoreTables(engine, store, manifest, options);
    },
    authValues: async (engine) => {
      const max = TALLY_AUTH_VALUES_DEFAULTS.maxDistinct;
      const top = async (expr: string) => {
        const rows = await engine.all<{ v: string; n: number }>(
          `SELECT ${expr} AS v, count(*) AS n FROM auth GROUP BY 1 ORDER BY n DESC, v LIMIT $max`,
          { max: max + 1 },
        );
        const kept = rows.slice(0, max);
        return { map: new Map(kept.map((r) => [String(r.v), Number(r.n)])), other: rows.length > max ? 1 : 0 };
      };
      const [{ n } = { n: 0 }] = await engine.all<{ n: number }>('SELECT count(*) AS n FROM auth');
      const types = await top('logon_type');
      const domains = await top(
        "CASE WHEN position('@' IN src_user) > 0 THEN split_part(src_user, '@', 2) ELSE '' END",
      );
      return {
        rows: Number(n),
        complete: true,
        logonTypes: types.map,
        domains: domains.map,
        other: { logonTypes: types.other, domains: domains.other },
      };
    },
  };
  // LANL flows only: flows read through adapters are left to detection's own read of the files, as on the raw path.
  if (options.graphTables && manifest.sources?.flows === undefined) {
    const load = input.loadTables;
    input.detectionFlows = true;
    input.loadTables = async (engine) => {
      await load(engine);
      await loadDetectionFlows(engine, options.interval);
    };
  }
  return input;
}

/**
 * The DETECTION_FLOW_TABLES over the store's flows (the view loadStoreTables made, placeable
 * times only) and its humans: the started flows a view, the flow sizes aggregated here.
 */
async function loadDetectionFlows(engine: Engine, interval: number): Promise<void> {
  await engine.run(
    `CREATE VIEW ${DETECTION_FLOW_TABLES.started} AS
     SELECT src_host AS host, dst_host AS remote_host, dst_port AS remote_port, time::DOUBLE AS time, bytes::DOUBLE AS bytes
     FROM flows WHERE src_host IN (SELECT host FROM humans)`,
  );
  await engine.run(
    `CREATE TABLE ${DETECTION_FLOW_TABLES.sizes} AS ${flowSizesSql({
      from: 'flows',
      src: 'src_host',
      dst: 'dst_host',
      srcHuman: 'src_host IN (SELECT host FROM humans)',
      dstHuman: 'dst_host IN (SELECT host FROM humans)',
      time: 'time',
      bytes: 'bytes::DOUBLE',
      intervalParam: 'interval',
      key: 'host',
    })}`,
    { interval },
  );
}
