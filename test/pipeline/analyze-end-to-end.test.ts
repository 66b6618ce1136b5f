// End to end on the formats of issue 14: a Zeek conn.log (TSV, unsorted), Winlogbeat logon
// events and a host map → analyze with detection and report. humans.csv and series.csv are
// recomputed here from the records as written, without the adapters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { analyze } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { tempDir } from '../helpers/temp-dir.js';
import { csvRows } from '../helpers/csv-rows.js';
import { zeekConnHeader } from '../helpers/zeek-conn-header.js';

const DAY = 86400;
const T0 = 1_700_000_000 - (1_700_000_000 % DAY);
const WORKSTATIONS = 12;

function rng(seed: number) {
  let s = seed >>> 0;
  return () => (s = (Math.imul(s ^ (s >>> 15), 0x2c1b3c6d) + 0x6d2b79f5) >>> 0) / 2 ** 32;
}

interface Conn {
  ts: number;
  orig: string;
  origPort: number;
  resp: string;
  respPort: number;
  duration: number;
  origBytes: number;
  respBytes: number;
  origPkts: number;
  respPkts: number;
}
interface Logon {
  time: number;
  user: string;
  workstation: string;
  computer: string;
  type: number;
  ip: string;
}

function makeData(seed: number) {
  const rand = rng(seed);
  const ws = Array.from({ length: WORKSTATIONS }, (_, i) => `10.0.0.${i + 1}`);
  const servers = ['10.0.1.1', '10.0.1.2', '10.0.2.1', '10.0.2.2'];
  const outside = ['93.184.216.34', '8.8.8.8'];
  const conns: Conn[] = [];
  const logons: Logon[] = [];
  for (let day = 0; day < 4; day++) {
    ws.forEach((ip, i) => {
      const n = i + 1;
      // Two departments, each with its own servers; WS12 also uploads a lot on the last day.
      const own = i < WORKSTATIONS / 2 ? servers.slice(0, 2) : servers.slice(2);
      for (let k = 0; k < 6; k++) {
        const big = n === WORKSTATIONS && day === 3 ? 50 : 1;
        conns.push({
          ts: T0 + day * DAY + 28_800 + Math.floor(rand() * 30_000) + 0.125,
          orig: ip,
          origPort: 49152 + Math.floor(rand() * 10_000),
          resp: k === 5 ? outside[k % 2]! : own[k % 2]!,
          respPort: k === 5 ? 443 : 445,
          duration: Math.floor(rand() * 100) + 0.25,
          origBytes: Math.floor(1000 + rand() * 5000) * big,
          respBytes: k === 4 ? 0 : Math.floor(2000 + rand() * 9000),
          origPkts: 3 + Math.floor(rand() * 10),
          respPkts: k === 4 ? 0 : 2 + Math.floor(rand() * 10),
        });
      }
      logons.push({
        time: T0 + day * DAY + 28_000 + n,
        user: `user${n}`,
        workstation: `WS${n}`,
        computer: `WS${n}.corp.example`,
        type: 2,
        ip: '127.0.0.1',
      });
      logons.push({
        time: T0 + day * DAY + 29_000 + n,
        user: `user${n}`,
        workstation: '-',
        computer: 'DC01.corp.example',
        type: 3,
        ip: `::ffff:${ip}`,
      });
      if (n % 3 === 0)
        logons.push({
          time: T0 + day * DAY + 30_000 + n,
          user: 'helpdesk',
          workstation: `WS${n}`,
          computer: `WS${n}.corp.example`,
          type: 10,
          ip: '10.0.1.2',
        });
    });
  }
  // Zeek writes a connection when it ends: the file is not sorted by ts.
  for (let i = conns.length - 1; i > 0; i--) {
    const j = Math.floor(rand() * (i + 1));
    [conns[i], conns[j]] = [conns[j]!, conns[i]!];
  }
  const hostMap = new Map<string, string>([
    ...ws.map((ip, i) => [ip, `WS${i + 1}`] as [string, string]),
    ['10.0.1.1', 'DC01'],
    ['10.0.1.2', 'FS01'],
  ]);
  return { conns, logons, hostMap };
}

function zeekTsv(conns: Conn[]): string {
  const head = [
    ...zeekConnHeader(['#open\t2023-11-14-00-00-00']),
    `#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool\tcount\tstring\tcount\tcount\tcount\tcount\tset[string]`,
  ];
  const rows = conns.map((c, i) =>
    [
      c.ts.toFixed(6),
      `C${i}`,
      c.orig,
      c.origPort,
      c.resp,
      c.respPort,
      'tcp',
      '-',
      c.duration.toFixed(6),
      c.origBytes,
      c.respBytes,
      'SF',
      '-',
      '-',
      0,
      'ShADadFf',
      c.origPkts,
      c.origBytes + 40 * c.origPkts,
      c.respPkts,
      c.respBytes + 40 * c.respPkts,
      '(empty)',
    ].join('\t'),
  );
  return [...head, ...rows, '#close\t2023-11-18-00-00-00'].join('\n') + '\n';
}

