// humans.csv and series.csv computed by the suite itself from the README's definitions, as the
// independent truth for the data sets the cases build. Plain Maps over the classified lines.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { classifyLine } from './classify-line.js';
import { inputBytes, physicalLines, type KindInputs } from './input-lines.js';
import { parseCsv } from './parse-csv.js';

export interface ReferenceResults {
  /** host → users, logons. */
  humans: Map<string, { users: number; logons: number }>;
  /** "interval,host" → the series columns. */
  series: Map<
    string,
    { up: bigint; down: bigint; upP: bigint; downP: bigint; flows: number; duration: number; compromised: number }
  >;
}

function validRows(
  paths: readonly string[],
  kind: 'auth' | 'flows' | 'redteam',
  interval: number,
): { fields: string[]; ints: number[] }[] {
  const rows: { fields: string[]; ints: number[] }[] = [];
  for (const path of paths) {
    for (const line of physicalLines(inputBytes(path))) {
      const v = classifyLine(line, kind, interval);
      // "either" lines are left out: a case that has them makes them irrelevant to humans and series.
      if (v.status === 'valid') rows.push({ fields: v.fields.map((f) => f.toString('utf8')), ints: v.ints });
    }
  }
  return rows;
}

/**
 * Humans: source hosts of logons of a human type by a source user containing "DOM" and no "$";
 * series: per interval and human host, a human source's flow as upload and a human
 * destination's as download, flows touching the host (a self flow once), their mean duration.
 */
export function referenceResults(
  inputs: KindInputs,
  options: { interval?: number; humanLogonTypes?: readonly string[] } = {},
): ReferenceResults {
  const interval = options.interval ?? 86400;
  const types = new Set(options.humanLogonTypes ?? ['Interactive']);
  const users = new Map<string, Set<string>>();
  const logons = new Map<string, number>();
  for (const { fields } of validRows(inputs.auth ?? [], 'auth', interval)) {
    const [, srcUser, , srcHost, , , logonType] = fields as [string, string, string, string, string, string, string];
    if (!types.has(logonType) || !srcUser.includes('DOM') || srcUser.includes('$')) continue;
    if (!users.has(srcHost)) users.set(srcHost, new Set());
    users.get(srcHost)!.add(srcUser);
    logons.set(srcHost, (logons.get(srcHost) ?? 0) + 1);
  }
  const humans = new Map([...users].map(([h, u]) => [h, { users: u.size, logons: logons.get(h)! }]));
  const compromised = new Set(validRows(inputs.redteam ?? [], 'redteam', interval).map((r) => r.fields[3]!));
  const series: ReferenceResults['series'] = new Map();
  const cell = (iv: number, host: string) => {
    const key = `${iv},${host}`;
    let c = series.get(key);
    if (!c)
      series.set(
        key,
        (c = {
          up: 0n,
          down: 0n,
          upP: 0n,
          downP: 0n,
          flows: 0,
          duration: 0,
          compromised: compromised.has(host) ? 1 : 0,
        }),
      );
    return c;
  };
  for (const { fields, ints } of validRows(inputs.flows ?? [], 'flows', interval)) {
    const iv = Math.floor(ints[0]! / interval) * interval;
    const src = fields[2]!;
    const dst = fields[4]!;
    const touched = new Set<string>();
    if (humans.has(src)) {
      const c = cell(iv, src);
      c.up += BigInt(ints[8]!);
      c.upP += BigInt(ints[7]!);
      touched.add(src);
    }
    if (humans.has(dst)) {
      const c = cell(iv, dst);
      c.down += BigInt(ints[8]!);
      c.downP += BigInt(ints[7]!);
      touched.add(dst);
    }
    for (const h of touched) {
      const c = cell(iv, h);
      c.flows++;
      c.duration += ints[1]!;
    }
  }
  return { humans, series };
}

/** humans.csv and series.csv of OUT hold exactly the reference rows (mean duration to 1e-9 relative). */
export function assertMatchesReference(out: string, ref: ReferenceResults, what: string): void {
  const humans = parseCsv(readFileSync(join(out, 'humans.csv'), 'utf8'));
  const got = new Map(humans.map((r) => [r[0]!, { users: Number(r[1]), logons: Number(r[2]) }]));
  assert.deepEqual(new Set(got.keys()), new Set(ref.humans.keys()), `${what}: the human hosts`);
  for (const [host, h] of ref.humans)
    assert.deepEqual(got.get(host), h, `${what}: humans.csv row of ${JSON.stringify(host)}`);
  const rows = parseCsv(readFileSync(join(out, 'series.csv'), 'utf8'));
  assert.equal(rows.length, ref.series.size, `${what}: series rows`);
  for (const r of rows) {
    const key = `${r[0]},${r[1]}`;
    const c = ref.series.get(key);
    assert.ok(c, `${what}: series row ${key} expected`);
    assert.deepEqual(
      [BigInt(r[2]!), BigInt(r[3]!), BigInt(r[4]!), BigInt(r[5]!), Number(r[6]), Number(r[8])],
      [c.up, c.down, c.upP, c.downP, c.flows, c.compromised],
      `${what}: series row ${key}`,
    );
    const mean = c.duration / c.flows;
    assert.ok(
      Math.abs(Number(r[7]) - mean) <= 1e-9 * Math.max(1, Math.abs(mean)),
      `${what}: mean_duration of ${key}: ${r[7]} vs ${mean}`,
    );
  }
}
