import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { openDuckDb } from '../../src/engine/index.js';
import { analyze, readSummary, reportData, REPORT_DATA_DEFAULTS } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { quantileSorted } from '../../src/stats/index.js';
import { csvRows } from '../helpers/csv-rows.js';
import { tempDir } from '../helpers/temp-dir.js';

interface Row {
  interval: number;
  host: string;
  upload: number;
  download: number;
  flows: number;
  compromised: number;
}

/** series.csv as JS rows: the independent truth the engine's aggregates are checked against. */
function seriesRows(out: string): Row[] {
  return csvRows(join(out, 'series.csv')).map((c) => ({
    interval: Number(c[0]),
    host: c[1]!,
    upload: Number(c[2]),
    download: Number(c[3]),
    flows: Number(c[6]),
    compromised: Number(c[8]),
  }));
}

const relClose = (a: number, b: number, tol: number) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('the report aggregates equal the same numbers computed in JS from series.csv, hosts.csv and peer_groups.csv', async () => {
  const data = (
    await generate({ out: join(tempDir('report-data'), 'data'), seed: 4, scale: 0.002, days: 6, campaigns: ['replay'] })
  ).out;
  const out = join(tempDir('report-data-out'), 'out');
  await analyze({ data, out, after: afterStages({ detect: true, report: false }) });
  const summary = readSummary(out);
  const rows = seriesRows(out);
  const engine = await openDuckDb();
  try {
    const d = await reportData(engine, out, summary);
    assert.equal(d.diagnostics.seriesRows, rows.length);

    // Traffic: sums per interval (exact: integers below 2^53).
    const byInterval = new Map<number, { up: number; down: number; hosts: number; cUp: number; cHosts: number }>();
    for (const r of rows) {
      const t = byInterval.get(r.interval) ?? { up: 0, down: 0, hosts: 0, cUp: 0, cHosts: 0 };
      t.up += r.upload;
      t.down += r.download;
      t.hosts += 1;
      if (r.compromised === 1) {
        t.cUp += r.upload;
        t.cHosts += 1;
      }
      byInterval.set(r.interval, t);
    }
    assert.equal(d.traffic.bucketSeconds, summary.interval);
    assert.deepEqual(
      d.traffic.total.map((p) => [p.start, p.end, p.upload, p.download, p.hosts]),
      [...byInterval].sort((a, b) => a[0] - b[0]).map(([iv, t]) => [iv, iv + summary.interval, t.up, t.down, t.hosts]),
    );
    const compromisedIntervals = [...byInterval].filter(([, t]) => t.cHosts > 0).sort((a, b) => a[0] - b[0]);
    assert.ok(compromisedIntervals.length > 0, 'the replay campaign compromises human hosts');
    assert.deepEqual(
      d.traffic.compromised.map((p) => [p.start, p.upload, p.hosts]),
      compromisedIntervals.map(([iv, t]) => [iv, t.cUp, t.cHosts]),
    );

    // Upload populations: moments, histogram, median, KDE weights, the sample.
    const logs = (pick: (r: Row) => boolean) =>
      rows.filter((r) => r.upload > 0 && pick(r)).map((r) => Math.log2(r.upload));
    const populations = { total: logs(() => true), compromised: logs((r) => r.compromised === 1) };
    const u = d.upload!;
    assert.equal(u.zeros, rows.filter((r) => r.upload <= 0).length);
    for (const [name, values] of Object.entries(populations)) {
      const p = u[name as keyof typeof populations];
      assert.equal(p.n, values.length, `${name} n`);
      const mean = values.reduce((s, v) => s + v, 0) / values.length;
      const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
      assert.ok(relClose(p.mean, mean, 1e-10), `${name} mean ${p.mean} vs ${mean}`);
      assert.ok(relClose(p.variance, variance, 1e-9), `${name} variance ${p.variance} vs ${variance}`);
      const sorted = Float64Array.from(values).sort();
      assert.ok(relClose(p.median, quantileSorted(sorted, 0.5), 1e-12), `${name} median`);
      assert.ok(relClose(p.bandwidth, Math.sqrt(variance) * values.length ** -0.2, 1e-9), `${name} bandwidth`);
      const counts = new Map<number, number>();
      for (const v of values) counts.set(Math.floor(v / 0.5), (counts.get(Math.floor(v / 0.5)) ?? 0) + 1);
      assert.deepEqual(
        p.histogram.map((h) => [h.bin, h.count]),
        [...counts].sort((a, b) => a[0] - b[0]),
        `${name} histogram`,
      );
      assert.equal(p.kdeWeights.length, REPORT_DATA_DEFAULTS.kdeBins);
      const weight = p.kdeWeights.reduce((s, w) => s + w, 0);
      assert.ok(relClose(weight, values.length, 1e-9), `${name} KDE weights sum to n: ${weight}`);
      // Fewer values than the sample size: the sample is the population, in series order.
      assert.ok(values.length <= REPORT_DATA_DEFAULTS.sampleSize);
      assert.deepEqual(Array.from(p.sample), values, `${name} sample`);
    }

    // Top hosts: the union of the 50 largest uploaders and downloaders.
    const perHost = new Map<string, { up: number; down: number; flows: number; n: number }>();
    for (const r of rows) {
      const h = perHost.get(r.host) ?? { up: 0, down: 0, flows: 0, n: 0 };
      h.up += r.upload;
      h.down += r.download;
      h.flows += r.flows;
      h.n += 1;
      perHost.set(r.host, h);
    }
    const hosts = [...perHost];
    const topBy = (f: (h: { up: number; down: number }) => number) =>
      [...hosts].sort((a, b) => f(b[1]) - f(a[1]) || (a[0] < b[0] ? -1 : 1)).slice(0, 50);
    const union = new Set([...topBy((h) => h.up), ...topBy((h) => h.down)].map(([h]) => h));
    assert.deepEqual(new Set(d.topHosts.map((h) => h.host)), union);
    for (const h of d.topHosts) {
      const t = perHost.get(h.host)!;
      assert.deepEqual([h.upload, h.download, h.flows, h.intervals], [t.up, t.down, t.flows, t.n]);
    }

    // Alert cards: the 20 top-ranked hosts, their own series, their groups' quartiles per interval.
    const ranked = csvRows(join(out, 'hosts.csv')).slice(0, 20);
    const cards = d.alertCards!;
    assert.deepEqual(
      cards.hosts.map((h) => h.host),
      ranked.map((c) => c[0]),
    );
    const groupOf = new Map(csvRows(join(out, 'peer_groups.csv')).map((c) => [c[0]!, Number(c[1])]));
    const tops = new Set(ranked.map((c) => c[0]!));
    assert.deepEqual(
      cards.uploads,
      rows
        .filter((r) => tops.has(r.host))
        .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.interval - b.interval))
        .map((r) => ({ host: r.host, interval: r.interval, upload: r.upload })),
    );
    const wanted = new Set(cards.hosts.map((h) => h.peer_group));
    const cells = new Map<string, number[]>();
    for (const r of rows) {
      const g = groupOf.get(r.host)!;
      if (!wanted.has(g)) continue;
      const key = `${g}|${r.interval}`;
      cells.set(key, [...(cells.get(key) ?? []), r.upload]);
    }
    assert.equal(cards.bands.length, cells.size);
    for (const b of cards.bands) {
      const s = Float64Array.from(cells.get(`${b.peer_group}|${b.interval}`)!).sort();
      for (const [q, v] of [
        [0.25, b.q1],
        [0.5, b.median],
        [0.75, b.q3],
      ] as const)
        assert.ok(relClose(v, quantileSorted(s, q), 1e-12), `group ${b.peer_group} interval ${b.interval} q${q}`);
    }
    assert.equal(d.peers!.ranked.length, Math.min(100, csvRows(join(out, 'hosts.csv')).length));

    // Bounds: a 2-point traffic chart sums 3 intervals a point; a 50-value sample is 50 of the values.
    const small = await reportData(engine, out, summary, { trafficPoints: 2, sampleSize: 50 });
    assert.equal(small.traffic.bucketSeconds, 3 * summary.interval);
    assert.equal(small.traffic.total.length, 2);
    assert.equal(
      small.traffic.total.reduce((s, p) => s + p.upload, 0),
      rows.reduce((s, r) => s + r.upload, 0),
    );
    assert.equal(small.upload!.total.sample.length, 50);
    const all = new Set(populations.total);
    assert.ok(
      Array.from(small.upload!.total.sample).every((v) => all.has(v)),
      'the sample holds values of the population',
    );
    const again = await reportData(engine, out, summary, { sampleSize: 50 });
    assert.deepEqual(Array.from(again.upload!.total.sample), Array.from(small.upload!.total.sample), 'deterministic');
  } finally {
    await engine.close();
  }
});
