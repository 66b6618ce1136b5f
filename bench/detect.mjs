// `npm run bench:detect`: detection quality of today's detector on each generated campaign family.
// For each campaign and seed: peerscope generate --campaign NAME, analyze with detection, and the
// host- and edge-level metrics of evaluation.json; one table per campaign, against the targets of
// issue 11 (host ROC-AUC ≥ 0.98, AP ≥ 0.6, edge ROC-AUC ≥ 0.99, the combined score never more than
// 0.02 below its best single view).
//   npm run bench:detect -- --campaigns replay,exfil --seeds 1,2,3 --days 14 --scale 0.02
// --combinations cauchy,fisher-min-p analyzes each data set once per combination method (score rows
// per method; the views do not depend on it). `none` has no red team: its line is the false alerts
// per day per 1,000 hosts (summary.json's alerts) against the budget.
// --interval hour (or seconds) analyzes at that interval length (default a day).
// --reuse keeps the evaluations already in bench-output/detect instead of rerunning them, when each
// run's setting.json (scale, days, interval, options) matches this command's; others are rerun.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { CAMPAIGN_NAMES } from '../dist/generate/index.js';
import { falseAlertRate } from './false-alert-rate.mjs';

const args = process.argv.slice(2);
const opt = (name, fallback) => (args.includes(`--${name}`) ? args[args.indexOf(`--${name}`) + 1] : fallback);
const scale = opt('scale', '0.02');
const days = opt('days', '14');
const seeds = opt('seeds', '1,2,3').split(',');
const campaigns = opt('campaigns', CAMPAIGN_NAMES.join(',')).split(',');
const reuse = args.includes('--reuse');
const combinations = opt('combinations', 'cauchy').split(',');
const budget = Number(opt('alert-budget', '5'));
// --recalibrate / --no-recalibrate: passed to analyze; the output folders are named after it.
const recal = args.includes('--recalibrate')
  ? ['--recalibrate']
  : args.includes('--no-recalibrate')
    ? ['--no-recalibrate']
    : [];
// --no-peer-change: passed to analyze (peer views without the own-past test); the output folders are named after it.
const peerChange = args.includes('--no-peer-change') ? ['--no-peer-change'] : [];
// --max-graph-edges N: passed to analyze (peer-group graph pruning); the output folders are named after it.
const maxGraphEdges = opt('max-graph-edges', undefined);
const graphArgs = maxGraphEdges === undefined ? [] : ['--max-graph-edges', maxGraphEdges];
// --interval VALUE: passed to analyze --interval (generate has no interval: its data are timestamped
// events); `hour`, `day` or seconds. The output folders are named after it (`-i3600`) unless it is a day,
// so the default runs keep their folders.
const intervalOpt = opt('interval', undefined);
const intervalSeconds =
  intervalOpt === undefined ? 86400 : ({ hour: 3600, day: 86400 }[intervalOpt] ?? Number(intervalOpt));
if (!Number.isInteger(intervalSeconds) || intervalSeconds <= 0)
  throw new Error(`--interval ${intervalOpt}: expected hour, day or a positive whole number of seconds`);
const intervalArgs = intervalSeconds === 86400 ? [] : ['--interval', String(intervalSeconds)];
const tag =
  (recal.length ? recal[0].replace(/^--/, '-') : '') +
  (peerChange.length ? '-no-peer-change' : '') +
  (maxGraphEdges === undefined ? '' : `-e${maxGraphEdges}`) +
  (intervalSeconds === 86400 ? '' : `-i${intervalSeconds}`);
const root = resolve('bench-output', 'detect');
const cli = resolve('dist', 'cli', 'main.js');
const run = (argv) => {
  const r = spawnSync(process.execPath, [cli, ...argv], { stdio: ['ignore', 'ignore', 'inherit'] });
  if (r.status !== 0) throw new Error(`peerscope ${argv.join(' ')} failed`);
};

// What a run in an output folder was made with: the folder names do not carry the scale or the days,
// so --reuse checks this instead of trusting a folder from another setting.
const setting = JSON.stringify({
  scale,
  days,
  budget,
  interval: intervalSeconds,
  recal,
  peerChange,
  maxGraphEdges: maxGraphEdges ?? null,
});
const sameSetting = (out) => {
  const file = join(out, 'setting.json');
  return existsSync(file) && readFileSync(file, 'utf8') === setting;
};

