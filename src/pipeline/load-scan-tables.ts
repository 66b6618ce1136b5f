import type { Column, Engine } from '../engine/index.js';
import type { ByteInterner } from '../sources/byte-interner.js';
import { LOG_FORMATS } from '../sources/log-formats.js';
import type { AuthAggregator } from './auth-aggregator.js';
import { SERIES, type FlowAggregator } from './flow-aggregator.js';
import { InputError } from '../errors.js';
import { loadSpilledGroups } from './load-spilled-groups.js';
import { DETECTION_FLOW_TABLES } from './detection-flow-tables.js';
import { STARTED_FLOW_COLUMNS } from './started-flows-file.js';

/** One valid line of redteam.txt. */
export interface RedteamEvent {
  time: number;
  user: string;
  srcHost: string;
  dstHost: string;
}

/** The scan's aggregates, keyed by interned ids. */
export interface ScanResult {
  hosts: ByteInterner;
  users: ByteInterner;
  auth: AuthAggregator;
  flows: FlowAggregator;
  redteam: RedteamEvent[];
  interval: number;
  /** Whether the aggregators built the edge and service tables. */
  graphTables: boolean;
  /** Host ids monitored instead of auth's human hosts (flows without auth): humans with 0 users and logons. */
  monitored?: number[];
}

/**
 * Loads the scan's aggregates (integer ids plus small name dictionaries) into the engine and
 * resolves names into the tables {@link writeOutputs} reads.
 */
export async function loadScanTables(engine: Engine, scan: ScanResult): Promise<void> {
  const { hosts, users, auth, flows } = scan;

  await engine.load('hosts', [ids(hosts.size), { name: 'name', type: 'VARCHAR', values: hosts.names() }]);
  await engine.load('users', [ids(users.size), { name: 'name', type: 'VARCHAR', values: users.names() }]);
  await engine.load('ports', [ids(flows.ports.size), { name: 'name', type: 'VARCHAR', values: flows.ports.names() }]);
  const r = scan.redteam;
  await engine.load('redteam', [
    { name: 'time', type: 'BIGINT', values: r.map((e) => e.time) },
    { name: 'user', type: 'VARCHAR', values: r.map((e) => e.user) },
    { name: 'src_host', type: 'VARCHAR', values: r.map((e) => e.srcHost) },
    { name: 'dst_host', type: 'VARCHAR', values: r.map((e) => e.dstHost) },
  ]);
  const hp = auth.humanPairs;
  await engine.load('human_pairs', [
    { name: 'host', type: 'INTEGER', values: hp.keyColumn(0) },
    { name: 'user', type: 'INTEGER', values: hp.keyColumn(1) },
    { name: 'logons', type: 'BIGINT', values: hp.valueColumn(0) },
  ]);
  const s = flows.series;
  const detection = flows.collectsDetectionFlows;
  await engine.load('series_ids', [
    { name: 'iv', type: 'BIGINT', values: s.keyColumn(0) },
    { name: 'host', type: 'INTEGER', values: s.keyColumn(1) },
    ...(
      [
        'upBytes',
        'downBytes',
        'upPackets',
        'downPackets',
        'flows',
        'duration',
        ...(detection ? (['upLogSize', 'upSized', 'downLogSize', 'downSized'] as const) : []),
      ] as const
    ).map((k): Column => ({
      name: k,
      type: 'DOUBLE',
      values: s.valueColumn(SERIES[k]),
    })),
  ]);
  if (detection) await loadDetectionFlows(engine, flows.startedFiles());
  const e = auth.edges;
  await engine.load('edge_ids', [
    { name: 'user', type: 'INTEGER', values: e.keyColumn(0) },
    { name: 'src', type: 'INTEGER', values: e.keyColumn(1) },
    { name: 'dst', type: 'INTEGER', values: e.keyColumn(2) },
    ...['events', 'failures', 'first_time', 'last_time'].map((name, i): Column => ({
      name,
      type: 'DOUBLE',
      values: e.valueColumn(i),
    })),
  ]);
  const edgeParts = auth.spilledEdges();
  if (edgeParts.some((p) => p.files.length > 0)) {
    await loadSpilledGroups(
      engine,
      'edge_ids',
      'edge_ids',
      [
        { name: 'user', type: 'INTEGER' },
        { name: 'src', type: 'INTEGER' },
        { name: 'dst', type: 'INTEGER' },
        { name: 'events', type: 'DOUBLE', combine: 'sum' },
        { name: 'failures', type: 'DOUBLE', combine: 'sum' },
        { name: 'first_time', type: 'DOUBLE', combine: 'min' },
        { name: 'last_time', type: 'DOUBLE', combine: 'max' },
      ],
      edgeParts,
    );
  }
  const sv = flows.services;
  await engine.load('service_ids', [
    { name: 'iv', type: 'BIGINT', values: sv.keyColumn(0) },
    { name: 'host', type: 'INTEGER', values: sv.keyColumn(1) },
    { name: 'peer', type: 'INTEGER', values: sv.keyColumn(2) },
    { name: 'port_dir', type: 'INTEGER', values: sv.keyColumn(3) },
    { name: 'flows', type: 'DOUBLE', values: sv.valueColumn(0) },
    { name: 'bytes', type: 'DOUBLE', values: sv.valueColumn(1) },
  ]);
  const serviceParts = flows.spilledServices();
  if (serviceParts.some((p) => p.files.length > 0)) {
    await loadSpilledGroups(
      engine,
      'service_ids',
      'service_ids',
      [
        { name: 'iv', type: 'BIGINT' },
        { name: 'host', type: 'INTEGER' },
        { name: 'peer', type: 'INTEGER' },
        { name: 'port_dir', type: 'INTEGER' },
        { name: 'flows', type: 'DOUBLE', combine: 'sum' },
        { name: 'bytes', type: 'DOUBLE', combine: 'sum' },
      ],
      serviceParts,
    );
    // The scan checked the groups it held; the spilled ones are summed only here.
    const [max] = await engine.all<{ max: number | null }>(
      'SELECT max(greatest(flows, bytes)) AS max FROM service_ids',
    );
    if ((max?.max ?? 0) > Number.MAX_SAFE_INTEGER) {
      throw new InputError(
        (name) =>
          `a per-interval byte or packet sum exceeds 2^53 and cannot be kept exact; use a shorter ${name('interval')}`,
      );
    }
  }

  if (scan.monitored === undefined) {
    await engine.run(`CREATE TABLE humans AS
    SELECT h.name AS host, count(*)::BIGINT AS users, sum(p.logons)::BIGINT AS logons
    FROM human_pairs p JOIN hosts h ON h.id = p.host GROUP BY h.name`);
  } else {
    await engine.load('monitored', [{ name: 'host', type: 'INTEGER', values: Int32Array.from(scan.monitored) }]);
    await engine.run(`CREATE TABLE humans AS
    SELECT DISTINCT h.name AS host, 0::BIGINT AS users, 0::BIGINT AS logons FROM monitored m JOIN hosts h ON h.id = m.host`);
  }
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

  await engine.run(
    `CREATE TABLE auth_edges AS SELECT u.name AS src_user, s.name AS src_host, d.name AS dst_host, e.events::BIGINT AS events, e.failures::BIGINT AS failures,
      e.first_time::BIGINT AS first_time, e.last_time::BIGINT AS last_time
    FROM edge_ids e JOIN users u ON u.id = e.user JOIN hosts s ON s.id = e.src JOIN hosts d ON d.id = e.dst`,
  );
  await engine.run(
    `CREATE TABLE flow_services AS SELECT (v.iv * $interval)::BIGINT AS interval, h.name AS host, p.name AS peer_host, o.name AS peer_port,
      CASE WHEN v.port_dir % 2 = 0 THEN 'upload' ELSE 'download' END AS direction,
      v.flows::BIGINT AS flows, v.bytes::BIGINT AS bytes
    FROM service_ids v JOIN hosts h ON h.id = v.host JOIN hosts p ON p.id = v.peer JOIN ports o ON o.id = v.port_dir // 2`,
    { interval: scan.interval },
  );
  await loadSamples(engine, scan);
}

