// Wall time of the issue-11 building blocks at the scale the brief names: 18,000 hosts × 58 daily
// intervals (≈ 1 M host-intervals), 60 peer groups, 2 M service rows, 100,000 beacon pairs of 20
// connections. Timings on a shared machine are indicative only (CPU time is the steadier figure). Run: node --import tsx bench/detect-views-speed.ts
import {
  combineEvidence,
  lateralByHostInterval,
  maxByHostInterval,
  newServiceUse,
  peerReference,
  scoreBeacons,
  selfBaseline,
  strongestPerHost,
} from '../src/detect/index.js';
import { calibrateByGroup, calibrateTail, createRandom } from '../src/stats/index.js';

const random = createRandom(1);
const HOSTS = 18000;
const DAYS = 58;
const n = HOSTS * DAYS;
const host = new Int32Array(n);
const interval = new Int32Array(n);
const group = new Int32Array(n);
const upload = new Float64Array(n);
const level = Float64Array.from({ length: HOSTS }, () => 12 + 14 * random());
for (let h = 0, i = 0; h < HOSTS; h++) {
  for (let t = 0; t < DAYS; t++, i++) {
    host[i] = h;
    interval[i] = t;
    group[i] = h % 60;
    upload[i] = Math.round(2 ** (level[h]! + random() - 0.5));
  }
}
// CPU time (user + system) as well as wall time: on a shared machine the wall time also counts waiting.
const time = (label: string, f: () => unknown) => {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const r = f();
  const c = process.cpuUsage(c0);
  console.log(
    `${label.padEnd(58)} cpu ${((c.user + c.system) / 1e6).toFixed(2)} s   wall ${((performance.now() - t0) / 1000).toFixed(2)} s`,
  );
  return r;
};
console.log(`${n} host-intervals`);
const ref = time('peerReference (group × interval median/MAD)', () =>
  peerReference({ group, interval, bytes: upload }),
) as ReturnType<typeof peerReference>;
const self = time('selfBaseline (window 14, CUSUM)', () =>
  selfBaseline({ host, interval, bytes: upload, peerLocation: ref.location, peerScale: ref.scale }),
) as ReturnType<typeof selfBaseline>;
time('calibrateTail (1 M values, GPD tail)', () => calibrateTail(self.cusum).pValues(self.cusum, true));
const pz = time('calibrateByGroup (60 group nulls)', () => calibrateByGroup(self.z, group).p) as Float64Array;
const ps = calibrateByGroup(self.cusum, group).p;
const peerZ = Float64Array.from(upload, (b, i) => (Math.log2(1 + b) - ref.location[i]!) / ref.scale[i]!);
const pp = calibrateByGroup(peerZ, group).p;
const m = 2_000_000;
const rows = {
  interval: Int32Array.from({ length: m }, () => Math.floor(random() * DAYS)),
  host: Int32Array.from({ length: m }, () => Math.floor(random() * HOSTS)),
  service: Int32Array.from({ length: m }, () => Math.floor(random() * 200000)),
  flows: Float64Array.from({ length: m }, () => 1 + Math.floor(10 * random())),
  bytes: Float64Array.from({ length: m }, () => Math.floor(2 ** (8 + 10 * random()))),
};
const groupOf = Int32Array.from({ length: HOSTS }, (_, h) => h % 60);
const service = time(
  'newServiceUse (2 M rows, aligned to 1 M points)',
  () => newServiceUse(rows, groupOf, { points: { host, interval } }).aligned!,
) as Float64Array;
const edges = {
  src: Int32Array.from({ length: m }, () => Math.floor(random() * HOSTS)),
  dst: Int32Array.from({ length: m }, () => Math.floor(random() * HOSTS)),
  time: Float64Array.from({ length: m }, () => Math.floor(random() * DAYS * 86400)),
  score: Float64Array.from({ length: m }, () => (random() < 0.5 ? 0 : 5 * random())),
};
const lateral = time(
  'lateralByHostInterval (2 M edges, aligned)',
  () => lateralByHostInterval(edges, { intervalSeconds: 86400, points: { host, interval } }).aligned!,
) as Float64Array;
time('maxByHostInterval (2 M rows)', () =>
  maxByHostInterval({ host: rows.host, interval: rows.interval, value: rows.bytes }),
);
const views = [
  {
    name: 'self',
    p: calibrateByGroup(
      Float64Array.from(pz, (p, i) => -Math.log(Math.min(p, ps[i]!))),
      group,
    ).p,
  },
  { name: 'peer_z', p: pp },
  { name: 'service', p: calibrateByGroup(service, group).p },
  { name: 'lateral', p: calibrateByGroup(lateral, group).p },
];
const combined = time('combineEvidence (4 views, fisher-min-p, re-calibrated)', () =>
  combineEvidence(views),
) as ReturnType<typeof combineEvidence>;
time('strongestPerHost', () => strongestPerHost({ host, interval, logP: combined.logP }));
const pairs = 100_000;
const per = 20;
const beacon = {
  pair: new Int32Array(pairs * per),
  time: new Float64Array(pairs * per),
  bytes: new Float64Array(pairs * per),
};
for (let p = 0, i = 0; p < pairs; p++) {
  let t = DAYS * 86400 * random();
  for (let j = 0; j < per; j++, i++) {
    t += 600 * random();
    beacon.pair[i] = p;
    beacon.time[i] = t;
    beacon.bytes[i] = Math.floor(1000 * random());
  }
}
time(`scoreBeacons (${pairs} pairs × ${per} connections)`, () => scoreBeacons(beacon));
