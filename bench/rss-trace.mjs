// Resident memory of a command over time (Linux): runs it, samples VmRSS from /proc/PID/status
// every 200 ms and prints the peak with its time (s from the start) and the largest sample of each
// 5 s, so a peak can be put in a stage by summary.json's timings (stages run one after another).
//
//   node bench/rss-trace.mjs node dist/cli/main.js analyze DATA --out OUT --quiet
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';

const [cmd, ...args] = process.argv.slice(2);
if (!cmd) throw new Error('usage: node bench/rss-trace.mjs COMMAND [ARGS...]');
const child = spawn(cmd, args, { stdio: 'inherit' });
const t0 = Date.now();
const samples = [];
const timer = setInterval(() => {
  try {
    const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
    samples.push([(Date.now() - t0) / 1000, Number(/VmRSS:\s+(\d+)/.exec(status)[1]) / 1024]);
  } catch {
    // the child has just exited
  }
}, 200);
child.on('exit', (code) => {
  clearInterval(timer);
  const peak = samples.reduce((a, b) => (b[1] > a[1] ? b : a), [0, 0]);
  console.log(`peak VmRSS ${peak[1].toFixed(0)} MiB at ${peak[0].toFixed(1)} s (exit ${code})`);
  const buckets = new Map();
  for (const [t, rss] of samples) {
    const k = Math.floor(t / 5) * 5;
    buckets.set(k, Math.max(buckets.get(k) ?? 0, rss));
  }
  console.log([...buckets].map(([k, rss]) => `${k}s ${rss.toFixed(0)}`).join(', '));
  process.exitCode = code ?? 1;
});
