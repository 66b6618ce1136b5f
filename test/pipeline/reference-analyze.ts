// An independent, deliberately plain implementation of the analyze contract, used as the truth in
// tests: whole files in memory, string splitting and regexes, Maps. No code shared with src/.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

const INT = /^-?[0-9]+$/;

function readLines(path: string): string[] {
  const raw = readFileSync(path);
  const text = (path.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8');
  const lines = text.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  if (lines.at(-1) === '') lines.pop();
  return lines;
}

function find(data: string, kind: string): string[] {
  for (const name of [`${kind}.txt`, `${kind}.txt.gz`]) {
    try {
      statSync(join(data, name));
      return [join(data, name)];
    } catch {
      /* next */
    }
  }
  try {
    return readdirSync(join(data, kind))
      .sort()
      .map((n) => join(data, kind, n));
  } catch {
    return [];
  }
}

export interface Reference {
  humans: Map<string, { users: number; logons: number }>;
  compromised: Set<string>;
  series: Map<string, { up: number; down: number; upP: number; downP: number; flows: number; dur: number }>;
  rejected: Map<string, string[]>;
  rows: Record<string, number>;
}

export function referenceAnalyze(data: string, interval = 86400, humanTypes = ['Interactive']): Reference {
  const rejected = new Map<string, string[]>();
  const rows: Record<string, number> = {};
  const valid = (kind: string, n: number, ints: number[]): string[][] => {
    const out: string[][] = [];
    rows[kind] = 0;
    for (const path of find(data, kind)) {
      const bad: string[] = [];
      readLines(path).forEach((line, i) => {
        if (line === '') return;
        const f = line.split(',');
        if (f.length !== n || ints.some((k) => !INT.test(f[k]))) bad.push(`${i + 1}\t${line}`);
        else out.push(f);
      });
      if (bad.length > 0) rejected.set(path, bad);
    }
    rows[kind] = out.length;
    return out;
  };
  const users = new Map<string, Set<string>>();
  const logons = new Map<string, number>();
  for (const f of valid('auth', 9, [0])) {
    if (humanTypes.includes(f[6]) && f[1].includes('DOM') && !f[1].includes('$')) {
      if (!users.has(f[3])) users.set(f[3], new Set());
      users.get(f[3])!.add(f[1]);
      logons.set(f[3], (logons.get(f[3]) ?? 0) + 1);
    }
  }
  const humans = new Map([...users].map(([h, u]) => [h, { users: u.size, logons: logons.get(h)! }]));
  const compromised = new Set(valid('redteam', 4, [0]).map((f) => f[3]));
  const series: Reference['series'] = new Map();
  const get = (t: number, h: string) => {
    const key = `${Math.floor(t / interval) * interval},${h}`;
    if (!series.has(key)) series.set(key, { up: 0, down: 0, upP: 0, downP: 0, flows: 0, dur: 0 });
    return series.get(key)!;
  };
  for (const f of valid('flows', 9, [0, 1, 7, 8])) {
    const [t, d, p, b] = [Number(f[0]), Number(f[1]), Number(f[7]), Number(f[8])];
    const touched = new Set<string>();
    if (humans.has(f[2])) {
      const s = get(t, f[2]);
      s.up += b;
      s.upP += p;
      touched.add(f[2]);
    }
    if (humans.has(f[4])) {
      const s = get(t, f[4]);
      s.down += b;
      s.downP += p;
      touched.add(f[4]);
    }
    for (const h of touched) {
      const s = get(t, h);
      s.flows += 1;
      s.dur += d;
    }
  }
  return { humans, compromised, series, rejected, rows };
}
