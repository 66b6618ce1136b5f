// What the self-baseline view has to work with, measured on generated data sets (the flows.txt and
// truth/hosts.csv of `peerscope generate`) and on the real per host-day aggregates
// (test/fixtures/reference): per human host and day, the log2 upload total, the log2
// upload/download total ratio and the flow-size ratio (mean log2 size of the flows sent − of those
// received). For clean hosts: the median over hosts of each series' day-to-day spread (1.4826·MAD
// of the host's days) and of the correlation of its daily upload and download totals; for the
// victims: the median over victims of (median after − median before its first red-team day).
// Run: node --import tsx bench/self-baseline-signal.ts DATA_DIR...
import { readFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join, resolve } from 'node:path';

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? NaN : s.length % 2 ? s[s.length >> 1]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2;
};
const madScale = (xs: number[]) => {
  const m = median(xs);
  return 1.4826 * median(xs.map((x) => Math.abs(x - m)));
};
const correlation = (a: number[], b: number[]) => {
  const ma = a.reduce((s, x) => s + x, 0) / a.length;
  const mb = b.reduce((s, x) => s + x, 0) / b.length;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < a.length; i++) {
    sab += (a[i]! - ma) * (b[i]! - mb);
    saa += (a[i]! - ma) ** 2;
    sbb += (b[i]! - mb) ** 2;
  }
  return sab / Math.sqrt(saa * sbb);
};
interface Day {
  up: number;
  down: number;
  logUp: number;
  nUp: number;
  logDown: number;
  nDown: number;
}
type Series = Map<string, Map<number, Day>>;
const series = {
  upload: (d: Day) => Math.log2(1 + d.up),
  'upload/download total': (d: Day) => Math.log2(1 + d.up) - Math.log2(1 + d.down),
  'flow-size ratio': (d: Day) => (d.nUp && d.nDown ? d.logUp / d.nUp - d.logDown / d.nDown : NaN),
};

function report(name: string, byHost: Series, firstTime: Map<string, number>): void {
  const cells: string[] = [];
  const clean = [...byHost].filter(([h, days]) => !firstTime.has(h) && days.size >= 7);
  for (const [label, f] of Object.entries(series)) {
    const spread = clean.map(([, days]) => madScale([...days.values()].map(f).filter((v) => !Number.isNaN(v))));
    const shifts = [...firstTime].flatMap(([h, t]) => {
      const days = byHost.get(h);
      if (!days) return [];
      const first = Math.floor(t / 86400);
      const at = (keep: (d: number) => boolean) =>
        [...days]
          .filter(([d]) => keep(d))
          .map(([, v]) => f(v))
          .filter((v) => !Number.isNaN(v));
      const before = at((d) => d < first);
      const after = at((d) => d > first);
      return before.length && after.length ? [median(after) - median(before)] : [];
    });
    const s = median(spread.filter((v) => !Number.isNaN(v)));
    const shift = median(shifts);
    cells.push(
      `${label}: spread ${s.toFixed(2)}` +
        (shifts.length ? `, victims' shift ${shift.toFixed(2)} (${(shift / s).toFixed(1)} spreads)` : ''),
    );
  }
  const corr = clean.map(([, days]) => {
    const d = [...days.values()];
    return correlation(
      d.map((x) => Math.log2(1 + x.up)),
      d.map((x) => Math.log2(1 + x.down)),
    );
  });
  console.log(
    `${name} (${clean.length} clean hosts, ${firstTime.size} victims): ${cells.join('; ')}; corr(upload, download) ${median(corr.filter((v) => !Number.isNaN(v))).toFixed(2)}`,
  );
}

function generated(dir: string): void {
  const truth = readFileSync(join(dir, 'truth', 'hosts.csv'), 'utf8')
    .trim()
    .split('\n');
  const header = truth[0]!.split(',');
  const col = (n: string) => header.indexOf(n);
  const humans = new Set<string>();
  const firstTime = new Map<string, number>();
  for (const line of truth.slice(1)) {
    const f = line.split(',');
    if (f[col('role')] !== 'human') continue;
    humans.add(f[0]!);
    if (f[col('first_time')]) firstTime.set(f[0]!, Number(f[col('first_time')]));
  }
  const byHost: Series = new Map();
  const day = (h: string, d: number) => {
    if (!byHost.has(h)) byHost.set(h, new Map());
    const m = byHost.get(h)!;
    if (!m.has(d)) m.set(d, { up: 0, down: 0, logUp: 0, nUp: 0, logDown: 0, nDown: 0 });
    return m.get(d)!;
  };
  for (const line of readFileSync(join(dir, 'flows.txt'), 'utf8').split('\n')) {
    if (!line) continue;
    const f = line.split(',');
    const d = Math.floor(Number(f[0]) / 86400);
    const bytes = Number(f[8]);
    if (humans.has(f[2]!)) {
      const x = day(f[2]!, d);
      x.up += bytes;
      x.logUp += Math.log2(1 + bytes);
      x.nUp++;
    }
    if (humans.has(f[4]!)) {
      const x = day(f[4]!, d);
      x.down += bytes;
      x.logDown += Math.log2(1 + bytes);
      x.nDown++;
    }
  }
  report(dir, byHost, firstTime);
}

function real(): void {
  const text = gunzipSync(readFileSync(resolve('test', 'fixtures', 'reference', 'flow_time_series.csv.gz'))).toString();
  const byHost: Series = new Map();
  for (const line of text.trim().split('\n').slice(1)) {
    const [, time, user, up, down] = line.split(',');
    if (user === '0') continue;
    if (!byHost.has(user!)) byHost.set(user!, new Map());
    byHost.get(user!)!.set(Math.floor(Number(time) / 86400), {
      up: Number(up),
      down: Number(down),
      logUp: 0,
      nUp: 0,
      logDown: 0,
      nDown: 0,
    });
  }
  report('real LANL aggregates (no per-flow sizes)', byHost, new Map());
}

real();
for (const dir of process.argv.slice(2)) generated(dir);