function winlogbeat(logons: Logon[]): string {
  return (
    logons
      .map((l) =>
        JSON.stringify({
          '@timestamp': new Date(l.time * 1000).toISOString(),
          event: { code: 4624, module: 'security', outcome: 'success' },
          host: { name: l.computer },
          winlog: {
            channel: 'Security',
            computer_name: l.computer,
            event_id: 4624,
            event_data: {
              TargetUserName: l.user,
              TargetDomainName: 'CORP',
              LogonType: String(l.type),
              WorkstationName: l.workstation,
              IpAddress: l.ip,
              AuthenticationPackageName: 'Kerberos',
            },
          },
        }),
      )
      .join('\n') + '\n'
  );
}

test('end to end: Zeek conn.log + Winlogbeat logons + a host map → humans, series, peer groups, scores, report', async () => {
  const { conns, logons, hostMap } = makeData(14);
  const dir = tempDir('e2e-data');
  writeFileSync(join(dir, 'conn.log'), zeekTsv(conns));
  writeFileSync(join(dir, 'security.ndjson'), winlogbeat(logons));
  writeFileSync(join(dir, 'hosts.csv'), 'address,host\n' + [...hostMap].map(([a, h]) => `${a},${h}`).join('\n') + '\n');
  const out = join(tempDir('e2e-out'), 'out');
  const summary = await analyze({
    auth: join(dir, 'security.ndjson'),
    flows: join(dir, 'conn.log'),
    hosts: join(dir, 'hosts.csv'),
    out,
    humanUserPattern: '@CORP$',
    humanLogonTypes: ['Interactive', 'RemoteInteractive'],
    after: afterStages({ detect: true, report: true }),
  });

  // Humans by hand: the WorkstationName (the computer, else the mapped IpAddress) of an interactive or RDP logon.
  const humans = new Map<string, { users: Set<string>; logons: number }>();
  for (const l of logons.filter((x) => x.type === 2 || x.type === 10)) {
    const host = l.workstation !== '-' ? l.workstation : hostMap.get(l.ip.replace('::ffff:', ''))!;
    const h = humans.get(host) ?? { users: new Set(), logons: 0 };
    h.users.add(`${l.user}@CORP`);
    h.logons++;
    humans.set(host, h);
  }
  const expectedHumans = [...humans]
    .map(([host, h]) => [host, String(h.users.size), String(h.logons)])
    .sort((a, b) => (a[0]! < b[0]! ? -1 : 1));
  assert.deepEqual(csvRows(join(out, 'humans.csv')), expectedHumans);
  assert.equal(summary.humans, WORKSTATIONS);

  // Series by hand: orig uploads orig_bytes to resp; an answered connection also sends resp_bytes back.
  const name = (ip: string) => hostMap.get(ip) ?? ip;
  const series = new Map<string, number[]>();
  const row = (t: number, host: string) => {
    const key = `${Math.floor(t / DAY) * DAY},${host}`;
    let v = series.get(key);
    if (!v) series.set(key, (v = [0, 0, 0, 0, 0, 0]));
    return v;
  };
  for (const c of conns) {
    const t = Math.floor(c.ts);
    const d = Math.round(c.duration);
    const directed: [string, string, number, number][] = [[name(c.orig), name(c.resp), c.origBytes, c.origPkts]];
    if (c.respBytes + c.respPkts > 0) directed.push([name(c.resp), name(c.orig), c.respBytes, c.respPkts]);
    for (const [src, dst, bytes, pkts] of directed) {
      if (humans.has(src)) {
        const v = row(t, src);
        v[0]! += bytes;
        v[2]! += pkts;
        v[4]! += 1;
        v[5]! += d;
      }
      if (humans.has(dst)) {
        const v = row(t, dst);
        v[1]! += bytes;
        v[3]! += pkts;
        v[4]! += 1;
        v[5]! += d;
      }
    }
  }
  const got = csvRows(join(out, 'series.csv'));
  assert.equal(got.length, series.size);
  for (const r of got) {
    const v = series.get(`${r[0]},${r[1]}`);
    assert.ok(v, r.join(','));
    assert.deepEqual(r.slice(2, 7).map(Number), v.slice(0, 5), r.join(','));
    assert.ok(Math.abs(Number(r[7]) - v[5]! / v[4]!) < 1e-9);
  }

  // Peer groups, scores and the report cover every human host.
  const groups = csvRows(join(out, 'peer_groups.csv'));
  assert.deepEqual(groups.map((g) => g[0]).sort(), [...humans.keys()].sort());
  const hosts = csvRows(join(out, 'hosts.csv'));
  assert.deepEqual(
    hosts.map((h) => Number(h[3])),
    Array.from({ length: WORKSTATIONS }, (_, i) => i + 1),
  );
  assert.ok(hosts.every((h) => Number.isFinite(Number(h[2]))));
  // WS12 uploads 50× its usual volume on the last day: the upload views put it first.
  assert.equal(hosts[0]![0], `WS${WORKSTATIONS}`);
  const report = readFileSync(join(out, 'report.html'), 'utf8');
  for (const host of humans.keys()) assert.ok(report.includes(host), host);
  const sources = summary['sources'] as Record<string, { formats: Record<string, number> }>;
  assert.deepEqual([sources['auth']!.formats, sources['flows']!.formats], [{ winlogon: 1 }, { zeek: 1 }]);
});
