// Power of the self-baseline view's CUSUM on a heterogeneous null population, by window and
// winsorizing: how many of 20 injected hosts reach the per-interval alert threshold p* = 0.005
// (5 false alerts per day per 1,000 hosts, daily intervals) within 10 intervals of a change, and the
// median delay. Run: node --import tsx bench/self-baseline-power.ts
import { calibrateTail, createRandom } from '../src/stats/index.js';
import { alertThreshold, selfBaseline } from '../src/detect/index.js';
import { nullPopulation } from '../test/detect/null-population.js';

const scenarios: Record<string, (t: number) => number> = {
  'doubling from t = 15': (t) => (t >= 15 ? 1 : 0),
  '2.5× for 4 intervals': (t) => (t >= 15 && t < 19 ? Math.log2(2.5) : 0),
  '8× from t = 15': (t) => (t >= 15 ? 3 : 0),
  '3× ramped over 4 intervals': (t) => (t >= 15 ? Math.min(1, (t - 14) / 4) * Math.log2(3) : 0),
  '8× spike at t = 15 only': (t) => (t === 15 ? 3 : 0),
};
const REPS = 20;
const threshold = alertThreshold({ intervalSeconds: 86400 }).threshold;
const rows: string[][] = [];
for (const sd of [0.25, 0.6]) {
  for (const window of [7, 14]) {
    for (const winsorizeAt of [Infinity, 4, 3]) {
      const pop = nullPopulation(1);
      const random = createRandom(5);
      const normal = () => Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
      const host = [...pop.host];
      const interval = [...pop.interval];
      const bytes = [...pop.upload];
      const names = Object.keys(scenarios);
      names.forEach((name, k) => {
        for (let rep = 0; rep < REPS; rep++) {
          for (let t = 0; t < 30; t++) {
            host.push(10000 + k * 100 + rep);
            interval.push(t);
            bytes.push(2 ** (16 + sd * normal() + scenarios[name]!(t)));
          }
        }
      });
      const sb = selfBaseline({ host, interval, bytes }, { window, winsorizeAt });
      const nullCount = pop.host.length;
      const cusumNull = calibrateTail(sb.cusum.subarray(0, nullCount));
      const zNull = calibrateTail(sb.z.subarray(0, nullCount));
      const cells = names.map((_, k) => {
        const delays: number[] = [];
        let zHits = 0;
        for (let rep = 0; rep < REPS; rep++) {
          const o = nullCount + (k * REPS + rep) * 30;
          for (let t = 15; t < 25; t++) {
            if (cusumNull.p(sb.cusum[o + t]!, false) <= threshold) {
              delays.push(t - 15);
              break;
            }
          }
          for (let t = 15; t < 25; t++) {
            if (zNull.p(sb.z[o + t]!, false) <= threshold) {
              zHits++;
              break;
            }
          }
        }
        delays.sort((a, b) => a - b);
        return `${delays.length}/${REPS} (${delays.length ? delays[delays.length >> 1] : '–'}) z ${zHits}`;
      });
      rows.push([String(sd), String(window), String(winsorizeAt), ...cells]);
    }
  }
}
console.log(`| host σ (log2) | window | winsorize at | ${Object.keys(scenarios).join(' | ')} |`);
console.log(
  `|---|---:|---:|${Object.keys(scenarios)
    .map(() => '---')
    .join('|')}|`,
);
for (const r of rows) console.log(`| ${r.join(' | ')} |`);
console.log(
  `\ncells: hosts whose CUSUM p reached ${threshold} within 10 intervals (median delay), and hosts whose single-interval z p did`,
);
