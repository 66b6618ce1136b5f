import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { ClusterEngine } from '../../src/engine/index.js';
import { LOG_FORMATS } from '../../src/sources/log-formats.js';
import { resolveInputs, type InputSpec } from '../../src/sources/resolve-inputs.js';
import { emptyAccount, scanLog, type FileAccount } from '../../src/sources/scan-log.js';
import { ClickHouseRowWriter, type ClickHouseRowWriterOptions } from '../../src/store/index.js';

/** Seeded mulberry32-style generator in [0, 1). */
export function random(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
}

/**
 * Host names no SQL may interpolate: quotes, an injection, backslashes, a tab, a NUL, Unicode,
 * `N`-like and `?`. No CR inside a field: the Parquet store's ingest (DuckDB read_csv) fails on one,
 * so the DuckDB side of the comparison could not hold it (the row writer test covers CR).
 */
export const HOSTILE_HOSTS = [
  "C1'); DROP TABLE x; --",
  'C\\2',
  'C3\\',
  'C\t4',
  // A NUL or another control byte (TAB aside) in a name is a rejected line (<field>_not_text) since issue 16.4.
  'C5\u2028',
  '"C6"',
  'Cé7',
  'C🦆8',
  'N9',
  '?',
  'C 11',
  '`C12`',
  '{h:String}',
  'C14$',
];

/**
 * A seeded hostile LANL data set: hostile host and user names next to ordinary ones, humans and
 * machines, negative times (day -1), CRLF and blank lines, rejected lines, self flows, ephemeral
 * and service ports, auth split over two files (one gzip), a redteam with a host that has no
 * flows. Sorted by time, as ingest needs.
 */
export function hostileClusterData(seed: number): string {
  const rand = random(seed);
  const pick = <T>(a: readonly T[]): T => a[Math.floor(rand() * a.length)]!;
  const hosts = [...HOSTILE_HOSTS, ...Array.from({ length: 30 }, (_, i) => `C${100 + i}`)];
  const users = [
    'U1@DOM1',
    'U2@DOM1',
    "O'Brien@DOM1",
    'U\\4@DOM2',
    'U\t5@DOM1',
    'C101$@DOM1',
    'ANONYMOUS LOGON@C586',
    'SYSTEM@C105',
    'U9@C107',
    'Ü10@DOM1',
  ];
  const types = ['Interactive', 'Network', 'Service', '?', 'RemoteInteractive', 'Unlock', "Inter'active"];
  const dir = mkdtempSync(join(tmpdir(), 'peerscope-cluster-data-'));
  const auth: string[] = [];
  for (let t = -5000; t < 3 * 86400; t += Math.floor(rand() * 700)) {
    auth.push(
      `${t},${pick(users)},${pick(users)},${pick(hosts)},${pick(hosts)},${pick(['NTLM', 'Kerberos', '?'])},${pick(types)},${pick(['LogOn', 'LogOff'])},${pick(['Success', 'Fail'])}`,
    );
    if (rand() < 0.01) auth.push('');
    if (rand() < 0.01) auth.push(`${t}.5,U1@DOM1,U1@DOM1,C100,C100,?,Interactive,LogOn,Success`);
    if (rand() < 0.01) auth.push(`${t},U1@DOM1,C100,C100,?,Interactive,LogOn,Success`);
  }
  const half = Math.floor(auth.length / 2);
  mkdirSync(join(dir, 'auth'));
  writeFileSync(join(dir, 'auth', 'part-1.txt.gz'), gzipSync(auth.slice(0, half).join('\r\n') + '\r\n'));
  writeFileSync(join(dir, 'auth', 'part-2.txt'), auth.slice(half).join('\n'));
  const flows: string[] = [];
  for (let t = -3000; t < 3 * 86400; t += Math.floor(rand() * 90)) {
    const src = pick(hosts);
    const dst = rand() < 0.05 ? src : pick(hosts);
    const bytes = Math.floor(Math.exp(rand() * 30));
    const port = () => (rand() < 0.5 ? `N${Math.floor(rand() * 60000)}` : pick(['80', '443', 'N', '?', "4'4"]));
    flows.push(
      `${t},${Math.floor(rand() * 100)},${src},${port()},${dst},${port()},${pick(['6', '17'])},${Math.floor(rand() * 500)},${bytes}`,
    );
    if (rand() < 0.01) flows.push(`${t},x7,${src},N1,${dst},80,6,5,100`);
    if (rand() < 0.005) flows.push(`${t},1,${src},N1,${dst},80,6,5`);
  }
  writeFileSync(join(dir, 'flows.txt.gz'), gzipSync(flows.join('\n') + '\n'));
  writeFileSync(
    join(dir, 'redteam.txt'),
    `-10,U1@DOM1,C140,${HOSTILE_HOSTS[0]}\r\n150,U1@DOM1,C140,C101\n9000,U2@DOM1,C140,C\\2\nbad,line\n9100,U\t5@DOM1,C140,C\\2\n200000,U3@DOM2,C140,C999\n`,
  );
  return dir;
}

/**
 * Scans raw LANL files with the byte scanner (the rules and accounting of analyze and ingest) and
 * streams each kind's valid rows into the cluster's Distributed tables, one INSERT per kind: the
 * core of a future `ingest --engine clickhouse`, without its per-day resumption.
 */
export async function scanIntoCluster(
  engine: ClusterEngine,
  spec: InputSpec,
  options: ClickHouseRowWriterOptions = {},
): Promise<Record<'auth' | 'flows' | 'redteam', FileAccount>> {
  const inputs = resolveInputs(spec);
  const accounts = { auth: emptyAccount(), flows: emptyAccount(), redteam: emptyAccount() };
  for (const kind of ['auth', 'flows', 'redteam'] as const) {
    const writer = new ClickHouseRowWriter(engine, kind, options);
    for (const [index, file] of inputs[kind].entries()) {
      await scanLog(
        file,
        LOG_FORMATS[kind],
        (buf, starts, ints, line) => writer.add(buf, starts, ints, index, line),
        accounts[kind],
        {
          afterBlock: () => writer.settle(),
          blockSize: 64 * 1024,
        },
      );
    }
    await writer.commit();
  }
  return accounts;
}
