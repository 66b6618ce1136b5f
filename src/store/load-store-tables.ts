import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { humanRuleSql, type HumanRule } from '../sources/human-rule.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import { firstDaysSample } from './first-days-sample.js';
import { placeableTimes } from './placeable-times.js';
import { PARTITIONED_KINDS, STORE_FILES, storeColumns, type StoreManifest } from './store-format.js';

/** Options for {@link loadStoreTables}. */
export interface LoadStoreOptions {
  /** Interval length in seconds. */
  interval: number;
  /** Which auth rows mark a human-operated source computer. */
  humanRule: HumanRule;
  /** Sample rows kept per sample table. */
  sampleSize: number;
  /** Build auth_edges and flow_services (detection reads them). Default true. */
  graphTables?: boolean;
}

/** What {@link loadStoreTables} read for each sample table: how many of its kind's partitions its last query read, and of how many. */
export interface LoadStoreResult {
  samplePartitions: Record<'sample_auth' | 'sample_flows' | 'sample_enriched', { read: number; of: number }>;
}

/**
 * The SQL path: builds, from a store written by `ingest`, the same engine tables the byte
 * scanner's aggregates give (humans, compromised, series, redteam, auth_edges, flow_services,
 * samples), by plain SQL over the Parquet partitions. Tests hold the two paths to identical
 * output files. `manifest` is the store's (see readStoreManifest).
 */
