// `npm run bench`: peerscope analyze against its peers on the same .gz files, at two sizes.
//
// For each size it runs, one after another on a warm page cache:
//   floor      Node's zlib gunzipping every input file, one after the other (bench/gunzip-floor.mjs)
//   peerscope  node dist/cli/main.js analyze DATA --out OUT --no-detect --no-report --quiet (the seed
//              analysis: humans and series, what the peers compute)
//   detect     the same with detection: + the graph tables, peer groups, scores (no report)
//   full       the full analysis: detection and report.html (analyze DATA --out OUT --quiet)
//   duckdb-sql bench/peers/duckdb-sql.mjs (DuckDB's own reader straight on the .gz files)
//   pandas     bench/peers/pandas_peer.py (chunked pandas; skipped when Python/pandas is missing)
//   ingest     peerscope ingest DATA --out STORE (one-time conversion to day-partitioned Parquet)
//   store      peerscope analyze --store STORE (the SQL path over that store)
// and prints wall time, CPU time (user + sys, every thread), rows/s, peak RSS and the ratio to the floor, then the linearity ratio
// between the sizes and the estimate for the full LANL set. Peak RSS is the kernel's high-water
// mark (VmHWM in /proc/PID/status), and CPU time utime + stime of /proc/PID/stat, both polled every
// 20 ms while the child runs (so CPU time misses at most its last 20 ms).
//
//   npm run bench                         5 M and 50 M auth rows (and ~0.53 flows per auth row, as on day 1)
//   npm run bench -- --quick              1 M and 10 M auth rows
//   npm run bench -- --sizes 2e6,20e6 --only floor,peerscope --runs 3
// Data comes from `peerscope generate --gz` (days = auth rows / --auth-per-day, default 5 M).
//
// Data goes to bench-output/data/ and is reused; outputs to bench-output/runs/; the table is also
// written to bench-output/latest.md and the raw numbers to bench-output/latest.json.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const outRoot = join(root, 'bench-output');

/** The real LANL cyber1 files (shared/data/README.md): rows, unpacked bytes, .gz bytes. */
const LANL = {
  auth: { rows: 1_051_430_459, bytes: 73_413_019_178, gz: 7_626_505_158 },
  flows: { rows: 129_977_412, bytes: 5_237_189_507, gz: 1_083_479_090 },
};
const TARGET_MINUTES = 4;
const LANL_DAY1_AUTH = 15_740_768;

const args = process.argv.slice(2);
const has = (name) => args.includes(`--${name}`);
const opt = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const quick = has('quick');
const sizes = opt('sizes', quick ? '1e6,10e6' : '5e6,50e6')
  .split(',')
  .map(Number);
const authPerDay = Number(opt('auth-per-day', '5e6'));
const runs = Number(opt('runs', '1'));
const seed = Number(opt('seed', '1'));
const only = opt('only', 'floor,peerscope,detect,full,duckdb-sql,pandas,ingest,store').split(',');

const python = findPython();

