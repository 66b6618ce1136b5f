// What a ClickHouse server spends on an INSERT by how sorted its blocks arrive, apart from peerscope:
//
//   node bench/clickhouse-sorted-insert.mjs [--data DIR] [--rounds 3]
//
// Ingests DATA's auth (default the 5 M set of `npm run bench`) into a 1-shard loopback cluster with
// this checkout's build, exports its rows as RowBinary files in three orders, and per round inserts
// each into a fresh copy of the table over HTTP (curl), at 262,144 and at 1,048,576 rows per block:
//   input   the log's order (file, line): the server sorts every block;
//   runs    runs of 8,192 lines, each sorted by (host, time): what the parser threads send today;
//   sorted  wholly in the table's order (host, time): every block arrives sorted, and the server
//           skips its sort (system.events MergeTreeDataWriterBlocksAlreadySorted).
// The server's CPU seconds (/proc) are counted until no merge has run for 3 s after the INSERT.
// Prints a markdown table of the medians. Needs curl and clickhouse-server.
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { clusterFlags, cpuSeconds, log, post, sleep, startCluster } from './cluster-common.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i < 0 ? fallback : args[i + 1];
};
const data = resolve(opt('data', join(root, 'bench-output', 'data', 'auth-5000000-days-1-seed-1')));
const rounds = Number(opt('rounds', '3'));
const main = join(root, 'dist', 'cli', 'main.js');
if (!existsSync(join(data, 'truth.json')))
  throw new Error(`${data}: no data set (run node bench/cluster-ingest.mjs once to generate it)`);

const { dir, env } = startCluster('peerscope-sorted-insert-', ['--shards', '1']);
const url = env.PEERSCOPE_CLICKHOUSE_URL;
const pid = Number(env.PEERSCOPE_CLICKHOUSE_PIDS);

log(`ingesting ${data} ...`);
const ingest = spawnSync(
  process.execPath,
  [main, 'ingest', data, '--out', join(dir, 'local'), '-q', ...clusterFlags(env, 'src')],
  {
    stdio: 'inherit',
  },
);
if (ingest.status !== 0) throw new Error('ingest failed');

const orders = {
  input: 'file, line',
  runs: 'file, intDiv(line, 8192), src_host, time',
  sorted: 'src_host, time',
};
const files = {};
for (const [name, order] of Object.entries(orders)) {
  files[name] = join(dir, `${name}.rb`);
  curl(['--data-binary', `SELECT * FROM src.auth_local ORDER BY ${order} FORMAT RowBinary`, '-o', files[name], url]);
}
const rows = Number((await post(url, 'SELECT count() FROM src.auth_local')).trim());
log(
  `${rows.toLocaleString('en-US')} rows, ${(statSync(files.input).size / 2 ** 20).toFixed(0)} MiB of RowBinary per order`,
);

const results = [];
let n = 0;
for (let round = 0; round < rounds; round++) {
  for (const blockRows of [262_144, 1_048_576]) {
    for (const name of Object.keys(orders)) {
      const table = `src.t${n++}`;
      await post(url, `CREATE TABLE ${table} AS src.auth_local`);
      const events0 = await sortedEvents();
      const cpu0 = cpuSeconds(pid);
      const query = `INSERT INTO ${table} FORMAT RowBinary`;
      const settings = `max_insert_block_size=${blockRows}&min_insert_block_size_rows=${blockRows}`;
      curl(['--data-binary', `@${files[name]}`, `${url}/?query=${encodeURIComponent(query)}&${settings}`]);
      await settle();
      const cpu = cpuSeconds(pid) - cpu0;
      const events = await sortedEvents();
      const parts = Number(
        (
          await post(
            url,
            `SELECT count() FROM system.parts WHERE database = 'src' AND table = '${table.slice(4)}' AND active`,
          )
        ).trim(),
      );
      results.push({
        name,
        blockRows,
        cpu,
        blocks: events.blocks - events0.blocks,
        sorted: events.sorted - events0.sorted,
        parts,
      });
      log(
        `${name} ${blockRows}: server ${cpu.toFixed(2)} CPU s, ${events.sorted - events0.sorted}/${events.blocks - events0.blocks} blocks already sorted, ${parts} parts`,
      );
      await post(url, `DROP TABLE ${table}`);
    }
  }
}

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const lines = [
  `${rows.toLocaleString('en-US')} auth rows into one server, ${rounds} rounds, server CPU until merges settle (median):`,
  '',
  '| order | rows per block | server CPU s | blocks already sorted | active parts |',
  '|---|---:|---:|---|---:|',
];
for (const blockRows of [262_144, 1_048_576])
  for (const name of Object.keys(orders)) {
    const mine = results.filter((r) => r.name === name && r.blockRows === blockRows);
    const last = mine[mine.length - 1];
    lines.push(
      `| ${name} | ${blockRows.toLocaleString('en-US')} | ${median(mine.map((r) => r.cpu)).toFixed(2)} | ${last.sorted} of ${last.blocks} | ${last.parts} |`,
    );
  }
process.stdout.write(lines.join('\n') + '\n');

function curl(more) {
  const r = spawnSync('curl', ['-sS', '--fail-with-body', ...more], { encoding: 'utf8', maxBuffer: 1 << 20 });
  if (r.status !== 0) throw new Error(`curl failed: ${r.stderr}${r.stdout}`);
}

async function sortedEvents() {
  const text = await post(
    url,
    "SELECT event, value FROM system.events WHERE event IN ('MergeTreeDataWriterBlocks', 'MergeTreeDataWriterBlocksAlreadySorted')",
  );
  const map = Object.fromEntries(
    text
      .trim()
      .split('\n')
      .filter(Boolean)
      .map((l) => l.split('\t')),
  );
  return {
    blocks: Number(map.MergeTreeDataWriterBlocks ?? 0),
    sorted: Number(map.MergeTreeDataWriterBlocksAlreadySorted ?? 0),
  };
}

/** Waits until no merge has run on the server for 3 s. */
async function settle() {
  let quiet = 0;
  while (quiet < 3) {
    await sleep(1000);
    const running = Number((await post(url, 'SELECT count() FROM system.merges')).trim());
    quiet = running === 0 ? quiet + 1 : 0;
  }
}
