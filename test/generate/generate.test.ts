import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { generate, LANL_DAY1 } from '../../src/generate/index.js';
import { analyze } from '../../src/pipeline/index.js';
import { referenceAnalyze } from '../pipeline/reference-analyze.js';
import { assertMatchesReference } from '../pipeline/assert-matches-reference.js';
import { tempDir } from '../helpers/temp-dir.js';

const tmp = (prefix: string) => tempDir(`gen-${prefix}`);
const lines = (path: string) =>
  (path.endsWith('.gz') ? gunzipSync(readFileSync(path)) : readFileSync(path)).toString('latin1').trimEnd().split('\n');

const FILES = ['auth.txt', 'flows.txt', 'redteam.txt', 'truth.json', 'truth/hosts.csv', 'truth/redteam_edges.csv'];

test('the same seed, scale, days and campaigns give byte-identical files, whatever the order of the campaigns; another seed does not', async () => {
  const options = { seed: 7, scale: 0.001, days: 4 };
  const a = await generate({ ...options, out: join(tmp('a'), 'd'), campaigns: ['all'] });
  const b = await generate({
    ...options,
    out: join(tmp('b'), 'd'),
    campaigns: ['low-and-slow', 'beacon', 'staging', 'exfil', 'lateral-only', 'synthetic', 'replay'],
  });
  const c = await generate({ ...options, out: join(tmp('c'), 'd'), campaigns: ['all'], seed: 8 });
  for (const name of FILES) assert.ok(readFileSync(join(a.out, name)).equals(readFileSync(join(b.out, name))), name);
  assert.ok(!readFileSync(join(a.out, 'flows.txt')).equals(readFileSync(join(c.out, 'flows.txt'))));
  assert.equal(a.campaigns.length, 7);
});

test('the deprecated redteam option is an alias of one campaign', async () => {
  const options = { seed: 3, scale: 0.0005, days: 2 };
  const a = await generate({ ...options, out: join(tmp('alias-a'), 'd'), redteam: 'synthetic' });
  const b = await generate({ ...options, out: join(tmp('alias-b'), 'd'), campaigns: ['synthetic'] });
  for (const name of FILES) assert.ok(readFileSync(join(a.out, name)).equals(readFileSync(join(b.out, name))), name);
  await assert.rejects(
    generate({ ...options, out: join(tmp('alias-c'), 'd'), redteam: 'none', campaigns: ['exfil'] }),
    /not both/,
  );
});

test('none: no redteam file, no campaign and nobody compromised in the truth', async () => {
  const r = await generate({ out: join(tmp('none'), 'd'), seed: 2, scale: 0.0005, days: 2, campaigns: ['none'] });
  assert.ok(!existsSync(join(r.out, 'redteam.txt')));
  assert.deepEqual(
    r.files.map((f) => f.kind),
    ['auth', 'flows'],
  );
  const truth = JSON.parse(readFileSync(join(r.out, 'truth.json'), 'utf8'));
  assert.deepEqual(truth.campaigns, []);
  assert.deepEqual(truth.compromised, []);
  const hosts = lines(join(r.out, 'truth', 'hosts.csv'));
  assert.ok(
    hosts.slice(1).every((l) => l.endsWith(',0,,')),
    'no host compromised, no campaign',
  );
  assert.deepEqual(lines(join(r.out, 'truth', 'redteam_edges.csv')), ['time,user,src_host,dst_host,campaign']);
});

