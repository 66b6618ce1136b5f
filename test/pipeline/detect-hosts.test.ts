import { test } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { analyze, detectHosts, type AfterStage } from '../../src/pipeline/index.js';
import { ingest } from '../../src/store/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { createRandom } from '../../src/stats/index.js';
import { tempDir } from '../helpers/temp-dir.js';

const read = (p: string) => readFileSync(p, 'utf8');

/** Splits one CSV line with DuckDB's quoting ("" inside quotes). */
function csvFields(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

function readCsv(path: string): Record<string, string>[] {
  const [head, ...lines] = read(path).trimEnd().split('\n');
  const names = csvFields(head!);
  return lines.map((l) => Object.fromEntries(csvFields(l).map((v, i) => [names[i]!, v])));
}

test('every score and alert is identical with or without redteam.txt; only the truth column and the evaluation differ; without redteam compromised is empty', async () => {
  const data = (await generate({ out: join(tempDir('data'), 'd'), seed: 4, scale: 0.003, days: 6, redteam: 'replay' }))
    .out;
  const blind = join(tempDir('blind'), 'd');
  cpSync(data, blind, { recursive: true });
  rmSync(join(blind, 'redteam.txt'));
  const stages = () => afterStages({ detect: true, report: false });
  const a = join(tempDir('a'), 'o');
  const b = join(tempDir('b'), 'o');
  const withTruth = await analyze({ data, out: a, after: stages() });
  const without = await analyze({ data: blind, out: b, after: stages() });
  const dropTruth = (csv: string) =>
    csv
      .trimEnd()
      .split('\n')
      .map((l) => l.slice(0, l.lastIndexOf(',')))
      .join('\n');
  assert.equal(dropTruth(read(join(a, 'hosts.csv'))), dropTruth(read(join(b, 'hosts.csv'))));
  for (const f of ['edges.csv', 'peer_groups.csv', 'alerts.csv', 'alerts.jsonl', 'beacons.csv'])
    assert.equal(read(join(a, f)), read(join(b, f)), f);
  const hostsA = readCsv(join(a, 'hosts.csv'));
  const hostsB = readCsv(join(b, 'hosts.csv'));
  assert.ok(
    hostsA.some((h) => h.compromised === '1'),
    'some compromised host is marked',
  );
  assert.ok(
    hostsB.every((h) => h.compromised === ''),
    'compromised is empty (not 0) without redteam',
  );

  assert.ok(withTruth.evaluation, 'evaluation with redteam');
  assert.equal(without.evaluation, undefined);
  // summary.json too: unknown (null), not "0 compromised"; a count with the red team.
  assert.equal(without.compromised, null);
  assert.equal(without.compromised_humans, null);
  assert.ok((withTruth.compromised ?? 0) > 0, `compromised ${withTruth.compromised}`);
  assert.match(String(without.evaluation_reason), /no redteam/);
  const groups = withTruth.peer_groups as { count: number; sizes: number[]; modularity: number };
  assert.equal(
    groups.sizes.reduce((x, y) => x + y, 0),
    withTruth.humans,
  );
  assert.ok(groups.sizes.every((s) => s >= 5));
  const header = read(join(a, 'hosts.csv')).split('\n')[0];
  assert.equal(
    header,
    'host,peer_group,score,rank,p_value,interval,first_alert_interval,top_view,reason,upload_kde,peer_z,service_jsd,lateral,self_baseline,beacon,new_service,compromised',
  );
  assert.equal(read(join(a, 'edges.csv')).split('\n')[0], 'time,src_host,dst_host,user,score');
  assert.equal(
    read(join(a, 'alerts.csv')).split('\n')[0],
    'interval,host,peer_group,p_value,score,views,reason,evidence',
  );
  assert.equal(
    read(join(a, 'beacons.csv')).split('\n')[0],
    'host,remote_host,remote_port,connections,first_time,last_time,median_gap_s,gap_mad_s,median_bytes,score',
  );
  // hosts.csv ranks by score; score is −log10 of the strongest host-interval's p.
  for (const h of hostsA) assert.ok(Math.abs(Number(h.score) + Math.log10(Number(h.p_value))) < 1e-4, h.host);
  // An alert's p is at most the budget's threshold, and its host's first alert is the earliest.
  const alerts = readCsv(join(a, 'alerts.csv'));
  const threshold = (withTruth.detection as { alert_threshold: number }).alert_threshold;
  assert.equal(threshold, 0.005);
  for (const x of alerts) {
    assert.ok(Number(x.p_value) <= threshold);
    assert.ok(x.reason!.length > 10);
    JSON.parse(x.evidence!);
  }
  for (const h of hostsA) {
    const mine = alerts.filter((x) => x.host === h.host).map((x) => Number(x.interval));
    assert.equal(h.first_alert_interval, mine.length ? String(Math.min(...mine)) : '', h.host);
  }
});

/** Clean generated traffic (no campaign; seed 7, 10 days) to plant on, and its human hosts. */
async function cleanTraffic(): Promise<{ data: string; humans: string[] }> {
  const data = (
    await generate({ out: join(tempDir('data'), 'd'), seed: 7, scale: 0.003, days: 10, campaigns: ['none'] })
  ).out;
  const humans = read(join(data, 'truth', 'hosts.csv'))
    .trimEnd()
    .split('\n')
    .slice(1)
    .filter((l) => l.split(',')[1] === 'human')
    .map((l) => l.split(',')[0]!);
  return { data, humans };
}

test('hand-planted on clean generated traffic: a 60 s ± 2 s beacon ranks its host first (beacon view decisive among flat ones) and is the top pair of beacons.csv; a host doubling its own upload inside its group range is seen by self_baseline (p ≤ 0.05), not by its peers (p > 0.1)', async () => {
  const { data, humans } = await cleanTraffic();
  const flowsPath = join(data, 'flows.txt');
  const lines = read(flowsPath).trimEnd().split('\n');
  // Each human's daily upload and its most used service.
  const daily = new Map<string, number[]>();
  const services = new Map<string, Map<string, number>>();
  for (const l of lines) {
    const f = l.split(',');
    const day = Math.floor(Number(f[0]) / 86400);
    if (!daily.has(f[2]!)) daily.set(f[2]!, new Array(10).fill(0));
    daily.get(f[2]!)![day]! += Number(f[8]);
    const s = services.get(f[2]!) ?? new Map<string, number>();
    s.set(`${f[4]},${f[5]}`, (s.get(`${f[4]},${f[5]}`) ?? 0) + 1);
    services.set(f[2]!, s);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  // The doubling host: a human that uploads every day, steadily, below the humans' median volume.
  const steady = humans
    .filter((h) => (daily.get(h) ?? []).every((v) => v > 0))
    .map((h) => {
      const d = daily.get(h)!;
      const m = median(d);
      return { h, m, spread: Math.max(...d.slice(0, 6)) / Math.min(...d.slice(0, 6)) };
    })
    .sort((x, y) => x.spread - y.spread);
  const all = median(steady.map((s) => s.m));
  const doubler = steady.find((s) => s.m < all)!;
  const beaconHost = humans.find((h) => h !== doubler.h && daily.has(h))!;
  const random = createRandom(11);
  const extra: string[] = [];
  for (let t = 5 * 86400 + 100; t < 10 * 86400 - 60; t += 60 + Math.round(4 * random() - 2))
    extra.push(`${t},0,${beaconHost},N5000,C99999,4444,6,3,${300 + Math.round(10 * random() - 5)}`);
  // Its own uploads made steady (one flow a day at a random time, the humans' median daily upload
  // ± 5 %, to its main service), doubled on days 7–10.
  const [service, port] = [...services.get(doubler.h)!].sort((x, y) => y[1] - x[1])[0]![0].split(',');
  const kept = lines.filter((l) => l.split(',', 3)[2] !== doubler.h);
  for (let day = 0; day < 10; day++)
    extra.push(
      `${day * 86400 + 3600 + Math.round(79000 * random())},10,${doubler.h},N5001,${service},${port},6,100,${Math.round(all * (day >= 6 ? 2 : 1) * (0.95 + 0.1 * random()))}`,
    );
  const all2 = [...kept, ...extra].sort((x, y) => Number(x.split(',', 1)[0]) - Number(y.split(',', 1)[0]));
  writeFileSync(flowsPath, all2.join('\n') + '\n');

  const out = join(tempDir('out'), 'o');
  await analyze({ data, out, after: afterStages({ detect: true, report: false }) });
  const hosts = readCsv(join(out, 'hosts.csv'));
  assert.equal(hosts[0]!.host, beaconHost, 'the beacon host ranks first');
  assert.equal(hosts[0]!.top_view, 'beacon');
  assert.match(hosts[0]!.reason!, /to C99999:4444 every 60 s/);
  const beacons = readCsv(join(out, 'beacons.csv'));
  assert.equal(beacons[0]!.host, beaconHost);
  assert.equal(beacons[0]!.remote_host, 'C99999');
  assert.ok(Math.abs(Number(beacons[0]!.median_gap_s) - 60) <= 1, beacons[0]!.median_gap_s);
  assert.ok(Number(beacons[0]!.gap_mad_s) <= 2);

  // The doubled days stay inside the group's range of the same day (a group comparison cannot see them).
  const groupOf = new Map(readCsv(join(out, 'peer_groups.csv')).map((r) => [r.host!, r.peer_group!]));
  const series = readCsv(join(out, 'series.csv'));
  for (let day = 6; day < 10; day++) {
    const peers = series.filter(
      (r) => Number(r.interval) === day * 86400 && groupOf.get(r.host!) === groupOf.get(doubler.h),
    );
    const mine = peers.find((r) => r.host === doubler.h)!;
    assert.ok(Number(mine.upload_bytes) < Math.max(...peers.map((r) => Number(r.upload_bytes))), `day ${day + 1}`);
  }
  // Its own baseline sees the doubling, its group does not: self_baseline p ≤ 0.05 while its peer
  // views stay flat (p > 0.1). In this generated background (daily volumes vary ~3× per host) a
  // 2× shift over 4 days is not the population's strongest own-baseline deviation (p ≈ 0.03 here),
  // so first place is checked where the answer is obvious: test/detect/self-baseline.test.ts.
  const me = hosts.find((h) => h.host === doubler.h)!;
  assert.ok(Number(me.self_baseline) >= 1.3, `self_baseline ${me.self_baseline}`);
  assert.ok(Number(me.peer_z) < 1 && Number(me.upload_kde) < 1, `peer_z ${me.peer_z}, upload_kde ${me.upload_kde}`);
  const mine = readCsv(join(out, 'alerts.csv')).filter((x) => x.host === doubler.h);
  for (const x of mine) assert.ok(Number(x.interval) >= 6 * 86400, `alert on day ${Number(x.interval) / 86400 + 1}`);
});

test('peer views ask for a change: a host at 200× a typical desk’s daily upload on every day is unlike its peers but has not changed (its peer evidence falls ≥ 10× with peerChange), a host that jumps to it on day 7 is seen either way', async () => {
  const { data, humans } = await cleanTraffic();
  const flowsPath = join(data, 'flows.txt');
  const lines = read(flowsPath).trimEnd().split('\n');
  const daily = new Map<string, number[]>();
  const service = new Map<string, string>();
  for (const l of lines) {
    const f = l.split(',');
    if (!daily.has(f[2]!)) daily.set(f[2]!, new Array(10).fill(0));
    daily.get(f[2]!)![Math.floor(Number(f[0]) / 86400)]! += Number(f[8]);
    service.set(f[2]!, `${f[4]},${f[5]}`);
  }
  const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[xs.length >> 1]!;
  const active = humans.filter((h) => (daily.get(h) ?? []).every((v) => v > 0));
  const typical = median(active.map((h) => median(daily.get(h)!)));
  const [always, jumper] = active.slice(0, 2) as [string, string];
  const extra: string[] = [];
  for (let day = 0; day < 10; day++) {
    const big = (h: string) =>
      `${day * 86400 + 40000},10,${h},N5002,${service.get(h)},6,100,${Math.round(200 * typical)}`;
    extra.push(big(always));
    if (day >= 6) extra.push(big(jumper));
  }
  const all = [...lines, ...extra].sort((x, y) => Number(x.split(',', 1)[0]) - Number(y.split(',', 1)[0]));
  writeFileSync(flowsPath, all.join('\n') + '\n');

  const peerScore = (hosts: Record<string, string>[], h: string) => {
    const r = hosts.find((x) => x.host === h)!;
    return Math.max(Number(r.upload_kde), Number(r.peer_z));
  };
  const runs: Record<string, Record<string, string>[]> = {};
  for (const peerChange of [true, false]) {
    const out = join(tempDir(`out-${peerChange}`), 'o');
    const s = await analyze({
      data,
      out,
      after: afterStages({ detect: true, report: false, detectOptions: { peerChange } }),
    });
    assert.equal((s.detection as { peer_change: boolean }).peer_change, peerChange);
    runs[String(peerChange)] = readCsv(join(out, 'hosts.csv'));
  }
  const [was, now] = [peerScore(runs.false!, always), peerScore(runs.true!, always)];
  const [jumpWas, jumpNow] = [peerScore(runs.false!, jumper), peerScore(runs.true!, jumper)];
  // Without the own-past test both are far outside their groups (p ≤ 10^-2.5).
  assert.ok(was >= 2.5 && jumpWas >= 2.5, `no peer change: always ${was}, jumper ${jumpWas}`);
  // With it the host that always sat there loses at least a factor 10 of its peer evidence and
  // falls below the one that moved, whose evidence stays.
  assert.ok(now <= was - 1, `always: ${was} → ${now}`);
  assert.ok(jumpNow >= 2.5 && jumpNow >= now + 1, `jumper ${jumpNow}, always ${now}`);
});

/** The detect stage as analyze runs it, but reading the flow files itself (as on the cluster path): no scan tables. */
const detectFromFiles = (): AfterStage => ({
  name: 'detect',
  run: async ({ engine, dir, summary }) => {
    Object.assign(
      summary,
      await detectHosts(engine, dir, summary.time_span.first, {
        intervalSeconds: summary.interval,
        flowFiles: (summary.inputs.flows ?? []).map((f) => f.path),
      }),
    );
  },
});

const DETECTION_OUTPUTS = ['hosts.csv', 'peer_groups.csv', 'edges.csv', 'beacons.csv', 'alerts.csv', 'alerts.jsonl'];

test('the beacon pairs and flow sizes the scan collects (1 thread; 2 threads over many small blocks; a store) give the outputs of detection reading the raw flow files through the engine', async () => {
  const data = (await generate({ out: join(tempDir('data'), 'd'), seed: 5, scale: 0.003, days: 6, redteam: 'replay' }))
    .out;
  const fromFiles = join(tempDir('files'), 'o');
  const summary = await analyze({ data, out: fromFiles, after: [detectFromFiles()] });
  assert.ok((summary.detection as { beacon_pairs: number }).beacon_pairs > 20, 'pairs to compare');
  assert.deepEqual((summary.detection as { missing_views: object }).missing_views, {});
  const store = join(tempDir('store'), 's');
  await ingest({ data, out: store });
  const runs = [
    { label: 'serial', options: { data, threads: 1 } },
    { label: 'parallel', options: { data, threads: 2, blockSize: 4096 } },
    { label: 'store', options: { store } },
  ];
  for (const { label, options } of runs) {
    const out = join(tempDir(label), 'o');
    const s = await analyze({ ...options, out, after: afterStages({ detect: true, report: false }) });
    assert.ok(!existsSync(join(out, '.spill-flows')), `${label}: the started-flows files are removed`);
    for (const f of DETECTION_OUTPUTS) assert.equal(read(join(out, f)), read(join(fromFiles, f)), `${label}: ${f}`);
    assert.deepEqual(s.detection, summary.detection, `${label}: summary.detection`);
  }
});

test('a short line the scan rejects: the beacon view and the flow-size part come from the flows the scan accepted, as without the line; read by the engine from the files (no scan tables), both are left out with the read error', async () => {
  const data = (await generate({ out: join(tempDir('data'), 'd'), seed: 6, scale: 0.003, days: 3 })).out;
  const clean = join(tempDir('clean'), 'o');
  await analyze({ data, out: clean, after: afterStages({ detect: true, report: false }) });
  const flowsPath = join(data, 'flows.txt');
  const lines = read(flowsPath).trimEnd().split('\n').length;
  writeFileSync(flowsPath, read(flowsPath) + '1,2,3\n');
  const out = join(tempDir('o'), 'o');
  const scanned = await analyze({ data, out, after: afterStages({ detect: true, report: false }) });
  assert.equal(scanned.files.flows!.rejected, 1);
  assert.deepEqual((scanned.detection as { missing_views: object }).missing_views, {});
  for (const f of DETECTION_OUTPUTS) assert.equal(read(join(out, f)), read(join(clean, f)), f);

  const fromFiles = join(tempDir('files'), 'o');
  await analyze({ data, out: fromFiles, after: [detectFromFiles()] });
  const summary = JSON.parse(read(join(fromFiles, 'summary.json'))) as {
    detection: { missing_views: Record<string, string> };
  };
  const expected = `flow files could not be read as LANL flows: query failed: Invalid Input Error: CSV Error on Line: ${lines + 1}`;
  assert.equal(summary.detection.missing_views.beacon, expected);
  assert.equal(summary.detection.missing_views['self_baseline.flow_size_ratio'], expected);
  assert.ok(!existsSync(join(fromFiles, 'beacons.csv')), 'no beacons.csv without the beacon view');
  assert.ok(readCsv(join(fromFiles, 'hosts.csv')).length > 0, 'hosts are scored');
});

test('a reason led by peer_z names the side whose robust z it is: "downloaded" exactly where the download z (recomputed from series.csv) beats the upload z', async () => {
  // Hourly intervals: most hosts move nothing in a given hour, so downloads drive peer_z often.
  const data = (
    await generate({ out: join(tempDir('data'), 'd'), seed: 5, scale: 0.002, days: 2, campaigns: ['none'] })
  ).out;
  const out = join(tempDir('hourly'), 'o');
  await analyze({ data, out, interval: 3600, after: afterStages({ detect: true, report: false }) });
  const groupOf = new Map(readCsv(join(out, 'peer_groups.csv')).map((r) => [r.host!, r.peer_group!]));
  const series = readCsv(join(out, 'series.csv'));
  // The peer reference, written out here: median and max(0.5, robust scale) of log2(1 + bytes) over the
  // group's hosts in the interval, none for a cell of fewer than 3.
  const median = (xs: number[]) => {
    const s = [...xs].sort((a, b) => a - b);
    const m = s.length >> 1;
    return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
  };
  const cells = new Map<string, { up: number[]; down: number[] }>();
  for (const r of series) {
    const key = `${groupOf.get(r.host!)}|${r.interval}`;
    const c = cells.get(key) ?? { up: [], down: [] };
    c.up.push(Math.log2(1 + Number(r.upload_bytes)));
    c.down.push(Math.log2(1 + Number(r.download_bytes)));
    cells.set(key, c);
  }
  const z = (x: number, xs: number[]) => {
    if (xs.length < 3) return NaN;
    const m = median(xs);
    const dev = xs.map((v) => Math.abs(v - m));
    const mad = median(dev);
    // Where the MAD is 0 (most of the cell silent), 1.253314 × the mean deviation.
    const s = mad > 0 ? 1.4826 * mad : (1.253314 * dev.reduce((a, b) => a + b, 0)) / dev.length;
    return (x - m) / Math.max(0.5, s);
  };
  const bytes = new Map(series.map((r) => [`${r.host}|${r.interval}`, r]));
  const hosts = readCsv(join(out, 'hosts.csv')).filter((h) => h.top_view === 'peer_z');
  assert.ok(hosts.length >= 5, `${hosts.length} hosts led by peer_z`);
  let down = 0;
  for (const h of hosts) {
    const r = bytes.get(`${h.host}|${h.interval}`)!;
    const c = cells.get(`${groupOf.get(h.host!)}|${h.interval}`)!;
    const zu = z(Math.log2(1 + Number(r.upload_bytes)), c.up);
    const zd = z(Math.log2(1 + Number(r.download_bytes)), c.down);
    const byDownload = !Number.isNaN(zd) && (Number.isNaN(zu) || zd > zu);
    assert.equal(
      h.reason!.startsWith('downloaded '),
      byDownload,
      `${h.host} ${h.interval}: z up ${zu}, down ${zd}: ${h.reason}`,
    );
    if (byDownload) down++;
  }
  assert.ok(down > 0 && down < hosts.length, `both sides occur (${down} of ${hosts.length} by the download)`);
});

test('hourly intervals on clean generated traffic stay within 1.5× the alert budget (most hours are silent for most hosts; the peer scale must not collapse to its floor there)', async () => {
  // Before the mean-deviation fallback of the peer scale this set had 16 alerts (seeds 1 and 2: 12, 10).
  const data = (
    await generate({ out: join(tempDir('data'), 'd'), seed: 3, scale: 0.004, days: 3, campaigns: ['none'] })
  ).out;
  const out = join(tempDir('hourly-none'), 'o');
  await analyze({ data, out, interval: 3600, after: afterStages({ detect: true, report: false }) });
  const hosts = readCsv(join(out, 'hosts.csv')).length;
  const alerts = readCsv(join(out, 'alerts.csv')).length;
  // Budget 5 per day per 1,000 hosts over 3 days.
  const allowed = 1.5 * 5 * 3 * (hosts / 1000);
  assert.ok(hosts > 50, `${hosts} hosts`);
  assert.ok(alerts <= allowed, `${alerts} false alerts on ${hosts} hosts over 3 days, allowed ${allowed.toFixed(2)}`);
});
