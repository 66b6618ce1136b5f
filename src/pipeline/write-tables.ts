import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Column, Engine } from '../engine/index.js';
import type { ByteInterner } from '../sources/byte-interner.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import type { AuthAggregator } from './auth-aggregator.js';
import { SERIES, type FlowAggregator } from './flow-aggregator.js';

/** The scan's aggregates, keyed by interned ids. */
export interface ScanResult {
  hosts: ByteInterner;
  users: ByteInterner;
  auth: AuthAggregator;
  flows: FlowAggregator;
  redteam: string[][];
  interval: number;
}

/** Counts for summary.json. */
export interface TableCounts {
  humans: number;
  compromised: number;
  compromised_humans: number;
  series_rows: number;
}

/**
 * Loads the scan's aggregates (integer ids plus small name dictionaries) into the engine,
 * resolves names and writes every table of the output contract.
 */
export async function writeTables(engine: Engine, dir: string, scan: ScanResult): Promise<TableCounts> {
  const { hosts, users, auth, flows } = scan;
  mkdirSync(join(dir, 'tables'), { recursive: true });
  mkdirSync(join(dir, 'samples'), { recursive: true });
  const path = (name: string) => join(dir, name);

  await engine.load('hosts', [ids(hosts.size), { name: 'name', type: 'VARCHAR', values: hosts.names() }]);
  await engine.load('users', [ids(users.size), { name: 'name', type: 'VARCHAR', values: users.names() }]);
  await engine.load('ports', [ids(flows.ports.size), { name: 'name', type: 'VARCHAR', values: flows.ports.names() }]);
  const r = scan.redteam;
  await engine.load('redteam', [
    { name: 'time', type: 'BIGINT', values: r.map((row) => Number(row[0])) },
    { name: 'user', type: 'VARCHAR', values: r.map((row) => row[1]) },
    { name: 'src_host', type: 'VARCHAR', values: r.map((row) => row[2]) },
    { name: 'dst_host', type: 'VARCHAR', values: r.map((row) => row[3]) },
  ]);
  const hp = auth.humanPairs;
  await engine.load('human_pairs', [
    { name: 'host', type: 'INTEGER', values: hp.keyColumn(0) },
    { name: 'user', type: 'INTEGER', values: hp.keyColumn(1) },
    { name: 'logons', type: 'BIGINT', values: hp.valueColumn(0) },
  ]);
  const s = flows.series;
  await engine.load('series_ids', [
    { name: 'iv', type: 'BIGINT', values: s.keyColumn(0) },
    { name: 'host', type: 'INTEGER', values: s.keyColumn(1) },
    ...(['upBytes', 'downBytes', 'upPackets', 'downPackets', 'flows', 'duration'] as const).map(
      (k): Column => ({ name: k, type: 'DOUBLE', values: s.valueColumn(SERIES[k]) }),
    ),
  ]);
  const e = auth.edges;
  await engine.load('edge_ids', [
    { name: 'user', type: 'INTEGER', values: e.keyColumn(0) },
    { name: 'src', type: 'INTEGER', values: e.keyColumn(1) },
    { name: 'dst', type: 'INTEGER', values: e.keyColumn(2) },
    ...['events', 'failures', 'first_time', 'last_time'].map((name, i): Column => ({ name, type: 'DOUBLE', values: e.valueColumn(i) })),
  ]);
  const sv = flows.services;
  await engine.load('service_ids', [
    { name: 'iv', type: 'BIGINT', values: sv.keyColumn(0) },
    { name: 'host', type: 'INTEGER', values: sv.keyColumn(1) },
    { name: 'peer', type: 'INTEGER', values: sv.keyColumn(2) },
    { name: 'port_dir', type: 'INTEGER', values: sv.keyColumn(3) },
    { name: 'flows', type: 'DOUBLE', values: sv.valueColumn(0) },
    { name: 'bytes', type: 'DOUBLE', values: sv.valueColumn(1) },
  ]);

  await engine.run(`CREATE TABLE humans AS
    SELECT h.name AS host, count(*)::BIGINT AS users, sum(p.logons)::BIGINT AS logons
    FROM human_pairs p JOIN hosts h ON h.id = p.host GROUP BY h.name`);
  await engine.run(`CREATE TABLE compromised AS
    SELECT dst_host AS host, count(*)::BIGINT AS events, min(time)::BIGINT AS first_time FROM redteam GROUP BY dst_host`);
  await engine.run(
    `CREATE TABLE series AS
    SELECT (s.iv * $interval)::BIGINT AS interval, h.name AS host,
      s.upBytes::BIGINT AS upload_bytes, s.downBytes::BIGINT AS download_bytes,
      s.upPackets::BIGINT AS upload_packets, s.downPackets::BIGINT AS download_packets,
      s.flows::BIGINT AS flows, s.duration / s.flows AS mean_duration,
      (h.name IN (SELECT host FROM compromised))::INTEGER AS compromised
    FROM series_ids s JOIN hosts h ON h.id = s.host`,
    { interval: scan.interval },
  );

  await engine.toCsv('SELECT * FROM humans ORDER BY host', path('humans.csv'));
  await engine.toParquet('SELECT * FROM humans ORDER BY host', path('tables/humans.parquet'));
  await engine.toCsv('SELECT * FROM compromised ORDER BY host', path('compromised.csv'));
  await engine.toCsv('SELECT * FROM series ORDER BY interval, host', path('series.csv'));
  await engine.toParquet('SELECT * FROM series ORDER BY interval, host', path('series.parquet'));
  await engine.toParquet('SELECT * FROM redteam ORDER BY time, src_host, dst_host, "user"', path('tables/redteam.parquet'));
  await engine.toParquet(
    `SELECT u.name AS src_user, s.name AS src_host, d.name AS dst_host, e.events::BIGINT AS events, e.failures::BIGINT AS failures,
      e.first_time::BIGINT AS first_time, e.last_time::BIGINT AS last_time
    FROM edge_ids e JOIN users u ON u.id = e.user JOIN hosts s ON s.id = e.src JOIN hosts d ON d.id = e.dst
    ORDER BY first_time, src_host, dst_host, src_user`,
    path('tables/auth_edges.parquet'),
  );
  await engine.toParquet(
    `SELECT (v.iv * $interval)::BIGINT AS interval, h.name AS host, p.name AS peer_host, o.name AS peer_port,
      CASE WHEN v.port_dir % 2 = 0 THEN 'upload' ELSE 'download' END AS direction,
      v.flows::BIGINT AS flows, v.bytes::BIGINT AS bytes
    FROM service_ids v JOIN hosts h ON h.id = v.host JOIN hosts p ON p.id = v.peer JOIN ports o ON o.id = v.port_dir // 2
    ORDER BY interval, host, peer_host, peer_port, direction`,
    path('tables/flow_services.parquet'),
    { interval: scan.interval },
  );
  await writeSamples(engine, dir, scan);

  const [c] = await engine.all<TableCounts>(`SELECT
      (SELECT count(*) FROM humans) AS humans,
      (SELECT count(*) FROM compromised) AS compromised,
      (SELECT count(*) FROM compromised WHERE host IN (SELECT host FROM humans)) AS compromised_humans,
      (SELECT count(*) FROM series) AS series_rows`);
  return c;
}

