// npm run demo: generate a small LANL-like data set, run the whole analysis, say where things are.
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';

const cli = resolve('dist/cli/main.js');
const data = resolve('demo-output/data');
const out = resolve('demo-output/out');
const started = performance.now();

function run(args) {
  const result = spawnSync(process.execPath, [cli, ...args], { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
}

run(['generate', data, '--seed', '1', '--scale', '0.01', '--days', '14', '--gz', '--quiet']);
run(['analyze', data, '--out', out]);
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(`\ndemo done in ${seconds} s
  data:    ${data}
  outputs: ${out}
  report:  ${resolve(out, 'report.html')}
  summary: ${resolve(out, 'summary.json')}`);