/** The scan's DETECTION_FLOW_TABLES: views over series_ids and the started-flows files. */
async function loadDetectionFlows(engine: Engine, files: readonly string[]): Promise<void> {
  await engine.run(
    `CREATE VIEW ${DETECTION_FLOW_TABLES.sizes} AS
     SELECT h.name AS host, s.iv::DOUBLE AS iv, s.upLogSize / s.upSized AS up, s.downLogSize / s.downSized AS down,
       s.upSized AS nu, s.downSized AS nd
     FROM series_ids s JOIN hosts h ON h.id = s.host WHERE s.upSized > 0 AND s.downSized > 0`,
  );
  const columns = STARTED_FLOW_COLUMNS.map((name) => ({
    name,
    type: name === 'time' || name === 'bytes' ? ('BIGINT' as const) : ('VARCHAR' as const),
  }));
  const rows =
    files.length === 0
      ? 'SELECT NULL::VARCHAR AS host, NULL::VARCHAR AS remote_host, NULL::VARCHAR AS remote_port, NULL::BIGINT AS time, NULL::BIGINT AS bytes WHERE false'
      : files.map((f) => `SELECT * FROM ${engine.readLines(f, columns)}`).join(' UNION ALL ');
  await engine.run(
    `CREATE VIEW ${DETECTION_FLOW_TABLES.started} AS
     SELECT host, remote_host, remote_port, time::DOUBLE AS time, bytes::DOUBLE AS bytes FROM (${rows})`,
  );
}

async function loadSamples(engine: Engine, scan: ScanResult): Promise<void> {
  const split = (lines: string[], n: number) => lines.map((l) => l.split(',', n));
  const table = (names: readonly string[], rows: readonly (readonly (string | undefined)[])[]): Column[] =>
    names.map((name, i) => ({ name, type: 'VARCHAR', values: rows.map((r) => r[i] ?? '') }));
  await engine.load('sample_auth', table(LOG_FORMATS.auth.fields, split(scan.auth.samples, 9)));
  await engine.load('sample_flows', table(LOG_FORMATS.flows.fields, split(scan.flows.samples, 9)));

  const enriched = scan.flows.enriched.map((e) => {
    const f = e.line.split(',', 9);
    const up = e.direction === 'upload';
    return [...f, e.direction, up ? f[8] : '0', up ? '0' : f[8], e.host, e.serviceHost, e.servicePort];
  });
  const names = [
    ...LOG_FORMATS.flows.fields,
    'direction',
    'upload_bytes',
    'download_bytes',
    'host',
    'service_host',
    'service_port',
  ];
  await engine.load('sample_enriched', table(names, enriched));
}

function ids(n: number): Column {
  return { name: 'id', type: 'INTEGER', values: Int32Array.from({ length: n }, (_, i) => i) };
}
