import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openClickHouse, openDuckDb, type ClusterEngine, type Engine } from '../../src/engine/index.js';
import { writeOutputs } from '../../src/pipeline/index.js';
import { clickhouseDayChecks, ingest, loadStoreTables, readStoreManifest } from '../../src/store/index.js';
import { HUMAN_RULE_DEFAULTS } from '../../src/sources/human-rule.js';
import { createClickHouseTables, loadClusterTables } from '../../src/store/index.js';
import { CLICKHOUSE_SKIP, startTestCluster, type TestCluster } from '../engine/clickhouse-test-cluster.js';
import { HOSTILE_HOSTS, hostileClusterData, scanIntoCluster } from './cluster-fixtures.js';
import { snapshotTree } from '../helpers/snapshot-tree.js';

const tmp = (prefix: string) => mkdtempSync(join(tmpdir(), `peerscope-${prefix}-`));
const TABLES = [
  'humans',
  'compromised',
  'series',
  'redteam',
  'auth_edges',
  'flow_services',
  'sample_auth',
  'sample_flows',
  'sample_enriched',
];
const SAMPLES = new Set(['sample_auth', 'sample_flows', 'sample_enriched']);

/** Both engines' tables: same columns and types, same rows (samples in their order, the rest sorted). Floats compared exactly: both sum the same integers and divide once in doubles. */
async function assertSameTables(
  truth: Engine,
  cluster: Engine,
  tables: readonly string[],
): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of tables) {
    const describe = (e: Engine) =>
      e.all<{ column_name: string; column_type: string }>(`SELECT column_name, column_type FROM (DESCRIBE ${table})`);
    assert.deepEqual(await describe(cluster), await describe(truth), `${table}: columns and types`);
    const rows = (e: Engine) => e.all(`SELECT * FROM ${table}${SAMPLES.has(table) ? '' : ' ORDER BY ALL'}`);
    const want = await rows(truth);
    assert.deepEqual(await rows(cluster), want, `${table}: rows`);
    counts[table] = want.length;
  }
  return counts;
}

describe('cluster aggregates equal the DuckDB SQL path over a Parquet store', { skip: CLICKHOUSE_SKIP }, () => {
  let cluster: TestCluster;
  let engine: ClusterEngine;
  let data: string;
  let store: string;
  let days: { auth: number[]; flows: number[] };
  // How many days each sample query read, over the cases: the narrowing must be exercised.
  const narrowed: string[] = [];
  before(async () => {
    cluster = startTestCluster(2);
    engine = await openClickHouse({ url: cluster.url, cluster: cluster.cluster, shardUrls: cluster.shardUrls });
    data = hostileClusterData(3);
    store = join(tmp('store'), 'store');
    await ingest({ data, out: store });
    await createClickHouseTables(engine);
    await scanIntoCluster(engine, { data });
    days = {
      auth: (await clickhouseDayChecks(engine, 'auth')).map((d) => d.day),
      flows: (await clickhouseDayChecks(engine, 'flows')).map((d) => d.day),
    };
  });
  after(async () => {
    await engine?.close();
    cluster?.stop();
  });

  const cases = [
    {
      name: 'daily, Interactive humans, with graph tables',
      options: { interval: 86400, humanRule: HUMAN_RULE_DEFAULTS, sampleSize: 100, graphTables: true },
    },
    {
      // The other cases write the human set into the queries; this one recomputes it per use.
      name: 'hourly, Interactive and Network humans, a hostile logon type, no graph tables, the human set not written out',
      options: {
        interval: 3600,
        humanRule: { ...HUMAN_RULE_DEFAULTS, logonTypes: ['Interactive', 'Network', "Inter'active"] },
        sampleSize: 37,
        graphTables: false,
        maxLiteralHosts: 0,
      },
    },
    {
      name: 'daily, no human logon type at all',
      options: {
        interval: 86400,
        humanRule: { ...HUMAN_RULE_DEFAULTS, logonTypes: [] },
        sampleSize: 10,
        graphTables: true,
      },
    },
  ];
  for (const { name, options } of cases) {
    test(name, async () => {
      const truth = await openDuckDb();
      const mirror = await openDuckDb();
      try {
        await loadStoreTables(truth, store, readStoreManifest(store, 'store'), options);
        // With the store's days the samples read the earliest days first, widening until full.
        const loaded = await loadClusterTables(mirror, engine, { ...options, days, scratchDir: tmp('results') });
        for (const [t, d] of Object.entries(loaded.sampleDays)) narrowed.push(`${t} ${d.read}/${d.of}`);
        const tables = TABLES.filter((t) => options.graphTables || (t !== 'auth_edges' && t !== 'flow_services'));
        const counts = await assertSameTables(truth, mirror, tables);
        for (const t of tables) assert.equal(loaded.rows[t as keyof typeof loaded.rows], counts[t], `${t}: rows moved`);
        if (options.humanRule.logonTypes.length > 0) {
          assert.ok(
            counts.humans! > 5 && counts.series! > 20 && counts.sample_enriched! > 0,
            `the fixture exercises the tables: ${JSON.stringify(counts)}`,
          );
          // Hostile names are in the aggregates, as data.
          const [h] = await mirror.all<{ n: number }>(
            `SELECT count(*) AS n FROM series WHERE host IN (${HOSTILE_HOSTS.map((_, i) => `$h${i}`).join(', ')})`,
            Object.fromEntries(HOSTILE_HOSTS.map((v, i) => [`h${i}`, v])),
          );
          assert.ok(h!.n > 0, 'hostile hosts appear in the series');
        } else {
          assert.equal(counts.humans, 0);
        }

        // The output files writeOutputs makes from both are byte-identical.
        const a = tmp('truth-out'),
          b = tmp('cluster-out');
        await writeOutputs(truth, a, { graphTables: options.graphTables });
        await writeOutputs(mirror, b, { graphTables: options.graphTables });
        const ta = snapshotTree(a),
          tb = snapshotTree(b);
        assert.deepEqual([...tb.keys()], [...ta.keys()]);
        for (const [file, bytes] of ta) assert.ok(bytes.equals(tb.get(file)!), `${file} differs`);
      } finally {
        await truth.close();
        await mirror.close();
      }
    });
  }
  test('the cases read a full sample from the first day, from more days after widening, and from all days', () => {
    assert.equal(days.auth.length, 4, 'the fixture has days -1 to 2');
    assert.ok(narrowed.includes('sample_flows 1/4'), narrowed.join(', '));
    assert.ok(
      narrowed.some((n) => /^sample_auth 2\/4$/.test(n)),
      narrowed.join(', '),
    );
    assert.ok(
      narrowed.some((n) => n.endsWith(' 4/4')),
      narrowed.join(', '),
    );
  });
});
