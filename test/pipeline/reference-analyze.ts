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
        if (f.length !== n || ints.some((k) => !INT.test(f[k] ?? ''))) bad.push(`${i + 1}\t${line}`);
        else out.push(f);
      });
      if (bad.length > 0) rejected.set(path, bad);
    }
    rows[kind] = out.length;
    return out;
  };
  const byHost = new Map<string, { users: Set<string>; logons: number }>();
  for (const [, srcUser = '', , srcHost = '', , , logonType = ''] of valid('auth', 9, [0])) {
    if (humanTypes.includes(logonType) && srcUser.includes('DOM') && !srcUser.includes('$')) {
      let host = byHost.get(srcHost);
      if (!host) byHost.set(srcHost, (host = { users: new Set(), logons: 0 }));
      host.users.add(srcUser);
      host.logons++;
    }
  }
  const humans = new Map([...byHost].map(([h, { users, logons }]) => [h, { users: users.size, logons }]));
  const compromised = new Set(valid('redteam', 4, [0]).map(([, , , dst = '']) => dst));
  const series: Reference['series'] = new Map();
  const get = (t: number, h: string) => {
    const key = `${Math.floor(t / interval) * interval},${h}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { up: 0, down: 0, upP: 0, downP: 0, flows: 0, dur: 0 }));
    return s;
  };
  for (const [time, duration, src = '', , dst = '', , , packets, bytes] of valid('flows', 9, [0, 1, 7, 8])) {
    const [t, d, p, b] = [Number(time), Number(duration), Number(packets), Number(bytes)];
    const touched = new Set<string>();
    if (humans.has(src)) {
      const s = get(t, src);
      s.up += b;
      s.upP += p;
      touched.add(src);
    }
    if (humans.has(dst)) {
      const s = get(t, dst);
      s.down += b;
      s.downP += p;
      touched.add(dst);
    }
    for (const h of touched) {
      const s = get(t, h);
      s.flows += 1;
      s.dur += d;
    }
  }
  return { humans, compromised, series, rejected, rows };
}
