import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { openDuckDb, type Engine } from '../../src/engine/index.js';
import { HUMAN_RULE_DEFAULTS } from '../../src/sources/human-rule.js';
import { LOG_FORMATS } from '../../src/sources/log-formats.js';
import { ingest, loadStoreTables } from '../../src/store/index.js';
import { hostileData } from '../helpers/hostile-data.js';
import { tempDir } from '../helpers/temp-dir.js';

// The samples read the first partitions only, widening until full. The truth here is the
// definition itself, over every partition: the first rows in input order.
const AUTH = [...LOG_FORMATS.auth.fields];
const FLOWS = [...LOG_FORMATS.flows.fields];

async function truth(engine: Engine, store: string, n: number) {
  const all = (kind: string) => `read_parquet('${join(store, kind).replace(/'/g, "''")}/*.parquet')`;
  const text = (fields: string[]) => fields.map((f) => `${f}::VARCHAR AS ${f}`).join(', ');
  const human = `lower(logon_type) = 'interactive' AND contains(src_user, 'DOM') AND NOT contains(src_user, '$')`;
  const humans = `SELECT DISTINCT src_host FROM ${all('auth')} WHERE ${human}`;
  return {
    sample_auth: await engine.all(
      `SELECT ${text(AUTH)} FROM (SELECT * FROM ${all('auth')} WHERE ${human} ORDER BY file, line LIMIT ${n})`,
    ),
    sample_flows: await engine.all(
      `SELECT ${text(FLOWS)} FROM (SELECT * FROM ${all('flows')} ORDER BY file, line LIMIT ${n})`,
    ),
    humans: new Set((await engine.all<{ h: string }>(`SELECT src_host AS h FROM (${humans})`)).map((r) => r.h)),
    touching: await engine.all(
      `SELECT ${text(FLOWS)} FROM (SELECT * FROM ${all('flows')} WHERE src_host IN (${humans}) OR dst_host IN (${humans}) ORDER BY file, line LIMIT ${n})`,
    ),
  };
}

test('store samples from the first partitions equal the first rows over every partition, full after 1, 2 or all partitions', async () => {
  const store = join(tempDir('store'), "s'tore");
  const manifest = await ingest({ data: hostileData(11), out: store });
  assert.equal(manifest.partitions.auth.length, 4);
  const engine = await openDuckDb();
  try {
    // The qualifying auth rows of the first partition: one more needs the second.
    const [first] = await engine.all<{ n: number }>(
      `SELECT count(*)::INTEGER AS n FROM read_parquet('${join(store, manifest.partitions.auth[0]!).replace(/'/g, "''")}')
       WHERE lower(logon_type) = 'interactive' AND contains(src_user, 'DOM') AND NOT contains(src_user, '$')`,
    );
    const inFirst = first!.n;
    assert.ok(inFirst >= 2, `the first partition has ${inFirst} qualifying auth rows`);
    const seen = new Set<string>();
    for (const n of [1, inFirst, inFirst + 1, 100_000]) {
      const local = await openDuckDb();
      try {
        const read = await loadStoreTables(local, store, manifest, {
          interval: 86400,
          humanRule: HUMAN_RULE_DEFAULTS,
          sampleSize: n,
          graphTables: false,
        });
        for (const [t, r] of Object.entries(read.samplePartitions)) seen.add(`${t} ${r.read}/${r.of}`);
        const want = await truth(engine, store, n);
        assert.deepEqual(await local.all('SELECT * FROM sample_auth'), want.sample_auth, `sample_auth, ${n} rows`);
        assert.deepEqual(await local.all('SELECT * FROM sample_flows'), want.sample_flows, `sample_flows, ${n} rows`);
        // Each flow touching a human host is an upload row of its human source, then a download
        // row of its human destination; the first n rows.
        const expanded = want.touching.flatMap((r) => {
          const f = r as Record<string, string>;
          const rows = [];
          if (want.humans.has(f.src_host!))
            rows.push({
              ...f,
              direction: 'upload',
              upload_bytes: f.bytes,
              download_bytes: '0',
              host: f.src_host,
              service_host: f.dst_host,
              service_port: f.dst_port,
            });
          if (want.humans.has(f.dst_host!))
            rows.push({
              ...f,
              direction: 'download',
              upload_bytes: '0',
              download_bytes: f.bytes,
              host: f.dst_host,
              service_host: f.src_host,
              service_port: f.src_port,
            });
          return rows;
        });
        assert.deepEqual(
          await local.all('SELECT * FROM sample_enriched'),
          expanded.slice(0, n),
          `sample_enriched, ${n} rows`,
        );
      } finally {
        await local.close();
      }
    }
    assert.ok(
      seen.has('sample_auth 1/4') && seen.has('sample_auth 2/4') && seen.has('sample_auth 4/4'),
      [...seen].join(', '),
    );
  } finally {
    await engine.close();
  }
});
