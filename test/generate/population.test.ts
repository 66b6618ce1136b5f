import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generate } from '../../src/generate/index.js';
import { eachLine, median, quantile } from './each-line.js';
import { tempDir } from '../helpers/temp-dir.js';

/** Per host: median of its daily values (log10), and the sd of its daily log10 values. */
function perHost(
  days: Map<string, Map<number, number>>,
  minDays: number,
): { host: string; median: number; sd: number }[] {
  const out: { host: string; median: number; sd: number }[] = [];
  for (const [host, byDay] of days) {
    const logs = [...byDay.values()].map((x) => Math.log10(x + 1));
    if (logs.length < minDays) continue;
    const mean = logs.reduce((a, b) => a + b, 0) / logs.length;
    const sd = Math.sqrt(logs.reduce((a, b) => a + (b - mean) ** 2, 0) / logs.length);
    out.push({ host, median: Math.log10(median([...byDay.values()]) + 1), sd });
  }
  return out;
}
const iqrRatio = (logs: number[]) => {
  const s = [...logs].sort((a, b) => a - b);
  return 10 ** (quantile(s, 0.75) - quantile(s, 0.25));
};

test('host heterogeneity: desks of one department differ by ≥ 10× (5th–95th percentile); spread and day-to-day noise as in the real per-host series', async (t) => {
  // The real per-host daily uploads (the seed's aggregates of the real flows), hosts seen on ≥ 15 days.
  const real = new Map<string, Map<number, number>>();
  const rows = gunzipSync(readFileSync(resolve('test/fixtures/reference/flow_time_series.csv.gz')))
    .toString('latin1')
    .trimEnd()
    .split('\n')
    .slice(1);
  for (const row of rows) {
    const [, time, host, upload] = row.split(',');
    if (host === undefined || host === '0') continue;
    if (!real.has(host)) real.set(host, new Map());
    real.get(host)!.set(Number(time), Number(upload));
  }
  const realHosts = perHost(real, 15);
  const realIqr = iqrRatio(realHosts.map((h) => h.median));
  const realSd = median(realHosts.map((h) => h.sd));
  assert.ok(realHosts.length > 500 && realIqr > 8 && realIqr < 13, `real: ${realHosts.length} hosts, IQR ${realIqr}`);

  const root = tempDir('gen-habits');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const r = await generate({
    out: join(root, 'd'),
    seed: 11,
    scale: 0.005,
    days: 12,
    campaigns: ['none'],
  });
  const department = new Map<string, string>();
  for (const l of readFileSync(join(r.out, 'truth', 'hosts.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)) {
    const [host, role, dep] = l.split(',');
    if (role === 'human' && host !== undefined && dep !== undefined) department.set(host, dep);
  }
  const uploads = new Map<string, Map<number, number>>();
  eachLine(join(r.out, 'flows.txt'), (line) => {
    const f = line.split(',');
    const src = f[2]!;
    if (!department.has(src)) return;
    const day = Math.floor(Number(f[0]) / 86400);
    if (!uploads.has(src)) uploads.set(src, new Map());
    const m = uploads.get(src)!;
    m.set(day, (m.get(day) ?? 0) + Number(f[8]));
  });
  const hosts = perHost(uploads, 10);
  assert.ok(
    hosts.length > 0.9 * department.size,
    `${hosts.length} of ${department.size} workstations upload on ≥ 10 days`,
  );
  const byDepartment = new Map<string, number[]>();
  for (const h of hosts)
    byDepartment.set(department.get(h.host)!, [...(byDepartment.get(department.get(h.host)!) ?? []), h.median]);
  let checked = 0;
  for (const [dep, logs] of byDepartment) {
    if (logs.length < 20) continue;
    const s = logs.sort((a, b) => a - b);
    const spread = 10 ** (quantile(s, 0.95) - quantile(s, 0.05));
    assert.ok(spread >= 10, `department ${dep}: 95th/5th percentile host ${spread.toFixed(1)}×`);
    checked++;
  }
  assert.ok(checked >= 2, `${checked} departments with ≥ 20 hosts`);
  // Within a factor 2 of the real inter-quartile ratio, and the real day-to-day noise within ±30 %.
  const iqr = iqrRatio(hosts.map((h) => h.median));
  assert.ok(
    iqr > realIqr / 2 && iqr < realIqr * 2,
    `IQR ratio of host medians ${iqr.toFixed(1)}× vs real ${realIqr.toFixed(1)}×`,
  );
  const sd = median(hosts.map((h) => h.sd));
  assert.ok(
    Math.abs(sd / realSd - 1) < 0.3,
    `median within-host sd of log10 daily upload ${sd.toFixed(3)} vs real ${realSd.toFixed(3)}`,
  );
});