const results = [];
for (const authRows of sizes) {
  const days = Math.max(1, Math.round(authRows / authPerDay));
  const scale = authRows / (days * LANL_DAY1_AUTH);
  const data = join(outRoot, 'data', `auth-${authRows}-days-${days}-seed-${seed}`);
  if (!existsSync(join(data, 'truth.json'))) {
    log(`generating ${data} (peerscope generate --scale ${scale.toFixed(4)} --days ${days} --gz) ...`);
    rmSync(data, { recursive: true, force: true });
    const t0 = performance.now();
    const gen = spawnSync(
      process.execPath,
      [
        join(root, 'dist', 'cli', 'main.js'),
        'generate',
        data,
        '--scale',
        String(scale),
        '--days',
        String(days),
        '--seed',
        String(seed),
        '--gz',
        '--quiet',
      ],
      { stdio: 'inherit' },
    );
    if (gen.status !== 0) throw new Error('peerscope generate failed');
    log(`  done in ${seconds(t0)} s`);
  }
  const flowRows = countLines(join(data, 'flows.txt.gz'));
  const inputs = ['auth.txt.gz', 'flows.txt.gz', 'redteam.txt.gz'].map((n) => join(data, n));
  const gzBytes = inputs.reduce((s, p) => s + statSync(p).size, 0);
  const size = { authRows, flowRows, days, gzBytes, data, tools: {} };
  results.push(size);

  const runDir = join(outRoot, 'runs', `auth-${authRows}`);
  const tools = {
    floor: () => ({ cmd: process.execPath, args: [join(root, 'bench', 'gunzip-floor.mjs'), ...inputs] }),
    peerscope: (out) => ({
      cmd: process.execPath,
      args: [
        join(root, 'dist', 'cli', 'main.js'),
        'analyze',
        data,
        '--out',
        out,
        '--quiet',
        '--no-detect',
        '--no-report',
      ],
    }),
    detect: (out) => ({
      cmd: process.execPath,
      args: [join(root, 'dist', 'cli', 'main.js'), 'analyze', data, '--out', out, '--quiet', '--no-report'],
    }),
    full: (out) => ({
      cmd: process.execPath,
      args: [join(root, 'dist', 'cli', 'main.js'), 'analyze', data, '--out', out, '--quiet'],
    }),
    'duckdb-sql': (out) => ({
      cmd: process.execPath,
      args: [join(root, 'bench', 'peers', 'duckdb-sql.mjs'), data, out],
    }),
    pandas: (out) =>
      python ? { cmd: python, args: [join(root, 'bench', 'peers', 'pandas_peer.py'), data, out] } : null,
    ingest: (out) => ({
      cmd: process.execPath,
      args: [join(root, 'dist', 'cli', 'main.js'), 'ingest', data, '--out', out, '--quiet'],
    }),
    store: (out) => ({
      cmd: process.execPath,
      args: [
        join(root, 'dist', 'cli', 'main.js'),
        'analyze',
        '--store',
        join(runDir, 'ingest'),
        '--out',
        out,
        '--quiet',
        '--no-detect',
        '--no-report',
      ],
    }),
  };
  for (const name of only) {
    const make = tools[name];
    if (!make) throw new Error(`unknown tool ${name} in --only`);
    const out = join(runDir, name);
    const spec = make(out);
    if (!spec) {
      log(`${name}: skipped (no python3 with pandas; apt-get install -y python3-pandas)`);
      continue;
    }
    let best = null;
    for (let r = 0; r < runs; r++) {
      rmSync(out, { recursive: true, force: true });
      mkdirSync(dirname(out), { recursive: true });
      log(
        `${name} on ${(authRows / 1e6).toFixed(0)} M auth + ${(flowRows / 1e6).toFixed(1)} M flows (run ${r + 1}/${runs}) ...`,
      );
      const m = await measure(spec.cmd, spec.args);
      if (m.code !== 0) throw new Error(`${name} failed (exit ${m.code}):\n${m.stderr}`);
      log(`  ${m.wall.toFixed(2)} s, CPU ${m.cpu.toFixed(2)} s, peak RSS ${mib(m.rss)} MiB`);
      if (!best || m.wall < best.wall) best = m;
    }
    size.tools[name] = { wall: best.wall, cpu: best.cpu, rss: best.rss };
    if (name === 'full' || name === 'detect') {
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      size.tools[name].timings = summary.timings;
    }
    if (name === 'peerscope') {
      const summary = JSON.parse(readFileSync(join(out, 'summary.json'), 'utf8'));
      size.tools[name].timings = summary.timings;
      size.rawBytes = summary.files.auth.bytes + summary.files.flows.bytes + (summary.files.redteam?.bytes ?? 0);
      size.rows = summary.files.auth.rows + summary.files.flows.rows;
    }
  }
  size.agree = compareOutputs(runDir, Object.keys(size.tools));
}