export async function loadStoreTables(
  engine: Engine,
  store: string,
  manifest: StoreManifest,
  options: LoadStoreOptions,
): Promise<LoadStoreResult> {
  // Flows read through source adapters are kept as analyze keeps them on the raw files: none is
  // dropped for its interval (the byte scanner applies that rule to LANL's CSV only).
  const adaptedFlows = manifest.sources?.flows !== undefined;
  const bounds = adaptedFlows ? undefined : placeableTimes(options.interval);
  if (bounds) await engine.run('CREATE TABLE flow_time_bounds AS SELECT $lo::BIGINT AS lo, $hi::BIGINT AS hi', bounds);
  // Flows the series cannot place at this interval are rejected lines (see storeInput), not rows.
  const placeable = bounds
    ? ' WHERE time >= (SELECT lo FROM flow_time_bounds) AND time < (SELECT hi FROM flow_time_bounds)'
    : '';
  for (const kind of PARTITIONED_KINDS) {
    const parts = manifest.partitions[kind];
    if (parts.length > 0) {
      await engine.run(
        `CREATE VIEW ${kind} AS SELECT * FROM ${engine.readParquet(join(store, kind), '*.parquet')}${kind === 'flows' ? placeable : ''}`,
      );
    } else {
      await engine.run(
        `CREATE TABLE ${kind} (${storeColumns(kind)
          .map((c) => `${engine.ident(c.name)} ${c.type}`)
          .join(', ')})`,
      );
    }
  }
  await engine.run(
    `CREATE TABLE redteam AS SELECT time, "user", src_host, dst_host FROM ${engine.readParquet(join(store, STORE_FILES.redteam))}`,
  );
  const human = humanRuleSql(options.humanRule);

  if (manifest.sources?.flows?.monitored === 'local') {
    // Flows without auth: the monitored hosts are those a flow marks local (see ADAPTED_COLUMNS).
    await engine.run(`CREATE TABLE humans AS SELECT DISTINCT host, 0::BIGINT AS users, 0::BIGINT AS logons FROM
      (SELECT src_host AS host FROM flows WHERE src_local = 1 UNION ALL SELECT dst_host FROM flows WHERE dst_local = 1)`);
  } else {
    await engine.run(
      `CREATE TABLE humans AS SELECT src_host AS host, count(DISTINCT src_user)::BIGINT AS users, count(*)::BIGINT AS logons
     FROM auth WHERE ${human.sql} GROUP BY src_host`,
      human.params,
    );
  }
  await engine.run(`CREATE TABLE compromised AS
    SELECT dst_host AS host, count(*)::BIGINT AS events, min(time)::BIGINT AS first_time FROM redteam GROUP BY dst_host`);
  // Each flow counts for its human source as upload and its human destination as download; a
  // flow from a host to itself is one flow of that host. One pass groups both sides by service
  // (or, without the service table, by interval and host only), and the series sums those groups.
  const graph = options.graphTables ?? true;
  const peer = (column: string) => (graph ? column : 'NULL::VARCHAR');
  const port = (column: string) =>
    graph ? `CASE WHEN starts_with(${column}, 'N') THEN 'N' ELSE ${column} END` : 'NULL::VARCHAR';
  await engine.run(
    `CREATE TABLE flow_sides AS
    WITH f AS (
      SELECT floor(time / $interval)::BIGINT AS iv, src_host, dst_host, src_port, dst_port, bytes, packets, duration,
        src_host IN (SELECT host FROM humans) AS src_human, dst_host IN (SELECT host FROM humans) AS dst_human
      FROM flows)
    SELECT iv, src_host AS host, ${peer('dst_host')} AS peer_host, ${port('dst_port')} AS peer_port,
      'upload' AS direction, sum(bytes) AS up_bytes, 0 AS down_bytes, sum(packets) AS up_packets, 0 AS down_packets,
      count(*) AS n, sum(duration) AS d, count(*) AS flows, sum(bytes) AS bytes
    FROM f WHERE src_human GROUP BY iv, host, peer_host, peer_port
    UNION ALL
    SELECT iv, dst_host, ${peer('src_host')}, ${port('src_port')} AS peer_port,
      'download', 0, sum(bytes), 0, sum(packets),
      count(*) FILTER (WHERE src_host <> dst_host), coalesce(sum(duration) FILTER (WHERE src_host <> dst_host), 0), count(*), sum(bytes)
    FROM f WHERE dst_human GROUP BY iv, dst_host, ${peer('src_host')}, peer_port`,
    { interval: options.interval },
  );
  await engine.run(
    `CREATE TABLE series AS
    SELECT (iv * $interval)::BIGINT AS interval, host,
      sum(up_bytes)::BIGINT AS upload_bytes, sum(down_bytes)::BIGINT AS download_bytes,
      sum(up_packets)::BIGINT AS upload_packets, sum(down_packets)::BIGINT AS download_packets,
      sum(n)::BIGINT AS flows, sum(d)::DOUBLE / sum(n)::DOUBLE AS mean_duration,
      (host IN (SELECT host FROM compromised))::INTEGER AS compromised
    FROM flow_sides GROUP BY iv, host`,
    { interval: options.interval },
  );
  if (graph) {
    await engine.run(
      `CREATE TABLE flow_services AS
      SELECT (iv * $interval)::BIGINT AS interval, host, peer_host, peer_port, direction, flows::BIGINT AS flows, bytes::BIGINT AS bytes
      FROM flow_sides`,
      { interval: options.interval },
    );
    await engine.run(`CREATE TABLE auth_edges AS
      SELECT src_user, src_host, dst_host, count(*)::BIGINT AS events, count(*) FILTER (WHERE outcome = 'Fail')::BIGINT AS failures,
        min(time)::BIGINT AS first_time, max(time)::BIGINT AS last_time
      FROM auth WHERE src_host <> dst_host GROUP BY ALL`);
  }
  await engine.run('DROP TABLE flow_sides');

  // The samples read the first partitions only, as long as they hold a full sample (firstDaysSample):
  // reading every partition for 100 rows took most of a seed analysis on a large store.
  const result: LoadStoreResult = {
    samplePartitions: {
      sample_auth: { read: 0, of: 0 },
      sample_flows: { read: 0, of: 0 },
      sample_enriched: { read: 0, of: 0 },
    },
  };
  const sampled = async (
    kind: (typeof PARTITIONED_KINDS)[number],
    table: keyof LoadStoreResult['samplePartitions'],
    build: (from: string) => Promise<void>,
  ) => {
    const parts = manifest.partitions[kind].length;
    const read = async (k: number) => {
      await engine.run(`DROP TABLE IF EXISTS ${table}`);
      await build(k < parts ? firstPartitions(kind, k) : kind);
      const [found] = await engine.all<{ n: number }>(`SELECT count(*) AS n FROM ${table}`);
      return Number(found?.n ?? 0);
    };
    // Zeek and Windows kinds are ingested in any time order: they read every partition.
    const k =
      manifest.sources?.[kind] === undefined
        ? await firstDaysSample(parts, options.sampleSize, read)
        : (await read(parts), parts);
    result.samplePartitions[table] = { read: k, of: parts };
  };
  const firstPartitions = (kind: (typeof PARTITIONED_KINDS)[number], k: number) => {
    const union = manifest.partitions[kind]
      .slice(0, k)
      .map((part) => `SELECT * FROM ${engine.readParquet(join(store, part))}`)
      .join(' UNION ALL ');
    return `(SELECT * FROM (${union})${kind === 'flows' ? placeable : ''})`;
  };

  // A Zeek connection's two rows share a line: the originator's row comes first, as in the scan.
  const order = adaptedFlows ? 'file, line, reverse' : 'file, line';
  const text = (fields: readonly string[]) =>
    fields.map((f) => `${engine.ident(f)}::VARCHAR AS ${engine.ident(f)}`).join(', ');
  await sampled('auth', 'sample_auth', (from) =>
    engine.run(
      `CREATE TABLE sample_auth AS SELECT ${text(LOG_FORMATS.auth.fields)} FROM (SELECT * FROM ${from} WHERE ${human.sql} ORDER BY file, line LIMIT $limit)`,
      { ...human.params, limit: options.sampleSize },
    ),
  );
  await sampled('flows', 'sample_flows', (from) =>
    engine.run(
      `CREATE TABLE sample_flows AS SELECT ${text(LOG_FORMATS.flows.fields)} FROM (SELECT * FROM ${from} ORDER BY ${order} LIMIT $limit)`,
      { limit: options.sampleSize },
    ),
  );
  await sampled('flows', 'sample_enriched', (from) =>
    engine.run(
      `CREATE TABLE sample_enriched AS
    WITH h AS (SELECT host FROM humans),
    t AS (SELECT * FROM ${from} WHERE src_host IN (SELECT host FROM h) OR dst_host IN (SELECT host FROM h) ORDER BY ${order} LIMIT $limit),
    e AS (
      SELECT 0 AS k, *, 'upload' AS direction, bytes::VARCHAR AS upload_bytes, '0' AS download_bytes,
        src_host AS host, dst_host AS service_host, dst_port AS service_port FROM t WHERE src_host IN (SELECT host FROM h)
      UNION ALL
      SELECT 1 AS k, *, 'download', '0', bytes::VARCHAR, dst_host, src_host, src_port FROM t WHERE dst_host IN (SELECT host FROM h))
    SELECT ${text(LOG_FORMATS.flows.fields)}, direction, upload_bytes, download_bytes, host, service_host, service_port
    FROM e ORDER BY ${order}, k LIMIT $limit`,
      { limit: options.sampleSize },
    ),
  );
  return result;
}