const results = new Map();
for (const campaign of campaigns) {
  const runs = [];
  let entry;
  for (const seed of seeds) {
    const data = join(root, `data-${campaign}-${seed}${tag}`);
    const outOf = (m) => join(root, `out-${campaign}-${seed}-${m}${tag}`);
    // Reused only when every combination asked for has its run.
    const reusable = combinations.every((m) => existsSync(join(outOf(m), 'summary.json')) && sameSetting(outOf(m)));
    if (reuse && !reusable)
      process.stderr.write(`${campaign} seed ${seed}: no run of this setting to reuse, running it\n`);
    if (!(reuse && reusable)) {
      rmSync(data, { recursive: true, force: true });
      mkdirSync(root, { recursive: true });
      const started = performance.now();
      run(['generate', data, '--seed', seed, '--scale', scale, '--days', days, '--campaign', campaign, '--quiet']);
      for (const m of combinations) {
        rmSync(outOf(m), { recursive: true, force: true });
        run([
          'analyze',
          data,
          '--out',
          outOf(m),
          '--no-report',
          '--quiet',
          '--combination',
          m,
          '--alert-budget',
          String(budget),
          ...recal,
          ...peerChange,
          ...graphArgs,
          ...intervalArgs,
        ]);
        writeFileSync(join(outOf(m), 'setting.json'), setting);
      }
      // The data sets are hundreds of MB each: keep only the last one of each campaign.
      entry = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8')).campaigns[0]?.parameters.entry;
      if (seed !== seeds.at(-1)) rmSync(data, { recursive: true, force: true });
      process.stderr.write(`${campaign} seed ${seed}: ${((performance.now() - started) / 1000).toFixed(0)} s\n`);
    } else if (existsSync(join(data, 'truth.json'))) {
      entry = JSON.parse(readFileSync(join(data, 'truth.json'), 'utf8')).campaigns[0]?.parameters.entry;
    }
    const byMethod = Object.fromEntries(
      combinations.map((m) => {
        const summary = JSON.parse(readFileSync(join(outOf(m), 'summary.json'), 'utf8'));
        const ev = join(outOf(m), 'evaluation.json');
        return [m, { summary, e: existsSync(ev) ? JSON.parse(readFileSync(ev, 'utf8')) : null }];
      }),
    );
    runs.push({ seed, e: byMethod[combinations[0]].e, byMethod });
  }
  runs.entry = entry;
  results.set(campaign, runs);
}

const f = (x) => (x === null || x === undefined || Number.isNaN(x) ? 'n/a' : x.toFixed(3));
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;
const cell = (xs) =>
  xs.some((x) => x === null || Number.isNaN(x))
    ? 'n/a'
    : xs.length === 1
      ? f(xs[0])
      : `${f(mean(xs))} (${f(Math.min(...xs))}–${f(Math.max(...xs))})`;
