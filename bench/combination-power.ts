// Which combination of view p-values finds compromised hosts best without diluting a decisive
// view? Heterogeneous null populations (test/detect/null-population.ts, 600 hosts × 30 days, seeds
// 1–3) with 15 victims per scenario, each scenario carried by different views. Views are calibrated
// in-sample against their peer group (calibrateByGroup) as the integration will; the combination is
// re-calibrated (combineEvidence). Per method: host ROC-AUC and AP of the host score (its strongest
// host-interval), victims alerted at p* = 0.005 (budget 5, daily), false alerts per day per 1,000
// clean hosts; "best view" is the best single view's ROC-AUC (the no-dilution reference).
// Run: node --import tsx bench/combination-power.ts   (HOSTS=3000 for a larger population)
import {
  averagePrecision,
  combineEvidence,
  combineScores,
  rocAuc,
  strongestPerHost,
  type CombinationMethod,
} from '../src/detect/index.js';
import { calibrateByGroup, createRandom } from '../src/stats/index.js';
import { nullPopulation } from '../test/detect/null-population.js';
import { populationViews } from '../test/detect/population-views.js';

type Population = ReturnType<typeof nullPopulation>;
const START = 15;
/** Population size: HOSTS=3000 in the environment for a population 5× larger (same 15 victims). */
const HOSTS = Number(process.env.HOSTS ?? 600);
const VICTIMS = 15;

/** Adds a campaign to a population in place: each function changes what the victims do from START on. */
const scenarios: Record<string, (pop: Population, victims: Set<number>, random: () => number) => Population> = {
  'lateral only, decisive (edge 20, beyond any null edge)': (pop, victims, random) =>
    addEdges(pop, victims, () => 20 + random()),
  'lateral only (one rare first-time edge 7–9)': (pop, victims, random) =>
    addEdges(pop, victims, () => 7 + 2 * random()),
  'exfil 8× own volume': (pop, victims) => scaleUpload(pop, victims, 8),
  'low and slow 2.5×': (pop, victims) => scaleUpload(pop, victims, 2.5),
  'staging 64 KiB/day to a new service': (pop, victims) => addService(pop, victims, 2 ** 16),
  'three weak views (2× volume, 8 KiB staging, edge 4)': (pop, victims, random) =>
    addEdges(addService(scaleUpload(pop, victims, 2), victims, 2 ** 13), victims, () => 3.5 + random()),
};

function scaleUpload(pop: Population, victims: Set<number>, factor: number): Population {
  const upload = Float64Array.from(pop.upload, (b, i) =>
    victims.has(pop.host[i]!) && pop.interval[i]! >= START ? Math.round(b * factor) : b,
  );
  return { ...pop, upload };
}
function addService(pop: Population, victims: Set<number>, bytes: number): Population {
  const s = {
    interval: [...pop.services.interval],
    host: [...pop.services.host],
    service: [...pop.services.service],
    flows: [...pop.services.flows],
    bytes: [...pop.services.bytes],
  };
  pop.host.forEach((h, i) => {
    if (!victims.has(h) || pop.interval[i]! < START) return;
    s.interval.push(pop.interval[i]!);
    s.host.push(h);
    s.service.push(900000 + h);
    s.flows.push(3);
    s.bytes.push(bytes);
  });
  return {
    ...pop,
    services: {
      interval: Int32Array.from(s.interval),
      host: Int32Array.from(s.host),
      service: Int32Array.from(s.service),
      flows: Float64Array.from(s.flows),
      bytes: Float64Array.from(s.bytes),
    },
  };
}
function addEdges(pop: Population, victims: Set<number>, score: () => number): Population {
  const e = {
    src: [...pop.edges.src],
    dst: [...pop.edges.dst],
    time: [...pop.edges.time],
    score: [...pop.edges.score],
  };
  // In the victim's first interval from START on in which it has traffic (a host-interval without
  // flows is not in the population the views are aligned to).
  const firstActive = new Map<number, number>();
  pop.host.forEach((h, i) => {
    const t = pop.interval[i]!;
    if (victims.has(h) && t >= START && t < (firstActive.get(h) ?? Infinity)) firstActive.set(h, t);
  });
  for (const h of victims) {
    e.src.push(-1);
    e.dst.push(h);
    e.time.push((firstActive.get(h) ?? START) * 86400 + 36000);
    e.score.push(score());
  }
  return {
    ...pop,
    edges: {
      src: Int32Array.from(e.src),
      dst: Int32Array.from(e.dst),
      time: Float64Array.from(e.time),
      score: Float64Array.from(e.score),
    },
  };
}

const METHODS: { label: string; method: CombinationMethod; truncateAbove?: number }[] = [
  { label: 'cauchy (p capped at 0.5)', method: 'cauchy', truncateAbove: 0.5 },
  { label: 'cauchy (p capped at 0.99)', method: 'cauchy', truncateAbove: 0.99 },
  { label: 'fisher', method: 'fisher' },
  { label: 'fisher-min-p', method: 'fisher-min-p' },
];
const threshold = 0.005;

