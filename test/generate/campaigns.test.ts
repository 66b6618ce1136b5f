// The campaign family, measured from the written files of one data set that plants all of them
// (so this also checks that they coexist on disjoint victims), against truth.json.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { CAMPAIGN_NAMES, generate } from '../../src/generate/index.js';
import { eachLine, median, quantile } from './each-line.js';
import { tempDir } from '../helpers/temp-dir.js';

const DAYS = 14;
const END = DAYS * 86400;

interface Victim {
  host: string;
  role: string;
  department: number | null;
  first_time: number;
  upload_factor?: number;
  ramp_days?: number;
  period_s?: number;
  jitter?: number;
  bytes?: number;
}
interface Campaign {
  name: string;
  parameters: Record<string, unknown> & { attackers?: string[]; server?: string; host?: string; port?: string };
  victims: Victim[];
}
interface Truth {
  campaigns: Campaign[];
  compromised: { host: string; campaign: string; first_time: number }[];
}

let root = '';
let dir = '';
let truth: Truth;
const campaign = (name: string): Campaign => {
  const c = truth.campaigns.find((x) => x.name === name);
  assert.ok(c, `campaign ${name} in truth.json`);
  return c;
};
let redteam: string[][] = [];
const humans = new Map<string, number>();
/** Per workstation and day: its flows' ln(bytes) as source (uploads) and as destination (downloads), and the byte sums. */
const logUp = new Map<string, Map<number, number[]>>();
const logDown = new Map<string, Map<number, number[]>>();
const dailyUp = new Map<string, Map<number, number>>();
/** Flows that name an outside campaign host, by that host. */
const outsideFlows = new Map<string, string[][]>();
/** Auth: first time of each (user, src, dst) network logon, and first time each outside host appears. */
const firstTriple = new Map<string, number>();
const authLinesNaming = new Map<string, string[]>();

const push = <K, V>(m: Map<K, V[]>, k: K, v: V) => {
  const a = m.get(k);
  if (a === undefined) m.set(k, [v]);
  else a.push(v);
};
const byDay = (m: Map<string, Map<number, number[]>>, host: string, day: number, v: number) => {
  if (!m.has(host)) m.set(host, new Map());
  push(m.get(host)!, day, v);
};

before(async () => {
  root = tempDir('gen-campaigns');
  const r = await generate({
    out: join(root, 'd'),
    seed: 21,
    scale: 0.01,
    days: DAYS,
    campaigns: ['all'],
  });
  dir = r.out;
  truth = JSON.parse(readFileSync(join(dir, 'truth.json'), 'utf8')) as Truth;
  redteam = readFileSync(join(dir, 'redteam.txt'), 'latin1')
    .trimEnd()
    .split('\n')
    .map((l) => l.split(','));
  for (const l of readFileSync(join(dir, 'truth', 'hosts.csv'), 'utf8')
    .trimEnd()
    .split('\n')
    .slice(1)) {
    const [host, role, dep] = l.split(',');
    if (role === 'human') humans.set(host!, Number(dep));
  }
  const outside = new Set(
    truth.campaigns
      .flatMap((c) => [...(c.parameters.attackers ?? []), c.parameters.server, c.parameters.host])
      .filter((h): h is string => typeof h === 'string'),
  );
  eachLine(join(dir, 'flows.txt'), (line) => {
    const f = line.split(',');
    const [t, , src, , dst, , , , bytes] = f as [
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
      string,
    ];
    const day = Math.floor(Number(t) / 86400);
    if (humans.has(src)) {
      byDay(logUp, src, day, Math.log(Number(bytes)));
      if (!dailyUp.has(src)) dailyUp.set(src, new Map());
      const m = dailyUp.get(src)!;
      m.set(day, (m.get(day) ?? 0) + Number(bytes));
    }
    if (humans.has(dst)) byDay(logDown, dst, day, Math.log(Number(bytes)));
    if (outside.has(src)) push(outsideFlows, src, f);
    if (outside.has(dst)) push(outsideFlows, dst, f);
  });
  const wanted = new Set(redteam.map(([, user, src, dst]) => `${user},${src},${dst}`));
  eachLine(join(dir, 'auth.txt'), (line) => {
    const f = line.split(',');
    const key = `${f[1]},${f[3]},${f[4]}`;
    if (wanted.has(key) && !firstTriple.has(key)) firstTriple.set(key, Number(f[0]));
    if (outside.has(f[3]!)) push(authLinesNaming, f[3]!, line);
    if (outside.has(f[4]!)) push(authLinesNaming, f[4]!, line);
  });
});