async function writeSamples(engine: Engine, dir: string, scan: ScanResult): Promise<void> {
  const split = (lines: string[], n: number) => lines.map((l) => l.split(',', n));
  const table = (names: readonly string[], rows: string[][]): Column[] =>
    names.map((name, i) => ({ name, type: 'VARCHAR', values: rows.map((r) => r[i] ?? '') }));
  await engine.load('sample_auth', table(LOG_FORMATS.auth.fields, split(scan.auth.samples, 9)));
  await engine.toCsv('SELECT * FROM sample_auth', join(dir, 'samples/auth.csv'));
  await engine.load('sample_flows', table(LOG_FORMATS.flows.fields, split(scan.flows.samples, 9)));
  await engine.toCsv('SELECT * FROM sample_flows', join(dir, 'samples/flows.csv'));

  const enriched = scan.flows.enriched.map((e) => {
    const f = e.line.split(',', 9);
    const up = e.direction === 'upload';
    return [...f, e.direction, up ? f[8] : '0', up ? '0' : f[8], e.host, e.serviceHost, e.servicePort];
  });
  const names = [...LOG_FORMATS.flows.fields, 'direction', 'upload_bytes', 'download_bytes', 'host', 'service_host', 'service_port'];
  await engine.load('sample_enriched', table(names, enriched));
  await engine.toCsv('SELECT * FROM sample_enriched', join(dir, 'samples/enriched.csv'));
}

function ids(n: number): Column {
  return { name: 'id', type: 'INTEGER', values: Int32Array.from({ length: n }, (_, i) => i) };
}
