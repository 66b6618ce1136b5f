// The self-baseline statistics on REAL data, an independent check: the original analysis's per
// host-day aggregates of the real LANL flows (test/fixtures/reference: flow_time_series = the total
// population, red_time_series = the hosts the red team touched, all their days). Each host's series
// (named hosts only: `user` 0 is the original code's placeholder for many hosts, so it has no own
// history) is scored by selfBaseline, calibrated against all host-days, and the host-day ROC-AUC
// of the red rows against the rest is printed — the comparison the published result makes with
// upload alone (red rows against the total population's: ~0.69). Two labels: every red host-day
// (the published one), and the red host-days from the host's first red-team time on
// (data/lanl-redteam.txt). The aggregates hold daily totals only, so the flow-size ratio of the
// view is replaced here by the ratio of the totals, log2 upload − log2 download.
// Not tuned to: it is reported as it comes out. Run: node --import tsx bench/self-baseline-real.ts
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { resolve } from 'node:path';
import { ownPastExcess, peerReference, rocAuc, selfBaseline } from '../src/detect/index.js';
import { calibrateTail } from '../src/stats/index.js';

const fixtures = resolve('test', 'fixtures', 'reference');
const parse = (text: string) =>
  text
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [, time, user, up, down] = line.split(',');
      return { time: Number(time), user: user!, upload: Number(up), download: Number(down) };
    });
const total = parse(gunzipSync(readFileSync(resolve(fixtures, 'flow_time_series.csv.gz'))).toString('utf8'));
const red = parse(readFileSync(resolve(fixtures, 'red_time_series.csv'), 'utf8'));

// One row per named (host, day): the total population's, plus the red rows it lacks (hosts that
// were not in the human population of the total series).
const key = (r: { user: string; time: number }) => `${r.user}/${r.time}`;
const rows = new Map<string, (typeof total)[number]>();
for (const r of total) if (r.user !== '0') rows.set(key(r), r);
let added = 0;
for (const r of red)
  if (r.user !== '0' && !rows.has(key(r))) {
    rows.set(key(r), r);
    added++;
  }
const redKeys = new Set(red.filter((r) => r.user !== '0').map(key));
const firstRed = new Map<string, number>();
for (const line of readFileSync(resolve('data', 'lanl-redteam.txt'), 'utf8').trim().split('\n')) {
  const [time, , , dst] = line.split(',');
  const t = Number(time);
  if (!(firstRed.get(dst!)! <= t)) firstRed.set(dst!, t);
}
const list = [...rows.values()];
const hostId = new Map<string, number>();
const host = Float64Array.from(list, (r) => {
  if (!hostId.has(r.user)) hostId.set(r.user, hostId.size);
  return hostId.get(r.user)!;
});
const interval = Float64Array.from(list, (r) => Math.floor(r.time / 86400));
const labelAll = list.map((r) => redKeys.has(key(r)));
// A day counts from the host's first red-team time when it ends after it.
const labelAfter = list.map((r) => redKeys.has(key(r)) && r.time + 86400 > (firstRed.get(r.user) ?? Infinity));

const upload = Float64Array.from(list, (r) => r.upload);
const ratio = Float64Array.from(list, (r) => Math.log2(1 + r.upload) - Math.log2(1 + r.download));
const up = selfBaseline({ host, interval, bytes: upload });
const rt = selfBaseline({ host, interval, values: ratio });
const p = (values: Float64Array) => calibrateTail(values).pValues(values, true);
const parts = [p(up.cusum), p(rt.cusum), p(rt.z)];
const view = Float64Array.from(list, (_, i) => {
  const present = parts.map((q) => q[i]!).filter((v) => !Number.isNaN(v));
  return present.length ? Math.min(1, present.length * Math.min(...present)) : NaN;
});
// A host-day without a score (its first 3 days) ranks at the bottom: −ln p = 0.
const score = (values: ArrayLike<number>, neg = false) =>
  Float64Array.from(values, (v) => (Number.isNaN(v) ? 0 : neg ? -Math.log(v) : v));
const zeroNaN = (values: ArrayLike<number>) => Float64Array.from(values, (v) => (Number.isNaN(v) ? -Infinity : v));
const table: [string, Float64Array][] = [
  ['log2 upload (no baseline)', Float64Array.from(upload, (b) => Math.log2(1 + b))],
  ['upload z against own past', zeroNaN(up.z)],
  ['upload CUSUM', score(up.cusum)],
  ['upload/download ratio z', zeroNaN(rt.z)],
  ['upload/download ratio CUSUM', score(rt.cusum)],
  ['view: Bonferroni of upload CUSUM, ratio CUSUM, ratio z', score(view, true)],
];
// The peer views' own-past test (detect-hosts.ts, peerChange) on the same rows: the aggregates have
// no peer groups, so the group is the whole population of the day; the peer statistic is the
// upload's robust z against the day's hosts, and with the test its p is max(p, p of its excess over
// the host's own trailing median), p = 1 before 3 own days.
const peerZ = peerReference({ group: new Float64Array(list.length), interval, bytes: upload });
const z = Float64Array.from(list, (_, i) => (Math.log2(1 + upload[i]!) - peerZ.location[i]!) / peerZ.scale[i]!);
const peerP = p(z);
const ownP = p(ownPastExcess(host, interval, z));
const changeP = Float64Array.from(peerP, (q, i) => (Number.isNaN(ownP[i]!) ? 1 : Math.max(q, ownP[i]!)));
table.push(
  ['peer z of upload (day population)', score(peerP, true)],
  ['the same with the own-past test', score(changeP, true)],
);
const positives = (labels: boolean[]) => labels.filter(Boolean).length;
console.log(
  `real LANL per host-day aggregates: ${list.length} named host-days (${added} red rows not in the total series added), ${hostId.size} hosts; ` +
    `red host-days ${positives(labelAll)}, from the first red-team time on ${positives(labelAfter)}`,
);
console.log('| statistic | ROC-AUC, all red host-days | ROC-AUC, red host-days from first red-team time |');
console.log('|---|---:|---:|');
for (const [name, s] of table)
  console.log(`| ${name} | ${rocAuc(s, labelAll).toFixed(3)} | ${rocAuc(s, labelAfter).toFixed(3)} |`);
// The published comparison for reference: red rows (all, including user 0) against the total population's.
const published = rocAuc(
  Float64Array.from([...red, ...total], (r) => Math.log2(1 + r.upload)),
  [...red.map(() => true), ...total.map(() => false)],
);
console.log(
  `\nfor reference, the published comparison (all red rows against all total rows, log2 upload): ${published.toFixed(3)}`,
);
