import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDuckDb } from '../../src/engine/index.js';
import { flowSizesSql } from '../../src/pipeline/flow-sizes-sql.js';
import { createRandom } from '../../src/stats/index.js';

interface Flow {
  src: string;
  dst: string;
  time: number;
  bytes: number;
}

/** The same aggregate by hand: per (host, interval) the mean log2(1 + max(0, bytes)) each way, rows with both ways. */
function truth(flows: Flow[], humans: Set<string>, len: number) {
  const acc = new Map<string, { up: number[]; down: number[] }>();
  const add = (host: string, iv: number, way: 'up' | 'down', lb: number) => {
    const key = `${host}|${iv}`;
    const a = acc.get(key) ?? { up: [], down: [] };
    a[way].push(lb);
    acc.set(key, a);
  };
  for (const f of flows) {
    const iv = Math.floor(f.time / len);
    const lb = Math.log2(1 + Math.max(0, f.bytes));
    if (humans.has(f.src)) add(f.src, iv, 'up', lb);
    if (humans.has(f.dst)) add(f.dst, iv, 'down', lb);
  }
  const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
  return [...acc]
    .filter(([, a]) => a.up.length > 0 && a.down.length > 0)
    .map(([key, a]) => {
      const [host, iv] = key.split('|') as [string, string];
      return { host, iv: Number(iv), up: mean(a.up), down: mean(a.down), nu: a.up.length, nd: a.down.length };
    })
    .sort((a, b) => (a.host < b.host ? -1 : a.host > b.host ? 1 : a.iv - b.iv));
}

test('flowSizesSql: per human host and interval, the mean log size each way, self-flows both ways, one-way rows left out', async () => {
  const random = createRandom(12);
  const hosts = ['C1', 'C2', 'C3', 'C4', 'C5', 'C6'];
  const humans = new Set(['C1', 'C2', 'C3']);
  const len = 3600;
  const flows: Flow[] = Array.from({ length: 400 }, () => ({
    src: hosts[Math.floor(random() * hosts.length)]!,
    dst: hosts[Math.floor(random() * hosts.length)]!,
    time: Math.floor(random() * 5 * len),
    // Some negative sizes: they count as 0 bytes.
    bytes: Math.floor(random() * 1e6) - 1000,
  }));
  // A human host whose only flows are sent in its interval: no row there.
  flows.push({ src: 'C3', dst: 'C6', time: 9 * len, bytes: 10 });
  // A flow from a human host to itself: both ways.
  flows.push({ src: 'C2', dst: 'C2', time: 11 * len, bytes: 7 });
  const engine = await openDuckDb();
  try {
    await engine.load('flows', [
      { name: 'src_host', type: 'VARCHAR', values: flows.map((f) => f.src) },
      { name: 'dst_host', type: 'VARCHAR', values: flows.map((f) => f.dst) },
      { name: 'time', type: 'BIGINT', values: flows.map((f) => f.time) },
      { name: 'bytes', type: 'BIGINT', values: flows.map((f) => f.bytes) },
    ]);
    await engine.load('humans', [{ name: 'host', type: 'VARCHAR', values: [...humans] }]);
    const rows = await engine.all<{ host: string; iv: number; up: number; down: number; nu: number; nd: number }>(
      `SELECT * FROM (${flowSizesSql({
        from: 'flows',
        src: 'src_host',
        dst: 'dst_host',
        srcHuman: 'src_host IN (SELECT host FROM humans)',
        dstHuman: 'dst_host IN (SELECT host FROM humans)',
        time: 'time',
        bytes: 'bytes::DOUBLE',
        intervalParam: 'len',
        key: 'host',
      })}) ORDER BY host, iv`,
      { len },
    );
    const expected = truth(flows, humans, len);
    assert.ok(expected.some((r) => r.host === 'C2' && r.iv === 11 && r.nu === 1 && r.nd === 1));
    assert.ok(!expected.some((r) => r.host === 'C3' && r.iv === 9));
    assert.equal(rows.length, expected.length);
    rows.forEach((r, i) => {
      const e = expected[i]!;
      assert.deepEqual([r.host, Number(r.iv), Number(r.nu), Number(r.nd)], [e.host, e.iv, e.nu, e.nd]);
      // Means of the same terms summed in another order: equal to 1e-12 relative.
      assert.ok(Math.abs(r.up - e.up) <= 1e-12 * e.up, `${e.host} ${e.iv} up ${r.up} vs ${e.up}`);
      assert.ok(Math.abs(r.down - e.down) <= 1e-12 * e.down, `${e.host} ${e.iv} down ${r.down} vs ${e.down}`);
    });
  } finally {
    await engine.close();
  }
});
