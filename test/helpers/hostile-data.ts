import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { tempDir } from './temp-dir.js';

/** A seeded hostile data set: humans and machines, CRLF, blanks, bad lines, self flows, splits, gzip. */
export function hostileData(seed: number): string {
  let s = seed >>> 0;
  const rand = () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
  const pick = <T>(a: readonly T[]) => a[Math.floor(rand() * a.length)];
  const hosts = Array.from({ length: 40 }, (_, i) => `C${100 + i}`);
  const userNames = [
    'U1@DOM1',
    'U2@DOM1',
    'U3@DOM2',
    'C101$@DOM1',
    'ANONYMOUS LOGON@C586',
    'SYSTEM@C105',
    'U9@C107',
    'DOMAIN$ADMIN@DOM1',
  ];
  const types = ['Interactive', 'Network', 'Service', '?', 'RemoteInteractive', 'Unlock'];
  const dir = tempDir('data');
  const auth: string[] = [];
  for (let t = 1; t < 4 * 86400; t += Math.floor(rand() * 900)) {
    auth.push(
      `${t},${pick(userNames)},${pick(userNames)},${pick(hosts)},${pick(hosts)},${pick(['NTLM', 'Kerberos', '?'])},${pick(types)},LogOn,${pick(['Success', 'Fail'])}`,
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
  for (let t = 1; t < 4 * 86400; t += Math.floor(rand() * 120)) {
    const src = pick(hosts);
    const dst = rand() < 0.05 ? src : pick(hosts);
    const bytes = Math.floor(Math.exp(rand() * 20));
    flows.push(
      `${t},${Math.floor(rand() * 100)},${src},N${Math.floor(rand() * 60000)},${dst},${pick(['80', '443', 'N5'])},6,${Math.floor(rand() * 500)},${bytes}`,
    );
    if (rand() < 0.01) flows.push(`${t},x7,${src},N1,${dst},80,6,5,100`);
    if (rand() < 0.005) flows.push(`${t},1,${src},N1,${dst},80,6,5`);
  }
  writeFileSync(join(dir, 'flows.txt.gz'), gzipSync(flows.join('\n') + '\n'));
  writeFileSync(
    join(dir, 'redteam.txt'),
    `150,U1@DOM1,C140,C101\r\n9000,U2@DOM1,C140,${hosts[5]}\nbad,line\n200,U3@DOM2,C140,C999\n`,
  );
  return dir;
}
