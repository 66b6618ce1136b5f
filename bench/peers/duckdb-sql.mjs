// Peer: the analyze contract (humans.csv, series.csv) as the straightforward DuckDB SQL an analyst
// would write, straight on the raw (.gz) files with DuckDB's own CSV/gzip reader.
// DuckDB's reader is laxer than peerscope's strict rules (it does not count or write rejected
// lines the same way), so outputs agree only on data without rejected lines.
//
//   node bench/peers/duckdb-sql.mjs DATA OUT [--interval 86400] [--threads N]
import { mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, quotedString } from '@duckdb/node-api';

const args = process.argv.slice(2);
const [data, out] = args.filter((a, i) => !a.startsWith('--') && (i === 0 || !args[i - 1].startsWith('--')));
const flag = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 ? args[i + 1] : fallback;
};
if (!data || !out) {
  console.error('usage: node bench/peers/duckdb-sql.mjs DATA OUT [--interval SECONDS]');
  process.exit(2);
}
const interval = Number(flag('interval', '86400'));

/** auth.txt, auth.txt.gz or auth/ splits, as a DuckDB list of paths. */
function files(kind) {
  const names = readdirSync(data);
  for (const name of [`${kind}.txt`, `${kind}.txt.gz`]) if (names.includes(name)) return [join(data, name)];
  if (names.includes(kind))
    return readdirSync(join(data, kind))
      .sort()
      .map((n) => join(data, kind, n));
  return [];
}
const list = (paths) => `[${paths.map((p) => quotedString(p)).join(', ')}]`;
const csv = (paths, columns) =>
  `read_csv(${list(paths)}, header = false, delim = ',', quote = '', escape = '', auto_detect = false, columns = {${columns}})`;
const AUTH = `'time': 'BIGINT', 'src_user': 'VARCHAR', 'dst_user': 'VARCHAR', 'src_host': 'VARCHAR', 'dst_host': 'VARCHAR',
  'auth_type': 'VARCHAR', 'logon_type': 'VARCHAR', 'orientation': 'VARCHAR', 'outcome': 'VARCHAR'`;
const FLOWS = `'time': 'BIGINT', 'duration': 'BIGINT', 'src_host': 'VARCHAR', 'src_port': 'VARCHAR', 'dst_host': 'VARCHAR',
  'dst_port': 'VARCHAR', 'protocol': 'VARCHAR', 'packets': 'BIGINT', 'bytes': 'BIGINT'`;
const REDTEAM = `'time': 'BIGINT', 'user': 'VARCHAR', 'src_host': 'VARCHAR', 'dst_host': 'VARCHAR'`;

mkdirSync(out, { recursive: true });
const spill = join(out, '.spill');
const instance = await DuckDBInstance.create(':memory:', {
  memory_limit: '2GB',
  temp_directory: spill,
  ...(flag('threads') ? { threads: flag('threads') } : {}),
});
const db = await instance.connect();

await db.run(`CREATE TABLE humans AS
  SELECT src_host AS host, count(DISTINCT src_user) AS users, count(*) AS logons
  FROM ${csv(files('auth'), AUTH)}
  WHERE logon_type = 'Interactive' AND contains(src_user, 'DOM') AND NOT contains(src_user, '$')
  GROUP BY src_host`);
const redteam = files('redteam');
await db.run(
  `CREATE TABLE compromised AS ${
    redteam.length > 0
      ? `SELECT DISTINCT dst_host AS host FROM ${csv(redteam, REDTEAM)}`
      : 'SELECT NULL::VARCHAR AS host WHERE false'
  }`,
);
// Flows touching a human, then one row per (flow, human end): upload for a human source,
// download for a human destination; a flow from a human to itself counts once in flows/duration.
await db.run(`CREATE TABLE touching AS
  SELECT time, duration, src_host, dst_host, packets, bytes,
    src_host IN (SELECT host FROM humans) AS src_human, dst_host IN (SELECT host FROM humans) AS dst_human
  FROM ${csv(files('flows'), FLOWS)}
  WHERE src_host IN (SELECT host FROM humans) OR dst_host IN (SELECT host FROM humans)`);
await db.run(
  `CREATE TABLE series AS
  WITH ends AS (
    SELECT time, src_host AS host, bytes AS up_b, 0 AS down_b, packets AS up_p, 0 AS down_p, 1 AS n, duration
    FROM touching WHERE src_human
    UNION ALL
    SELECT time, dst_host, 0, bytes, 0, packets, CASE WHEN src_host = dst_host THEN 0 ELSE 1 END, CASE WHEN src_host = dst_host THEN 0 ELSE duration END
    FROM touching WHERE dst_human
  )
  SELECT floor(time / $interval)::BIGINT * $interval AS interval, host,
    sum(up_b)::BIGINT AS upload_bytes, sum(down_b)::BIGINT AS download_bytes,
    sum(up_p)::BIGINT AS upload_packets, sum(down_p)::BIGINT AS download_packets,
    sum(n)::BIGINT AS flows, sum(duration)::DOUBLE / sum(n)::DOUBLE AS mean_duration,
    (host IN (SELECT host FROM compromised))::INTEGER AS compromised
  FROM ends GROUP BY ALL`,
  { interval },
);
await db.run(
  `COPY (SELECT * FROM humans ORDER BY host) TO ${quotedString(join(out, 'humans.csv'))} (FORMAT csv, HEADER true)`,
);
await db.run(
  `COPY (SELECT * FROM series ORDER BY interval, host) TO ${quotedString(join(out, 'series.csv'))} (FORMAT csv, HEADER true)`,
);
db.closeSync();
instance.closeSync();
rmSync(spill, { recursive: true, force: true });
