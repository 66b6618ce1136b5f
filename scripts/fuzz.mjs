// npm run fuzz: the seeded fuzz of test/faults at scale (default 5,000 cases) against the built
// CLI, every failing batch bisected to its cases. Prints and writes bench-output/fuzz.md:
// the summary line (cases, crashes, hangs, accounting errors, path mismatches) and each failing
// case with what was done to it and what went wrong.
//   node scripts/fuzz.mjs [--cases 5000] [--seed 16] [--batch 60]
import { mkdirSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { register } from 'tsx/esm/api';

register();
const { runFuzz, fuzzSummaryLine } = await import('../test/faults/fuzz/run-fuzz.ts');
const { suspectedDefects } = await import('../test/faults/fuzz/suspected-defects.ts');

const arg = (name, fallback) => {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const cases = arg('cases', 5000);
const seed = arg('seed', 16);
const batchSize = arg('batch', 60);
const bisectAll = process.argv.includes('--bisect-all');
// --suspected: batch the cases whose bytes point at an open defect without bisecting them (the
// defects of issue 16 are fixed, so by default every case is checked and bisected alike).
const suspected = process.argv.includes('--suspected');
const t0 = performance.now();
let done = 0;
const result = await runFuzz({
  cases,
  seed,
  batchSize,
  bisectKnown: bisectAll,
  knownDefect:
    bisectAll || !suspected
      ? () => undefined
      : (c) => {
          const items = suspectedDefects(c);
          return items.length > 0 ? items.join(' + ') : undefined;
        },
  onBatch: ({ cases: n, failure }) => {
    done += failure ? 0 : n;
    if (process.stderr.isTTY)
      process.stderr.write(`\r${done} cases passed so far${failure ? `, last batch: ${failure.type}` : ''}   `);
  },
});
const seconds = (performance.now() - t0) / 1000;
const line = fuzzSummaryLine(result);
const failing = result.results.filter((r) => r.failure);
const lines = [
  `# peerscope fuzz — ${new Date().toISOString().slice(0, 10)}, ${availableParallelism()} cores, Node ${process.version}`,
  '',
  line,
  '',
  `Command: \`node scripts/fuzz.mjs --cases ${cases} --seed ${seed} --batch ${batchSize}${bisectAll ? ' --bisect-all' : ''}\` (after \`npm run build\`); ${seconds.toFixed(0)} s wall on a shared machine.`,
  ...(bisectAll || !suspected
    ? []
    : [
        '',
        'Cases with a suspected known defect run in batches of their own, not bisected: a failure there counts once per batch under its type, and "in failing batches" counts their cases.',
      ]),
  '',
  ...(failing.length > 0 ? ['| case | known defect | failure | mutations | detail |', '|---|---|---|---|---|'] : []),
  ...failing.map(
    (r) =>
      `| ${r.case.id} | ${r.known ?? ''} | ${r.failure.type} | ${r.case.ops.join('; ').replaceAll('|', '\\|')} | ${r.failure.detail.replaceAll('|', '\\|').replaceAll('\n', ' ').slice(0, 300)} |`,
  ),
  ...result.unattributed.map(
    (u) =>
      `- batch failure no single case reproduces (${u.ids.join(', ')}): ${u.failure.type}: ${u.failure.detail.slice(0, 300)}`,
  ),
  '',
];
if (process.stderr.isTTY) process.stderr.write('\n');
process.stdout.write(`${line}\n`);
mkdirSync('bench-output', { recursive: true });
writeFileSync('bench-output/fuzz.md', lines.join('\n'));
process.stdout.write(`details in bench-output/fuzz.md (${seconds.toFixed(0)} s)\n`);