const table = render(results);
process.stdout.write(table);
mkdirSync(outRoot, { recursive: true });
writeFileSync(join(outRoot, 'latest.md'), table);
writeFileSync(
  join(outRoot, 'latest.json'),
  JSON.stringify({ date: new Date().toISOString(), cpus: cpuInfo(), results }, null, 2) + '\n',
);

/** Runs a child to completion: wall seconds and the kernel's peak-RSS mark (bytes). */
function measure(cmd, argv) {
  return new Promise((resolvePromise) => {
    const t0 = performance.now();
    const child = spawn(cmd, argv, { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    let rss = 0;
    let ticks = 0;
    const poll = () => {
      try {
        const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'));
        if (m) rss = Math.max(rss, Number(m[1]) * 1024);
        // Fields after the command name: state is 3, utime 14, stime 15 (clock ticks, 100 a second).
        const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
        const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        ticks = Math.max(ticks, Number(fields[11]) + Number(fields[12]));
      } catch {
        // the child has just exited
      }
    };
    const timer = setInterval(poll, 20);
    poll();
    child.on('exit', (code) => {
      const wall = (performance.now() - t0) / 1000;
      clearInterval(timer);
      resolvePromise({ code, wall, cpu: ticks / 100, rss, stderr });
    });
  });
}

/** Whether every tool's humans.csv and series.csv equal peerscope's, byte for byte. */
function compareOutputs(runDir, names) {
  const ref = join(runDir, 'peerscope');
  if (!names.includes('peerscope')) return {};
  const agree = {};
  for (const name of names) {
    if (name === 'peerscope' || name === 'floor' || name === 'ingest') continue;
    agree[name] = ['humans.csv', 'series.csv'].every((f) =>
      readFileSync(join(ref, f)).equals(readFileSync(join(runDir, name, f))),
    );
  }
  return agree;
}

function render(sizes) {
  const lines = [];
  lines.push(`peerscope bench — ${cpuInfo()}, Node ${process.version}, ${new Date().toISOString().slice(0, 10)}`);
  lines.push('');
  lines.push('| input (.gz) | tool | wall s | CPU s | rows/s | peak RSS MiB | × floor | peerscope faster by |');
  lines.push('|---|---|---:|---:|---:|---:|---:|---:|');
  for (const s of sizes) {
    const label = `${fmtRows(s.authRows)} auth + ${fmtRows(s.flowRows)} flows, ${(s.gzBytes / 1e6).toFixed(0)} MB gz`;
    const floor = s.tools.floor?.wall;
    const ours = s.tools.peerscope?.wall;
    const rows = s.rows ?? s.authRows + s.flowRows;
    for (const [name, t] of Object.entries(s.tools)) {
      const ratio = floor ? (t.wall / floor).toFixed(2) : '';
      const faster = ours && name !== 'peerscope' && name !== 'floor' ? `${(t.wall / ours).toFixed(1)}×` : '';
      lines.push(
        `| ${label} | ${name} | ${t.wall.toFixed(2)} | ${t.cpu.toFixed(2)} | ${fmtRate(rows / t.wall)} | ${mib(t.rss)} | ${ratio} | ${faster} |`,
      );
    }
  }
  lines.push('');
  for (const s of sizes) {
    const agree = Object.entries(s.agree ?? {}).map(([k, v]) => `${k} ${v ? 'identical' : 'DIFFERENT'}`);
    if (agree.length > 0)
      lines.push(`${fmtRows(s.authRows)} auth: humans.csv + series.csv vs peerscope: ${agree.join(', ')}`);
    for (const tool of ['peerscope', 'detect', 'full']) {
      const t = s.tools[tool]?.timings;
      if (t)
        lines.push(
          `${fmtRows(s.authRows)} auth: ${tool} stages (s): ${Object.entries(t)
            .map(([k, v]) => `${k} ${v}`)
            .join(', ')}`,
        );
    }
  }
  const withOurs = sizes.filter((s) => s.tools.peerscope && s.rawBytes);
  if (withOurs.length >= 2) {
    const a = withOurs[0];
    const b = withOurs[withOurs.length - 1];
    const inputRatio = b.rawBytes / a.rawBytes;
    const timeRatio = b.tools.peerscope.wall / a.tools.peerscope.wall;
    lines.push(
      `linearity: input ×${inputRatio.toFixed(1)} (unpacked bytes) → peerscope time ×${timeRatio.toFixed(2)} (target ≤ ×${(inputRatio * 1.1).toFixed(1)})`,
    );
  }
  const est = estimate(withOurs, 'peerscope');
  const floorEst = estimate(
    sizes.filter((s) => s.tools.floor && s.rawBytes),
    'floor',
  );
  const ingestEst = estimate(
    withOurs.filter((s) => s.tools.ingest),
    'ingest',
  );
  const storeEst = estimate(
    withOurs.filter((s) => s.tools.store),
    'store',
  );
  if (est !== null) {
    lines.push(
      `full LANL (auth 1.05 B rows / 7.6 GB gz + flows 130 M rows / 1.08 GB gz), from the measured cost per unpacked byte: ` +
        `peerscope ≈ ${minutes(est)} min` +
        (floorEst !== null ? ` (gunzip floor ≈ ${minutes(floorEst)} min)` : '') +
        `; target < ${TARGET_MINUTES} min on 2 cores` +
        (ingestEst !== null && storeEst !== null
          ? `; via a store: ingest once ≈ ${minutes(ingestEst)} min, then analyze --store ≈ ${minutes(storeEst)} min per run`
          : ''),
    );
  }
  return lines.join('\n') + '\n';
}

/**
 * Seconds for the full LANL auth + flows, from a line through the measured (unpacked bytes, wall)
 * points: the slope is the marginal cost per byte, the intercept the fixed cost (start-up, outputs).
 */
function estimate(sizes, tool) {
  if (sizes.length === 0) return null;
  const full = LANL.auth.bytes + LANL.flows.bytes;
  const last = sizes[sizes.length - 1];
  if (sizes.length === 1) return (last.tools[tool].wall / last.rawBytes) * full;
  const first = sizes[0];
  const slope = (last.tools[tool].wall - first.tools[tool].wall) / (last.rawBytes - first.rawBytes);
  const intercept = Math.max(0, last.tools[tool].wall - slope * last.rawBytes);
  return intercept + slope * full;
}

/** Lines of a .gz file, counted without holding it in memory. */
function countLines(path) {
  const r = spawnSync('sh', ['-c', 'gzip -dc "$0" | wc -l', path], { encoding: 'utf8' });
  return Number(r.stdout.trim());
}

function findPython() {
  for (const cmd of ['python3', '/usr/bin/python3']) {
    const r = spawnSync(cmd, ['-c', 'import pandas'], { stdio: 'ignore' });
    if (r.status === 0) return cmd;
  }
  return null;
}

function cpuInfo() {
  try {
    const text = readFileSync('/proc/cpuinfo', 'utf8');
    const model = /model name\s*:\s*(.*)/.exec(text)?.[1]?.trim() ?? 'unknown CPU';
    const n = readdirSync('/sys/devices/system/cpu').filter((d) => /^cpu\d+$/.test(d)).length;
    const online = spawnSync('nproc').stdout?.toString().trim();
    return `${online || n} cores (${model})`;
  } catch {
    return 'unknown CPU';
  }
}

function log(text) {
  process.stderr.write(`${text}\n`);
}
function seconds(t0) {
  return ((performance.now() - t0) / 1000).toFixed(1);
}
function mib(bytes) {
  return (bytes / 2 ** 20).toFixed(0);
}
function minutes(s) {
  return (s / 60).toFixed(1);
}
function fmtRows(n) {
  return n >= 1e6 ? `${+(n / 1e6).toFixed(1)} M` : `${+(n / 1e3).toFixed(1)} k`;
}
function fmtRate(r) {
  return r >= 1e6 ? `${(r / 1e6).toFixed(2)} M` : `${(r / 1e3).toFixed(0)} k`;
}
