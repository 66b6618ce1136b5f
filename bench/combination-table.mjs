// One table of combination methods from the runs bench:detect left in bench-output/detect:
//   node bench/combination-table.mjs --seeds 1,2,3 --combinations brown-min-p,fisher-min-p [--tag -recalibrate]
// Per method: on `none`, the false alerts per day per 1,000 hosts (mean and worst seed); per
// campaign, host ROC-AUC / AP / share of the victims alerted, means over the seeds.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { falseAlertRate } from './false-alert-rate.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const seeds = opt('seeds', '1,2,3').split(',');
const methods = opt('combinations', 'brown-min-p,fisher-min-p').split(',');
const campaigns = opt('campaigns', 'replay,synthetic,lateral-only,exfil,staging,beacon,low-and-slow').split(',');
const tag = opt('tag', '');
const root = resolve('bench-output', 'detect');
const json = (f) => JSON.parse(readFileSync(f, 'utf8'));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const f2 = (x) => x.toFixed(2);
const f3 = (x) => x.toFixed(3);

const header = ['method', 'none: false alerts/day/1,000 (worst seed)', ...campaigns];
const lines = [`| ${header.join(' | ')} |`, `|${header.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`];
for (const m of methods) {
  const dir = (c, s) => join(root, `out-${c}-${s}-${m}${tag}`);
  if (!seeds.every((s) => existsSync(join(dir('none', s), 'summary.json')))) continue;
  const rates = seeds.map((s) => falseAlertRate(json(join(dir('none', s), 'summary.json'))));
  const cells = campaigns.map((c) => {
    const es = seeds.map((s) => json(join(dir(c, s), 'evaluation.json')));
    const auc = mean(es.map((e) => e.hosts.by_score.score.roc_auc));
    const ap = mean(es.map((e) => e.hosts.by_score.score.average_precision));
    const alerted = mean(es.map((e) => e.alerts.alerted_share));
    return `${f3(auc)} / ${f3(ap)} / ${f2(alerted)}`;
  });
  lines.push(`| ${m}${tag} | ${f2(mean(rates))} (${f2(Math.max(...rates))}) | ${cells.join(' | ')} |`);
}
process.stdout.write(
  `combination methods, seeds ${seeds.join(', ')}: campaign cells are host ROC-AUC / AP / share of victims alerted (means over seeds)\n\n${lines.join('\n')}\n`,
);
