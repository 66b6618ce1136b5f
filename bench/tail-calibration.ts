// How calibrated the tail p-values are on a serially dependent null: per unit (host), a one-sided
// CUSUM of N(0, 1) steps with reference ½ over 14 steps, the shape of the self-baseline view's
// statistic. For each population size, 60 training populations are fitted (per excess or on run
// maxima; the exponential tail plug-in or predictive) and fresh populations of the same size are
// scored against them; printed: the share of fresh points at p ≤ α over α (1 = exact, > 1 =
// anti-conservative). Then the power side: 3 units whose CUSUM climbs 2.5 a step for 7 steps among
// 110 clean ones, their p at 17.5.
//   node --import tsx bench/tail-calibration.ts
import { calibrateTail, type TailCalibrationOptions } from '../src/stats/index.js';
import { cusumPopulation } from '../test/stats/samplers.js';

function population(seed: number, units: number) {
  const p = cusumPopulation(seed, units);
  return { value: p.value, clusters: { unit: p.unit, time: p.time } };
}

const variants: [string, (p: ReturnType<typeof population>) => TailCalibrationOptions][] = [
  ['per excess, plug-in', () => ({ predictive: false })],
  ['per excess, predictive', () => ({})],
  ['run maxima, plug-in', (p) => ({ clusters: p.clusters, predictive: false })],
  ['run maxima, predictive', (p) => ({ clusters: p.clusters })],
];
const levels = [1e-2, 1e-3, 1e-4, 1e-5];
console.log(`| units × 14 | tail fit | ${levels.map((l) => `share at ${l} / ${l}`).join(' | ')} |`);
console.log(`|---|---|${levels.map(() => '---:').join('|')}|`);
for (const units of [110, 400]) {
  for (const [name, options] of variants) {
    const hits = levels.map(() => 0);
    let n = 0;
    for (let r = 0; r < 60; r++) {
      const train = population(1000 + r, units);
      const model = calibrateTail(train.value, options(train));
      for (const x of population(5000 + r, units).value) {
        n++;
        const p = model.p(x);
        levels.forEach((l, i) => {
          if (p <= l) hits[i]!++;
        });
      }
    }
    console.log(
      `| ${units} | ${name} | ${levels.map((l, i) => `${(hits[i]! / n / l).toFixed(2)} (${hits[i]})`).join(' | ')} |`,
    );
  }
}
console.log('\n| seed | ' + variants.map(([name]) => `p(17.5), ${name}`).join(' | ') + ' |');
console.log(`|---|${variants.map(() => '---:').join('|')}|`);
for (const seed of [3, 5, 7]) {
  const p = population(seed, 110);
  for (const h of [10, 50, 100]) for (let t = 7; t < 14; t++) p.value[h * 14 + t] = 2.5 * (t - 6);
  console.log(
    `| ${seed} | ${variants.map(([, o]) => calibrateTail(p.value, o(p)).p(17.5, true).toExponential(1)).join(' | ')} |`,
  );
}