console.log(
  '| scenario | seed | method | host ROC-AUC | host AP | victims alerted | false alerts/day/1000 | best view (ROC-AUC) |',
);
console.log('|---|---:|---|---:|---:|---:|---:|---|');
/** method → scenario → per seed [ROC-AUC, best single view's ROC-AUC, AP, victims alerted, false alerts/day/1000]. */
const summary = new Map<string, Map<string, number[][]>>();
const record = (method: string, scenario: string, values: number[]) => {
  if (!summary.has(method)) summary.set(method, new Map());
  const m = summary.get(method)!;
  if (!m.has(scenario)) m.set(scenario, []);
  m.get(scenario)!.push(values);
};
for (const [name, inject] of Object.entries(scenarios)) {
  for (const seed of [1, 2, 3]) {
    const random = createRandom(seed, 7);
    const base = nullPopulation(seed, { hosts: HOSTS });
    const victims = new Set<number>();
    while (victims.size < VICTIMS) victims.add(Math.floor(random() * base.hosts));
    const pop = inject(base, victims, random);
    const v = populationViews(pop);
    const byGroup = (x: Float64Array) => calibrateByGroup(x, pop.group).p;
    const pz = byGroup(v.selfZ);
    const ps = byGroup(v.selfCusum);
    const views = [
      { name: 'self', p: byGroup(Float64Array.from(pz, (p, i) => -Math.log(Math.min(p, ps[i]!)))) },
      { name: 'peer_z', p: byGroup(v.peerZ) },
      { name: 'service', p: byGroup(v.service) },
      { name: 'lateral', p: byGroup(v.lateral) },
    ];
    const hosts = Array.from({ length: pop.hosts }, (_, h) => h);
    const labels = hosts.map((h) => victims.has(h));
    const hostScore = (logP: Float64Array) => {
      const s = strongestPerHost({ host: pop.host, interval: pop.interval, logP });
      const score = new Float64Array(pop.hosts);
      s.host.forEach((h, j) => (score[h] = -s.logP[j]!));
      return score;
    };
    const single = views.map((view) => ({
      name: view.name,
      auc: rocAuc(hostScore(Float64Array.from(view.p, Math.log)), labels),
    }));
    const best = single.reduce((a, b) => (b.auc > a.auc ? b : a));
    const bestLabel = `${best.name} (${best.auc.toFixed(3)})`;
    const days = pop.intervals;
    const clean = pop.hosts - VICTIMS;
    for (const m of METHODS) {
      const r = combineEvidence(views, { method: m.method, truncateAbove: m.truncateAbove });
      const score = hostScore(r.logP);
      const alerted = new Set<number>();
      let falseAlerts = 0;
      r.p.forEach((p, i) => {
        if (p > threshold) return;
        const h = pop.host[i]!;
        if (victims.has(h)) {
          if (pop.interval[i]! >= START) alerted.add(h);
        } else falseAlerts++;
      });
      const auc = rocAuc(score, labels);
      const ap = averagePrecision(score, labels);
      const falsePerDay = falseAlerts / days / (clean / 1000);
      record(m.label, name, [auc, best.auc, ap, alerted.size, falsePerDay]);
      console.log(
        `| ${name} | ${seed} | ${m.label} | ${auc.toFixed(3)} | ${ap.toFixed(3)} | ${alerted.size}/${VICTIMS} | ${falsePerDay.toFixed(2)} | ${bestLabel} |`,
      );
    }
    // Today's rank averaging over the hosts' strongest view values, for reference.
    const names = hosts.map(String);
    const components = Object.fromEntries(
      views.map((view) => {
        const s = hostScore(Float64Array.from(view.p, Math.log));
        return [view.name, new Map(names.map((h, j) => [h, s[j]!]))];
      }),
    );
    const ranked = combineScores(names, components).hosts;
    const rankScore = new Float64Array(pop.hosts);
    for (const row of ranked) rankScore[Number(row.host)] = row.score;
    record('rank average (today)', name, [
      rocAuc(rankScore, labels),
      best.auc,
      averagePrecision(rankScore, labels),
      NaN,
      NaN,
    ]);
    console.log(
      `| ${name} | ${seed} | rank average (today) | ${rocAuc(rankScore, labels).toFixed(3)} | ${averagePrecision(rankScore, labels).toFixed(3)} | – | – | ${bestLabel} |`,
    );
  }
}

const names = Object.keys(scenarios);
const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
console.log(
  '\nMean host ROC-AUC over seeds 1–3 (best single view in the header), and the worst shortfall of the combined ROC-AUC below the best single view over all scenarios and seeds:\n',
);
const first = summary.values().next().value!;
console.log(
  `| method | ${names.map((n) => `${n} (best view ${mean(first.get(n)!.map((r) => r[1]!)).toFixed(3)})`).join(' | ')} | mean | worst shortfall | victims alerted | false alerts/day/1000 |`,
);
console.log(`|---|${names.map(() => '---:').join('|')}|---:|---:|---:|---:|`);
for (const [method, byScenario] of summary) {
  const rows = [...byScenario.values()].flat();
  const worst = Math.min(...rows.map((r) => r[0]! - r[1]!));
  const alerted = rows.reduce((a, r) => a + (r[3] ?? NaN), 0);
  const falsePerDay = mean(rows.map((r) => r[4]!));
  console.log(
    `| ${method} | ${names.map((n) => mean(byScenario.get(n)!.map((r) => r[0]!)).toFixed(3)).join(' | ')} | ${mean(rows.map((r) => r[0]!)).toFixed(3)} | ${worst.toFixed(3)} | ${Number.isNaN(alerted) ? '–' : `${alerted}/${rows.length * VICTIMS}`} | ${Number.isNaN(falsePerDay) ? '–' : falsePerDay.toFixed(2)} |`,
  );
}
