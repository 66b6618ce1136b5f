// Per-thread CPU time of a command (Linux): runs it, polls /proc/PID/task/*/stat every 50 ms and
// prints each thread's user + sys time at its last sample, with the span (s from the start) it was
// seen in, then the total. Node names every thread `node`, so threads are told apart by when they
// ran: the main thread first, libuv's pool (gunzip) and DuckDB's threads from the start, parser
// threads per kind. Threads that end between two samples lose at most their last 50 ms.
//
//   node bench/thread-cpu.mjs node dist/cli/main.js ingest DATA --out STORE --quiet
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
const [cmd, ...args] = process.argv.slice(2);
const child = spawn(cmd, args, { stdio: 'inherit' });
const seen = new Map();
const t0 = Date.now();
const poll = () => {
  try {
    for (const tid of readdirSync(`/proc/${child.pid}/task`)) {
      try {
        const s = readFileSync(`/proc/${child.pid}/task/${tid}/stat`, 'utf8');
        const comm = s.slice(s.indexOf('(') + 1, s.lastIndexOf(')'));
        const f = s.slice(s.lastIndexOf(')') + 2).split(' ');
        const cpu = (Number(f[11]) + Number(f[12])) / 100;
        seen.set(tid, {
          comm,
          cpu,
          last: (Date.now() - t0) / 1000,
          first: seen.get(tid)?.first ?? (Date.now() - t0) / 1000,
        });
      } catch {
        // The thread ended between the listing and the read.
      }
    }
  } catch {
    // The process ended.
  }
};
const timer = setInterval(poll, 50);
child.on('exit', () => {
  clearInterval(timer);
  const rows = [...seen.entries()].filter(([, v]) => v.cpu > 0.05).sort((a, b) => b[1].cpu - a[1].cpu);
  let total = 0;
  for (const [tid, v] of rows) {
    total += v.cpu;
    console.log(`${tid}\t${v.comm}\t${v.cpu.toFixed(2)} s\t${v.first.toFixed(1)}-${v.last.toFixed(1)}`);
  }
  console.log(`total ${total.toFixed(2)} s cpu, wall ${((Date.now() - t0) / 1000).toFixed(2)} s`);
});