const lines = [
  `peerscope bench:detect — generate --campaign NAME --scale ${scale} --days ${days}${intervalArgs.length ? `; analyze --interval ${intervalSeconds}` : ''}; seeds ${seeds.join(', ')}; combinations ${combinations.join(', ')}; alert budget ${budget}`,
  `cells: mean over seeds (min–max)`,
];
for (const [campaign, runs] of results) {
  const s0 = runs[0].byMethod[combinations[0]].summary;
  if (runs[0].e === null) {
    // No red team: only the false-alert rate can be measured.
    lines.push('', `### ${campaign} — ${s0.humans} human hosts, no red team`, '');
    lines.push(
      '| combination | alerts | false alerts / day / 1,000 hosts | budget | within 1.5× |',
      '|---|---:|---:|---:|---|',
    );
    for (const m of combinations) {
      const rates = runs.map((r) => falseAlertRate(r.byMethod[m].summary));
      const a = runs.map((r) => r.byMethod[m].summary.detection.alerts).join('/');
      lines.push(
        `| ${m} | ${a} | ${cell(rates)} | ${budget} | ${Math.max(...rates) <= 1.5 * budget ? 'met' : 'NOT met'} |`,
      );
    }
    continue;
  }
  const e0 = runs[0].e;
  lines.push(
    '',
    `### ${campaign}${runs.entry ? ` (entry: ${runs.entry})` : ''} — ${e0.hosts.n} human hosts, ${runs.map((r) => r.e.hosts.compromised).join('/')} compromised`,
    '',
  );
  lines.push('| score | host ROC-AUC | host AP | P@10 |', '|---|---:|---:|---:|');
  const views = Object.keys(e0.hosts.by_score).filter((v) => v !== 'score');
  const row = (label, m) =>
    `| ${label} | ${cell(m.map((x) => x.roc_auc))} | ${cell(m.map((x) => x.average_precision))} | ${cell(m.map((x) => x.precision_at['10']))} |`;
  for (const c of combinations)
    lines.push(
      row(
        `score (${c})`,
        runs.map((r) => r.byMethod[c].e.hosts.by_score.score),
      ),
    );
  for (const name of views)
    lines.push(
      row(
        name,
        runs.map((r) => r.e.hosts.by_score[name]),
      ),
    );
  const positives = runs.map((r) => r.e.edges.positives);
  // Edge metrics exist only on seeds where some scored edge is a red-team edge.
  const withEdges = runs.filter((r) => r.e.edges.positives > 0);
  const onSeeds = withEdges.length < runs.length ? ` on ${withEdges.length} of ${runs.length} seeds` : '';
  const edge =
    withEdges.length > 0
      ? `edge ROC-AUC ${cell(withEdges.map((r) => r.e.edges.roc_auc))}, AP ${cell(withEdges.map((r) => r.e.edges.average_precision))}${onSeeds} ` +
        `(${positives.join('/')} red-team edges among ${runs.map((r) => r.e.edges.n).join('/')} scored)`
      : 'edges: no scored auth edge is a red-team edge on any seed: the campaign leaves no first-time edge ' +
        `(red-team logons within the window of some edge's first appearance, by seed: ${runs.map((r) => `${r.e.edges.redteam_events_matched} of ${r.e.edges.redteam_events}`).join(', ')})`;
  lines.push('', edge);
  if (runs.entry === 'admin-path')
    lines.push(
      "(admin-path entry: each red-team account, source and destination is a victim's routine nightly logon, seen since day 1; a logon counted above coincides with another account's first edge between the same two hosts)",
    );
  const met = (ok) => (ok ? 'met' : 'NOT met');
  for (const c of combinations) {
    const es = runs.map((r) => r.byMethod[c].e);
    const auc = mean(es.map((e) => e.hosts.by_score.score.roc_auc));
    const ap = mean(es.map((e) => e.hosts.by_score.score.average_precision));
    const dilution = Math.max(
      ...es.map(
        (e) => Math.max(...views.map((v) => e.hosts.by_score[v].roc_auc ?? 0)) - e.hosts.by_score.score.roc_auc,
      ),
    );
    const alerted = es.map((e) => e.alerts.alerted_share);
    const delay = es.map((e) => e.alerts.median_delay_intervals);
    const fa = es.map((e) => e.alerts.false_alerts_per_day_per_1000);
    lines.push(
      `targets (${c}): score ROC-AUC ${f(auc)} (≥ 0.98: ${met(auc >= 0.98)}), AP ${f(ap)} (≥ 0.6: ${met(ap >= 0.6)}), ` +
        `largest gap below the best single view ${f(dilution)} (≤ 0.02: ${met(dilution <= 0.02)})` +
        (runs.entry !== 'admin-path' && withEdges.length === runs.length
          ? `, edge ROC-AUC ${f(mean(runs.map((r) => r.e.edges.roc_auc)))} (≥ 0.99: ${met(mean(runs.map((r) => r.e.edges.roc_auc)) >= 0.99)})`
          : '') +
        `; alerted ${cell(alerted)} of compromised hosts (≥ 0.9: ${met(Math.min(...alerted) >= 0.9)}), median delay ${cell(delay)} intervals (≤ 1: ${met(delay.every((d) => d !== null && d <= 1))}), ` +
        `false alerts/day/1,000 clean hosts ${cell(fa)} (budget ${budget})`,
    );
  }
}
const text = lines.join('\n') + '\n';
process.stdout.write(text);
writeFileSync(resolve('bench-output', `detect${tag}.md`), text);