// ~200 MB of logs: do not leave them behind.
after(() => rmSync(root, { recursive: true, force: true }));

test('all: every campaign present, on disjoint victims, compromised after the first quarter and spread over days', () => {
  assert.deepEqual(
    truth.campaigns.map((c) => c.name),
    [...CAMPAIGN_NAMES],
  );
  const seen = new Map<string, string>();
  for (const c of truth.campaigns) {
    for (const v of c.victims) {
      assert.ok(!seen.has(v.host), `${v.host} is a victim of ${seen.get(v.host)} and ${c.name}`);
      seen.set(v.host, c.name);
    }
    const workstations = c.victims.filter((v) => v.role === 'human');
    assert.ok(
      workstations.length >= (c.name === 'replay' ? 1 : 3),
      `${c.name}: ${workstations.length} workstation victims`,
    );
    // replay follows the real timeline.
    if (c.name === 'replay') continue;
    // ~3 % of the workstations, at least 3.
    assert.equal(workstations.length, Math.max(3, Math.round(humans.size * 0.03)), c.name);
    assert.ok(
      c.victims.every((v) => v.first_time >= END / 4 && v.first_time < END),
      `${c.name}: after the first quarter`,
    );
    const days = new Set(c.victims.map((v) => Math.floor(v.first_time / 86400)));
    // synthetic attacks in bursts on 4 days.
    assert.ok(days.size >= (c.name === 'synthetic' ? 2 : 3), `${c.name}: compromises on ${days.size} days`);
  }
});