test('calibration: day-1 logon-type mix, account kinds, N-ports, duplicate flows, flow moments', async () => {
  const scale = 0.01;
  const r = await generate({ out: join(tmp('cal'), 'd'), seed: 3, scale, days: 1, gz: true, campaigns: ['none'] });
  const auth = lines(join(r.out, 'auth.txt.gz')).map((l) => l.split(','));
  // ±10 % around the real day-1 volume (each day's volume varies by ±10 %).
  assert.ok(Math.abs(auth.length / (LANL_DAY1.authRows * scale) - 1) <= 0.1, `${auth.length} auth rows`);
  const byType = new Map<string, number>();
  for (const f of auth) byType.set(f[6]!, (byType.get(f[6]!) ?? 0) + 1);
  for (const [type, real] of LANL_DAY1.logonTypes) {
    const want = real / LANL_DAY1.authRows;
    const got = (byType.get(type) ?? 0) / auth.length;
    // Binomial sampling error is below 4 standard errors with this tolerance.
    assert.ok(
      Math.abs(got - want) <= 4 * Math.sqrt((want * (1 - want)) / auth.length) + 1e-4,
      `${type}: ${got} vs ${want}`,
    );
  }
  const users = auth.map((f) => f[1]!);
  assert.ok(
    users.some((u) => /^C\d+\$@DOM1$/.test(u)),
    'machine accounts',
  );
  assert.ok(
    users.some((u) => /^ANONYMOUS LOGON@C\d+$/.test(u)),
    'anonymous logons',
  );
  assert.ok(
    users.some((u) => /^U\d+@C\d+$/.test(u)),
    'local accounts',
  );
  assert.ok(
    auth.some((f) => f[5] === '?' && f[6] === '?'),
    '? fields',
  );

  const flows = lines(join(r.out, 'flows.txt.gz'));
  let duplicates = 0;
  const seen = new Set<string>();
  for (const l of flows) {
    if (seen.has(l)) duplicates++;
    else seen.add(l);
  }
  assert.ok(Math.abs(duplicates / flows.length - 0.17) < 0.01, `duplicate share ${duplicates / flows.length}`);
  const f = flows.map((l) => l.split(','));
  assert.ok(f.every((x) => /^(N\d+|\d+)$/.test(x[3]!) && /^(N\d+|\d+)$/.test(x[5]!)));
  assert.ok(f.filter((x) => x[3]!.startsWith('N')).length > 0.5 * f.length);
  // Means of heavy-tailed columns are noisy; medians and the log-scale mean are not, and they
  // follow from the log-normal fitted to the real day-1 mean and standard deviation.
  const median = (xs: number[]) => xs.sort((p, q) => p - q)[xs.length >> 1]!;
  const meanDuration = f.reduce((s, x) => s + Number(x[1]), 0) / f.length;
  assert.ok(Math.abs(meanDuration / LANL_DAY1.flow.duration.mean - 1) < 0.2, `mean duration ${meanDuration}`);
  const packetsMedian = median(f.map((x) => Number(x[7])));
  const expected = Math.exp(
    Math.log(LANL_DAY1.flow.packets.mean) -
      Math.log(1 + (LANL_DAY1.flow.packets.sd / LANL_DAY1.flow.packets.mean) ** 2) / 2,
  );
  assert.ok(Math.abs(packetsMedian / expected - 1) < 0.15, `median packets ${packetsMedian} vs ${expected}`);
  assert.ok(f.every((x) => Number(x[8]) >= LANL_DAY1.flow.bytes.min));
  // Host habits take their share of the day-1 spread of ln(bytes) rather than adding to it, so the
  // median flow stays at the fitted log-normal's exp(mu) (departments' shifts move it a little).
  const bytesMedian = median(f.map((x) => Number(x[8])));
  const bytesExpected = Math.exp(
    Math.log(LANL_DAY1.flow.bytes.mean) - Math.log(1 + (LANL_DAY1.flow.bytes.sd / LANL_DAY1.flow.bytes.mean) ** 2) / 2,
  );
  assert.ok(Math.abs(bytesMedian / bytesExpected - 1) < 0.25, `median bytes ${bytesMedian} vs ${bytesExpected}`);
});

test('replay keeps the real red-team lines of the span, each also an auth event; victims upload more after', async () => {
  const days = 10;
  const r = await generate({ out: join(tmp('replay'), 'd'), seed: 1, scale: 0.002, days, campaigns: ['replay'] });
  const real = readFileSync(resolve('data', 'lanl-redteam.txt'), 'latin1')
    .trimEnd()
    .split('\n')
    .filter((l) => Number(l.split(',')[0]) < days * 86400);
  const got = lines(join(r.out, 'redteam.txt'));
  assert.deepEqual([...got].sort(), [...real].sort());
  const auth = new Set(lines(join(r.out, 'auth.txt')).map((l) => l.split(',').slice(0, 5).join(',')));
  for (const l of got) {
    const [t, user, src, dst] = l.split(',');
    assert.ok(auth.has(`${t},${user},${user},${src},${dst}`), `auth event for ${l}`);
  }
  const truth = JSON.parse(readFileSync(join(r.out, 'truth.json'), 'utf8'));
  assert.equal(new Set(got.map((l) => l.split(',')[3])).size, truth.compromised.length);

  const out = join(tmp('replay-out'), 'o');
  await analyze({ data: r.out, out });
  const series = readFileSync(join(out, 'series.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)
    .map((l) => l.split(','));
  const victims = truth.compromised.filter((v: { role: string }) => v.role === 'human');
  assert.ok(victims.length > 0);
  let checked = 0;
  for (const v of victims as { host: string; first_time: number }[]) {
    const rows = series.filter((s) => s[1] === v.host);
    const mean = (xs: string[][]) => xs.reduce((s, x) => s + Math.log2(Number(x[2]) + 1), 0) / xs.length;
    const before = rows.filter((s) => Number(s[0]) + 86400 <= v.first_time);
    const after = rows.filter((s) => Number(s[0]) > v.first_time);
    if (before.length === 0 || after.length === 0) continue;
    assert.ok(mean(after) > mean(before) + 1, `${v.host} uploads more after compromise`);
    checked++;
  }
  assert.ok(checked >= 2, `${checked} victims with days before and after compromise`);
});

test('analyze on a generated set equals the independent reference implementation', async () => {
  const r = await generate({
    out: join(tmp('ref'), 'd'),
    seed: 5,
    scale: 0.001,
    days: 3,
    gz: true,
    campaigns: ['all'],
  });
  const out = join(tmp('ref-out'), 'o');
  await analyze({ data: r.out, out });
  const ref = referenceAnalyze(r.out);
  assert.ok(ref.humans.size >= 30 && ref.series.size > 60);
  assertMatchesReference(out, ref);
});