test('truth files agree with redteam.txt: campaign columns, first times, and every red-team logon is in auth.txt', () => {
  const edges = readFileSync(join(dir, 'truth', 'redteam_edges.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  assert.equal(edges[0], 'time,user,src_host,dst_host,campaign');
  assert.deepEqual(
    edges.slice(1).map((l) => l.split(',').slice(0, 4).join(',')),
    redteam.map((f) => f.join(',')),
  );
  const campaignOf = new Map(truth.campaigns.flatMap((c) => c.victims.map((v) => [v.host, c.name] as const)));
  const first = new Map<string, number>();
  for (const l of edges.slice(1)) {
    const [time, , , dst, name] = l.split(',');
    assert.equal(campaignOf.get(dst!), name, `edge to ${dst} belongs to its victim's campaign`);
    first.set(dst!, Math.min(Number(time), first.get(dst!) ?? Infinity));
  }
  for (const [host, name] of campaignOf) {
    const v = truth.campaigns.find((c) => c.name === name)!.victims.find((x) => x.host === host)!;
    assert.equal(v.first_time, first.get(host), `${host}: first_time is its first red-team logon`);
  }
  const hosts = readFileSync(join(dir, 'truth', 'hosts.csv'), 'utf8')
    .trimEnd()
    .split('\n');
  assert.equal(hosts[0], 'host,role,department,users,compromised,first_time,campaign');
  for (const l of hosts.slice(1)) {
    const f = l.split(',');
    assert.equal(f[6] ?? '', campaignOf.get(f[0]!) ?? '', l);
    assert.equal(f[4], campaignOf.has(f[0]!) ? '1' : '0', l);
  }
  assert.equal(truth.compromised.length, campaignOf.size);
  for (const [t, user, src, dst] of redteam)
    assert.ok(
      firstTriple.has(`${user},${src},${dst}`) && firstTriple.get(`${user},${src},${dst}`)! <= Number(t),
      `auth logon for ${t},${user},${src},${dst}`,
    );
});

test('exfil, beacon and low-and-slow ride the routine admin path: every red-team logon repeats an (account, source, destination) seen on day 1', () => {
  for (const name of ['exfil', 'beacon', 'low-and-slow']) {
    const hosts = new Set(campaign(name).victims.map((v) => v.host));
    const lines = redteam.filter((f) => hosts.has(f[3]!));
    assert.ok(lines.length >= hosts.size, name);
    for (const [t, user, src, dst] of lines) {
      const seen = firstTriple.get(`${user},${src},${dst}`)!;
      assert.ok(
        seen < 86400 && seen < Number(t),
        `${name}: ${user} from ${src} to ${dst} first seen at ${seen}, attack at ${t}`,
      );
    }
  }
});

test('lateral-only and staging log on from a host that never authenticated before and sends no flow', () => {
  for (const name of ['lateral-only', 'staging']) {
    const [attacker] = campaign(name).parameters.attackers!;
    const logons = redteam.filter((f) => f[2] === attacker);
    assert.ok(logons.length >= campaign(name).victims.length, `${name}: ${logons.length} logons from ${attacker}`);
    // Its only auth lines are the red-team logons, and it never appears in flows.
    const lines = authLinesNaming.get(attacker!) ?? [];
    assert.equal(lines.length, logons.length, `${name}: auth lines naming ${attacker}`);
    assert.equal(outsideFlows.get(attacker!), undefined);
    // Harvested accounts: the account changes as the attacker moves on from victim to victim.
    assert.ok(new Set(logons.map((f) => f[1])).size >= 2, `${name}: several accounts`);
  }
});

/**
 * Per victim and day, median ln(bytes) of its uploads minus that of its downloads: a desk's busy or
 * quiet day moves both directions alike, so the difference isolates what the campaign did to its
 * uploads. Returns the days with at least 3 flows each way.
 */
function uploadOverDownload(host: string): Map<number, number> {
  const out = new Map<number, number>();
  for (const [day, ups] of logUp.get(host) ?? []) {
    const downs = logDown.get(host)?.get(day) ?? [];
    if (ups.length >= 3 && downs.length >= 3) out.set(day, median(ups) - median(downs));
  }
  return out;
}
const meanVar = (xs: number[]) => {
  const m = xs.reduce((a, b) => a + b, 0) / xs.length;
  return { mean: m, variance: xs.reduce((a, b) => a + (b - m) ** 2, 0) / Math.max(1, xs.length - 1), n: xs.length };
};
/** Difference of means, with its standard error from the pooled day-to-day variance (a single post day has none of its own). */
function shiftOf(pre: number[], post: number[]): { shift: number; se: number } {
  const a = meanVar(pre);
  const b = meanVar(post);
  assert.ok(a.n >= 2 && b.n >= 1, `${a.n} days before and ${b.n} after`);
  const pooled = ((a.n - 1) * a.variance + Math.max(0, b.n - 1) * b.variance) / (a.n - 1 + Math.max(0, b.n - 1));
  return { shift: b.mean - a.mean, se: Math.sqrt(pooled * (1 / a.n + 1 / b.n)) };
}

test('exfil: each victim uploads k× its own baseline after compromise (k in 4–8), while a fifth or more of their days stay inside the department range', () => {
  const c = campaign('exfil');
  assert.deepEqual(c.parameters.upload_factor, [4, 8]);
  const victimHosts = new Set(truth.compromised.map((v) => v.host));
  let pooledWeight = 0;
  let pooledError = 0;
  let days = 0;
  let inside = 0;
  const ratios: number[] = [];
  for (const v of c.victims) {
    const k = v.upload_factor!;
    assert.ok(k >= 4 && k <= 8, `${v.host}: k ${k}`);
    const day0 = Math.floor(v.first_time / 86400);
    const rel = uploadOverDownload(v.host);
    const pre = [...rel].filter(([d]) => d < day0).map(([, x]) => x);
    const post = [...rel].filter(([d]) => d > day0).map(([, x]) => x);
    const { shift, se } = shiftOf(pre, post);
    // A z-test at 4 standard errors, with the day-to-day variance measured on the victim's own days.
    assert.ok(
      Math.abs(shift - Math.log(k)) <= 4 * se,
      `${v.host}: ln shift ${shift.toFixed(2)} ± ${se.toFixed(2)} vs ln k ${Math.log(k).toFixed(2)}`,
    );
    pooledWeight += 1 / se ** 2;
    pooledError += (shift - Math.log(k)) / se ** 2;

    // The daily volume itself: median post-compromise day over median pre-compromise day.
    const daily = dailyUp.get(v.host)!;
    const postDaily = [...daily].filter(([d]) => d > day0);
    ratios.push(
      Math.log(
        median(postDaily.map(([, x]) => x)) / median([...daily].filter(([d]) => d < day0).map(([, x]) => x)) / k,
      ),
    );
    // What a comparison with the peers sees: the victim's day against its department's other
    // workstations on the same day (5th–95th percentile).
    for (const [d, x] of postDaily) {
      const peers = [...humans]
        .filter(([h, dep]) => dep === v.department && !victimHosts.has(h))
        .map(([h]) => dailyUp.get(h)?.get(d))
        .filter((y): y is number => y !== undefined)
        .sort((a, b) => a - b);
      days++;
      if (x >= quantile(peers, 0.05) && x <= quantile(peers, 0.95)) inside++;
    }
  }
  const pooledSe = Math.sqrt(1 / pooledWeight);
  assert.ok(pooledSe < 0.2, `pooled standard error ${pooledSe}`);
  assert.ok(
    Math.abs(pooledError / pooledWeight) <= 4 * pooledSe,
    `pooled ln(shift / k) ${(pooledError / pooledWeight).toFixed(3)} ± ${pooledSe.toFixed(3)}`,
  );
  // Daily sums of heavy-tailed flows are noisy (a desk's day-to-day sd is ~1 in ln): the geometric
  // mean of (daily ratio / k) over the victims stays within a factor 3 of 1.
  const geo = Math.exp(ratios.reduce((a, b) => a + b, 0) / ratios.length);
  assert.ok(geo > 1 / 3 && geo < 3, `geometric mean of daily ratio / k: ${geo.toFixed(2)}`);
  assert.ok(
    inside >= 0.2 * days,
    `${inside} of ${days} post-compromise victim-days inside their department's 5–95 % range of that day`,
  );
});

test('low-and-slow: uploads ramp to m× (m in 2–3) of the own baseline over the ramp days', () => {
  const c = campaign('low-and-slow');
  const early: number[] = [];
  const late: number[] = [];
  let pooledWeight = 0;
  let pooledError = 0;
  for (const v of c.victims) {
    const m = v.upload_factor!;
    const ramp = v.ramp_days! * 86400;
    assert.ok(m >= 2 && m <= 3 && v.ramp_days! >= 3, `${v.host}: m ${m}, ramp ${v.ramp_days} days`);
    const day0 = Math.floor(v.first_time / 86400);
    const rel = uploadOverDownload(v.host);
    const pre = [...rel].filter(([d]) => d < day0).map(([, x]) => x);
    const preMean = meanVar(pre).mean;
    // The planted ln factor at each later day's midpoint, by the formula of the campaign.
    const expected = (d: number) => Math.log(1 + (m - 1) * Math.min(1, (d * 86400 + 43200 - v.first_time) / ramp));
    const adjusted: number[] = [];
    for (const [d, x] of rel) {
      if (d <= day0) continue;
      adjusted.push(x - expected(d));
      if (expected(d) < 0.6 * Math.log(m)) early.push(x - preMean);
      else if (expected(d) >= Math.log(m) - 1e-9) late.push(x - preMean);
    }
    // With the planted ramp taken out, the victim's days after compromise match its days before.
    const { shift, se } = shiftOf(pre, adjusted);
    assert.ok(Math.abs(shift) <= 4 * se, `${v.host}: residual ${shift.toFixed(2)} ± ${se.toFixed(2)}`);
    pooledWeight += 1 / se ** 2;
    pooledError += shift / se ** 2;
  }
  const pooledSe = Math.sqrt(1 / pooledWeight);
  assert.ok(
    pooledSe < 0.2 && Math.abs(pooledError / pooledWeight) <= 4 * pooledSe,
    `pooled residual ${(pooledError / pooledWeight).toFixed(3)} ± ${pooledSe.toFixed(3)}`,
  );
  // The ramp: days early in it sit below the days after it.
  const e = meanVar(early);
  const l = meanVar(late);
  assert.ok(e.n >= 3 && l.n >= 3, `${e.n} early and ${l.n} late days`);
  assert.ok(l.mean - e.mean > 0, `late ${l.mean.toFixed(2)} vs early ${e.mean.toFixed(2)}`);
  assert.ok(l.mean > Math.log(2) - 4 * Math.sqrt(l.variance / l.n), `after the ramp: ${l.mean.toFixed(2)}`);
});

test('beacon: each victim connects to one outside host at its own period (60 s–15 min), gaps within the jitter, near-constant sizes, to the end', () => {
  const c = campaign('beacon');
  const c2 = c.parameters.host!;
  const flows = outsideFlows.get(c2) ?? [];
  const victims = new Map(c.victims.map((v) => [v.host, v]));
  assert.ok(
    flows.every((f) => victims.has(f[2]!) && f[4] === c2 && f[5] === c.parameters.port),
    'only victims talk to the beacon host',
  );
  assert.equal(authLinesNaming.get(c2), undefined, 'the beacon host never authenticates');
  for (const v of c.victims) {
    const mine = flows.filter((f) => f[2] === v.host).map((f) => ({ t: Number(f[0]), bytes: Number(f[8]) }));
    const P = v.period_s!;
    const j = v.jitter!;
    assert.ok(P >= 60 && P <= 900 && j >= 0.02 && j <= 0.05, `${v.host}: period ${P}, jitter ${j}`);
    assert.ok(mine.length > 0.9 * ((END - v.first_time) / P), `${v.host}: ${mine.length} connections`);
    assert.ok(mine[0]!.t >= v.first_time && mine[0]!.t < v.first_time + 600, `${v.host}: starts after the logon`);
    assert.ok(mine.at(-1)!.t > END - P * (1 + j) - 1, `${v.host}: beacons to the end`);
    const gaps = mine.slice(1).map((x, i) => x.t - mine[i]!.t);
    // Times are whole seconds: allow half a second of rounding on top of the jitter.
    assert.ok(Math.abs(median(gaps) - P) <= j * P + 0.5, `${v.host}: median gap ${median(gaps)} vs period ${P}`);
    assert.ok(
      gaps.every((g) => g >= P * (1 - j) - 1 && g <= P * (1 + j) + 1),
      `${v.host}: every gap within the jitter`,
    );
    assert.ok(
      mine.every((x) => Math.abs(x.bytes - v.bytes!) <= 0.02 * v.bytes! + 1 && x.bytes < 2000),
      `${v.host}: sizes near ${v.bytes}`,
    );
  }
});

test('staging: a few small flows a day from each victim to a server no other host uses, from compromise on', () => {
  const c = campaign('staging');
  const server = c.parameters.server!;
  const flows = outsideFlows.get(server) ?? [];
  const victims = new Map(c.victims.map((v) => [v.host, v]));
  assert.ok(flows.length > 0);
  for (const f of flows) {
    assert.ok(victims.has(f[2]!) && f[4] === server, `only victims talk to the staging server: ${f.join(',')}`);
    assert.ok(Number(f[0]) >= victims.get(f[2]!)!.first_time, 'after compromise');
  }
  assert.equal(authLinesNaming.get(server), undefined, 'the staging server never authenticates');
  for (const v of c.victims) {
    const perDay = new Map<number, number>();
    for (const f of flows.filter((x) => x[2] === v.host))
      perDay.set(Math.floor(Number(f[0]) / 86400), (perDay.get(Math.floor(Number(f[0]) / 86400)) ?? 0) + 1);
    const day0 = Math.floor(v.first_time / 86400);
    for (let d = day0 + 1; d < DAYS; d++)
      assert.ok(
        (perDay.get(d) ?? 0) >= 2 && (perDay.get(d) ?? 0) <= 5,
        `${v.host} day ${d}: ${perDay.get(d)} staging flows`,
      );
  }
  const bytes = flows.map((f) => Number(f[8]));
  assert.ok(median(bytes) > 20_000 && median(bytes) < 200_000, `median staging flow ${median(bytes)} bytes`);
});
