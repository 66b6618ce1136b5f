import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { InputError } from '../../src/errors.js';
import { HostMap, LocalNets, ROW_EXTRAS, scannerFor, ZEEK_CONN_ADAPTER as ZEEK } from '../../src/sources/index.js';
import { FIXTURES, runAdapter, tempFile, type SeenRow } from './source-test-kit.js';
import { tempDir } from '../helpers/temp-dir.js';
import { getOrInit } from '../../src/get-or-init.js';

const X = ROW_EXTRAS.flows;

/** A conn record read from a fixture by a plain split, independently of the adapter. */
interface Conn {
  ts: string;
  orig: string;
  origPort: number;
  resp: string;
  respPort: number;
  proto: string;
  duration: string;
  origBytes: number;
  respBytes: number;
  origPkts: number;
  respPkts: number;
}

function tsvConns(path: string): Conn[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const fields = (lines.find((l) => l.startsWith('#fields')) ?? '').split('\t').slice(1);
  const n = (v: string | undefined) => (v === undefined || v === '-' ? 0 : Number(v));
  return lines
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => {
      const v = Object.fromEntries(l.split('\t').map((x, i) => [fields[i], x]));
      return {
        ts: v['ts'],
        orig: v['id.orig_h'],
        origPort: Number(v['id.orig_p']),
        resp: v['id.resp_h'],
        respPort: Number(v['id.resp_p']),
        proto: v['proto'],
        duration: v['duration'],
        origBytes: n(v['orig_bytes']),
        respBytes: n(v['resp_bytes']),
        origPkts: n(v['orig_pkts']),
        respPkts: n(v['resp_pkts']),
      };
    });
}

function jsonConns(path: string): Conn[] {
  return readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => {
      const o = JSON.parse(l) as Record<string, number | string | undefined>;
      return {
        ts: String(o['ts']),
        orig: String(o['id.orig_h']),
        origPort: Number(o['id.orig_p']),
        resp: String(o['id.resp_h']),
        respPort: Number(o['id.resp_p']),
        proto: String(o['proto']),
        duration: o['duration'] === undefined ? '-' : String(o['duration']),
        origBytes: Number(o['orig_bytes'] ?? 0),
        respBytes: Number(o['resp_bytes'] ?? 0),
        origPkts: Number(o['orig_pkts'] ?? 0),
        respPkts: Number(o['resp_pkts'] ?? 0),
      };
    });
}

/** Per host: bytes and packets it sent (upload) and received (download), and the directed rows touching it. */
function sidesFromConns(conns: Conn[]) {
  const hosts = new Map<string, { up: number; down: number; upPkts: number; downPkts: number; rows: number }>();
  const get = (h: string) => getOrInit(hosts, h, () => ({ up: 0, down: 0, upPkts: 0, downPkts: 0, rows: 0 }));
  for (const c of conns) {
    const o = get(c.orig),
      r = get(c.resp);
    o.up += c.origBytes;
    o.upPkts += c.origPkts;
    r.down += c.origBytes;
    r.downPkts += c.origPkts;
    o.rows++;
    if (c.resp !== c.orig) r.rows++;
    if (c.respBytes + c.respPkts > 0) {
      r.up += c.respBytes;
      r.upPkts += c.respPkts;
      o.down += c.respBytes;
      o.downPkts += c.respPkts;
      r.rows++;
      if (c.resp !== c.orig) o.rows++;
    }
  }
  return hosts;
}

function sidesFromRows(rows: SeenRow[]) {
  const hosts = new Map<string, { up: number; down: number; upPkts: number; downPkts: number; rows: number }>();
  const get = (h: string) => getOrInit(hosts, h, () => ({ up: 0, down: 0, upPkts: 0, downPkts: 0, rows: 0 }));
  for (const row of rows) {
    const [, , src = '', , dst = '', , , packets = '', bytes = ''] = row.fields;
    const s = get(src),
      d = get(dst);
    s.up += Number(bytes);
    s.upPkts += Number(packets);
    d.down += Number(bytes);
    d.downPkts += Number(packets);
    s.rows++;
    if (dst !== src) d.rows++;
  }
  return hosts;
}

function microsOf(decimal: string): number {
  const [whole = '0', fraction = ''] = decimal.split('.');
  return Number(whole) * 1e6 + Number(fraction.slice(0, 6).padEnd(6, '0'));
}

for (const [name, read] of [
  ['zat-conn.log', tsvConns],
  ['zeek-teredo-conn.log', tsvConns],
  ['zat-conn.json.log', jsonConns],
] as const) {
  test(`zeek ${name}: every host's upload, download, packets and rows match sums over the log's connections`, async () => {
    const path = join(FIXTURES, 'zeek', name);
    const conns = read(path);
    const { rows, account, totals } = await runAdapter('zeek', path, 'flows');
    assert.equal(account.rejected, 0, JSON.stringify(account.examples));
    assert.equal(account.rows, conns.length, 'one accepted record per connection');
    const answering = conns.filter((c) => c.respBytes + c.respPkts > 0).length;
    assert.equal(rows.length, conns.length + answering, 'one row per connection plus one per answered connection');
    assert.equal(totals.emitted, rows.length);
    assert.deepEqual(sidesFromRows(rows), sidesFromConns(conns));
  });

  test(`zeek ${name}: times, sub-second parts, durations and ports of each row come from its connection`, async () => {
    const path = join(FIXTURES, 'zeek', name);
    const conns = read(path);
    const { rows } = await runAdapter('zeek', path, 'flows');
    let r = 0;
    for (const c of conns) {
      const forward = rows[r++];
      assert.ok(forward);
      // JSON ts are doubles; their shortest text (what JSON.stringify writes) is Zeek's decimal.
      const tsMicros = microsOf(c.ts);
      assert.equal(Number(forward.fields[0]) * 1e6 + (forward.ints[X.timeMicros] ?? NaN), tsMicros);
      // Zeek's TSV writes intervals rounded to 6 decimals; JSON durations with more are rounded alike.
      const durationMicros =
        c.duration === '-'
          ? 0
          : name.endsWith('.json.log')
            ? Math.round(Number(c.duration) * 1e6)
            : microsOf(c.duration);
      assert.equal(forward.ints[X.durationMicros], durationMicros);
      assert.equal(Number(forward.fields[1]), Math.round(durationMicros / 1e6));
      const tcpUdp = c.proto === 'tcp' || c.proto === 'udp';
      assert.equal(forward.fields[3], tcpUdp ? `N${c.origPort}` : String(c.origPort));
      assert.equal(forward.fields[5], String(c.respPort));
      assert.equal(forward.fields[6], { tcp: '6', udp: '17', icmp: c.resp.includes(':') ? '58' : '1' }[c.proto] ?? '?');
      assert.equal(forward.ints[X.reverse], 0);
      if (c.respBytes + c.respPkts > 0) {
        const back = rows[r++];
        assert.ok(back);
        assert.deepEqual(
          [back.fields[2], back.fields[3], back.fields[4], back.fields[5]],
          [c.resp, String(c.respPort), c.orig, forward.fields[3]],
        );
        assert.equal(back.fields[0], forward.fields[0]);
        assert.equal(back.ints[X.reverse], 1);
      }
    }
    assert.equal(r, rows.length);
  });
}

test('zeek: a connection becomes the documented rows (hand-computed from zat-conn.log line 13 and teredo lines 18 and 27)', async () => {
  const zat = await runAdapter('zeek', join(FIXTURES, 'zeek', 'zat-conn.log'), 'flows');
  // 1342775668.729276 Ci7l674UNmDU2ixFQe 192.168.84.10 1033 65.110.52.32 80 tcp http 15.468637 678 18103 SF - 0 ShADadfF 15 1286 18 18831
  const line10 = zat.rows.filter((r) => r.line === 13);
  assert.deepEqual(
    line10.map((r) => r.fields.join(',')),
    [
      '1342775668,15,192.168.84.10,N1033,65.110.52.32,80,6,15,678',
      '1342775668,15,65.110.52.32,80,192.168.84.10,N1033,6,18,18103',
    ],
  );
  assert.deepEqual(
    line10.map((r) => [
      r.ints[X.timeMicros],
      r.ints[X.durationMicros],
      r.ints[X.srcLocal],
      r.ints[X.dstLocal],
      r.ints[X.reverse],
    ]),
    [
      [729276, 15468637, 1, 0, 0],
      [729276, 15468637, 0, 1, 1],
    ],
    'local_orig is unset here, so RFC 1918 decides: 192.168.84.10 is local, 65.110.52.32 is not',
  );
  const teredo = await runAdapter('zeek', join(FIXTURES, 'zeek', 'zeek-teredo-conn.log'), 'flows');
  // 1210953076.058333 ... 192.168.2.16 1578 75.126.203.78 80 tcp - - - - RSTRH - - 0 r 0 0 1 40: only the responder sent.
  assert.deepEqual(
    teredo.rows.filter((r) => r.line === 18).map((r) => r.fields.join(',')),
    [
      '1210953076,0,192.168.2.16,N1578,75.126.203.78,80,6,0,0',
      '1210953076,0,75.126.203.78,80,192.168.2.16,N1578,6,1,0',
    ],
  );
  // ICMPv6 neighbour solicitation: fe80::8000:f227:bec8:61af 134 -> fe80::8000:ffff:ffff:fffd 133, type and code stay numbers.
  assert.deepEqual(
    teredo.rows.filter((r) => r.line === 27).map((r) => r.fields.join(',')),
    ['1210953052,0,fe80::8000:f227:bec8:61af,134,fe80::8000:ffff:ffff:fffd,133,58,1,0'],
  );
});

const HEADER = [
  '#separator \\x09',
  '#set_separator\t,',
  '#empty_field\t(empty)',
  '#unset_field\t-',
  '#path\tconn',
  '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tduration\torig_bytes\tresp_bytes\tlocal_orig\tlocal_resp\torig_pkts\torig_ip_bytes\tresp_pkts\tresp_ip_bytes\tip_proto',
  '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tinterval\tcount\tcount\tbool\tbool\tcount\tcount\tcount\tcount\tcount',
];
const tsv = (...records: string[]) => [...HEADER, ...records].join('\n') + '\n';
const rec = (...fields: (string | number)[]) => fields.join('\t');

test('zeek TSV: bad records are rejected by reason with their line and original text; the scan goes on', async () => {
  const lines = [
    rec('100.5', 'C1', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 8 ok
    rec('100.5', 'C2', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60), // 9 field count
    rec('1e9', 'C3', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 10 ts
    rec('100', 'C4', '-', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 11 unset orig
    rec('100', 'C5', '10.0.0.1', 70000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 12 port
    rec('100', 'C6', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '-1', 10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 13 duration
    rec('100', 'C7', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', -10, 20, 'T', 'T', 1, 50, 1, 60, 6), // 14 count
    rec('100', 'C8', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 'x', 'T', 'T', 1, 50, 1, 60, 6), // 15 count
    rec('100', 'C9', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '1.5', 10, 20, 'T', 'T', 1, 50, 1, 60, 300), // 16 ip_proto
    '', // 17 blank
    rec('101', 'C10', '10.0.0.1', 5000, '10.0.0.2', 80, 'tcp', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-'), // 18 ok: unset counts are 0
  ];
  const path = tempFile('conn.log', tsv(...lines) + '#close\t2024-01-01-00-00-00\n');
  const out = tempDir('out');
  const { rows, account, totals } = await runAdapter('zeek', path, 'flows', {}, { outDir: out });
  assert.deepEqual([...new Set(rows.map((r) => r.line))], [8, 18]);
  assert.deepEqual(account.reasons, {
    field_count: 1,
    ts_not_time: 1,
    'id.orig_h_unset': 1,
    'id.orig_p_not_port': 1,
    duration_not_interval: 1,
    orig_bytes_not_count: 1,
    resp_bytes_not_count: 1,
    ip_proto_not_protocol: 1,
  });
  assert.equal(account.blank, 1);
  assert.deepEqual(totals.skipped_reasons, { zeek_header: 8 });
  assert.deepEqual(account.examples.slice(0, 3), [
    'conn.log line 9: 16 fields, expected 17 (#fields)',
    'conn.log line 10: ts "1e9" is not an epoch time',
    'conn.log line 11: id.orig_h is unset',
  ]);
  const rejected = readFileSync(join(out, 'rejected', 'conn.log.txt'), 'utf8');
  assert.equal(rejected, [9, 10, 11, 12, 13, 14, 15, 16].map((n) => `${n}\t${lines[n - 8]}\n`).join(''));
  assert.deepEqual(
    rows.filter((r) => r.line === 18).map((r) => r.fields.join(',')),
    ['101,0,10.0.0.1,N5000,10.0.0.2,80,6,0,0'],
  );
});

test('zeek TSV: local_orig/local_resp win over the local networks; ip_proto over proto; IP byte counts on request', async () => {
  const path = tempFile(
    'conn.log',
    tsv(
      rec('100.000001', 'C1', '8.8.8.8', 53, '192.168.1.5', 40000, 'udp', '0.25', 10, 20, 'T', 'F', 1, 38, 2, 76, 17),
      rec('100.000002', 'C2', '192.168.1.5', 40001, '8.8.8.8', 53, 'udp', '0.25', 10, 20, '-', '-', 1, 38, 2, 76, '-'),
      rec(
        '100.000003',
        'C3',
        '192.168.1.5',
        0,
        '10.9.9.9',
        0,
        'unknown_transport',
        '-',
        10,
        0,
        '-',
        '-',
        1,
        30,
        0,
        0,
        47,
      ),
    ),
  );
  const { rows } = await runAdapter('zeek', path, 'flows');
  const flags = rows.map((r) => [r.fields[2], r.ints[X.srcLocal], r.ints[X.dstLocal]]);
  assert.deepEqual(flags, [
    ['8.8.8.8', 1, 0], // Zeek says the originator is local: believed over RFC 1918
    ['192.168.1.5', 0, 1],
    ['192.168.1.5', 1, 0], // unset: RFC 1918 decides
    ['8.8.8.8', 0, 1],
    ['192.168.1.5', 1, 1],
  ]);
  assert.deepEqual(
    rows.map((r) => r.fields[6]),
    ['17', '17', '17', '17', '47'],
    'ip_proto 47 (GRE) over proto unknown_transport',
  );
  assert.equal(rows[4]?.fields[3], '0', 'GRE has no ports: not written as a client port');
  const ip = await runAdapter('zeek', path, 'flows', { zeekBytes: 'ip' });
  assert.deepEqual(
    ip.rows.slice(0, 2).map((r) => r.fields[8]),
    ['38', '76'],
  );
  const none = await runAdapter('zeek', path, 'flows', { localNets: LocalNets.parse('10.0.0.0/8') });
  assert.deepEqual(
    none.rows.map((r) => r.ints[X.srcLocal]),
    [1, 0, 0, 0, 0],
    '192.168.1.5 is not in 10/8; Zeek flags still win',
  );
});

test('zeek: the host map turns addresses into hosts (IPv6 keys canonical), unmapped addresses stay themselves', async () => {
  const hosts = HostMap.parse(
    'address,host\n192.168.2.16,WS16\n2001:0:4137:9e50:8000:F12A:B9C8:2815,WS16\n',
    'hosts.csv',
  );
  const { rows } = await runAdapter('zeek', join(FIXTURES, 'zeek', 'zeek-teredo-conn.log'), 'flows', { hosts });
  const hostsSeen = new Set(rows.flatMap((r) => [r.fields[2], r.fields[4]]));
  assert.ok(hostsSeen.has('WS16'));
  assert.ok(!hostsSeen.has('192.168.2.16') && !hostsSeen.has('2001:0:4137:9e50:8000:f12a:b9c8:2815'));
  assert.ok(hostsSeen.has('75.126.203.78'));
});

test('zeek TSV: a changed #fields mid-file is an input error naming its line; a repeated identical header is skipped', async () => {
  const same =
    tsv(rec('1', 'C1', '10.0.0.1', 1, '10.0.0.2', 2, 'tcp', '1', 1, 1, '-', '-', 1, 1, 1, 1, 6)) +
    tsv(rec('2', 'C2', '10.0.0.1', 1, '10.0.0.2', 2, 'tcp', '1', 1, 1, '-', '-', 1, 1, 1, 1, 6));
  const ok = await runAdapter('zeek', tempFile('conn.log', same), 'flows');
  assert.deepEqual(
    ok.rows.map((r) => r.line),
    [8, 8, 16, 16],
  );
  const changed =
    tsv(rec('1', 'C1', '10.0.0.1', 1, '10.0.0.2', 2, 'tcp', '1', 1, 1, '-', '-', 1, 1, 1, 1, 6)) +
    '#fields\tts\tuid\n1\tC2\n';
  await assert.rejects(runAdapter('zeek', tempFile('conn.log', changed), 'flows'), (error) => {
    assert.ok(error instanceof InputError);
    assert.equal(error.file, 'conn.log');
    assert.equal(error.line, 9);
    assert.match(error.message, /the #fields header changes here/);
    return true;
  });
});

test('zeek TSV: CRLF lines, a byte-order mark, and gzip read like the plain file', async () => {
  const path = join(FIXTURES, 'zeek', 'zat-conn.log');
  const plain = await runAdapter('zeek', path, 'flows');
  const text = readFileSync(path, 'utf8');
  const crlf = await runAdapter('zeek', tempFile('conn.log', '\ufeff' + text.replaceAll('\n', '\r\n')), 'flows');
  const gz = await runAdapter('zeek', tempFile('conn.log.gz', gzipSync(text)), 'flows');
  assert.deepEqual(crlf.rows, plain.rows);
  assert.deepEqual(gz.rows, plain.rows);
});

test('zeek JSON: ISO timestamps, nested ids, records of other logs skipped, bad lines rejected', async () => {
  const lines = [
    '{"ts":"2019-12-03T22:44:56.052279Z","uid":"C1","id":{"orig_h":"10.0.0.1","orig_p":1000,"resp_h":"10.0.0.2","resp_p":88},"proto":"tcp","duration":0.5,"orig_bytes":5,"resp_bytes":7,"conn_state":"SF","local_orig":true,"local_resp":true}',
    '{"_path":"dns","ts":1575413096.1,"uid":"C2","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":53,"query":"example.com"}',
    '{"ts":1575413096.1,"uid":"C3","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2"',
    '{"ts":1575413096.1,"uid":"C4","id.orig_h":"10.0.0.1","id.orig_p":"x","id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","conn_state":"S0"}',
    '{"uid":"C5","id.orig_h":"10.0.0.1","id.orig_p":1,"id.resp_h":"10.0.0.2","id.resp_p":53,"proto":"udp","conn_state":"S0"}',
    '[1,2]',
  ];
  const { rows, account, totals } = await runAdapter('zeek', tempFile('conn.json', lines.join('\n') + '\n'), 'flows');
  assert.deepEqual(
    rows.map((r) => r.fields.join(',')),
    ['1575413096,1,10.0.0.1,N1000,10.0.0.2,88,6,0,5', '1575413096,1,10.0.0.2,88,10.0.0.1,N1000,6,0,7'],
  );
  assert.equal(rows[0]?.ints[X.timeMicros], 52279);
  assert.deepEqual(totals.skipped_reasons, { zeek_path_dns: 1 });
  assert.deepEqual(account.reasons, { json_syntax: 1, 'id.orig_p_not_port': 1, ts_missing: 1, json_not_object: 1 });
});

test('zeek: prepare refuses what is not a conn.log, naming the file', () => {
  const adapter = {
    prepare: (text: string, kind: 'flows' | 'auth' = 'flows') =>
      ZEEK.prepare(Buffer.from(text), { kind, label: 'x.log' }),
  };
  assert.doesNotThrow(() => adapter.prepare(tsv()), 'control: a conn header is fine');
  assert.throws(() => adapter.prepare(tsv().replace('#path\tconn', '#path\tdns')), /x\.log: a Zeek dns log, not conn/);
  assert.throws(
    () => adapter.prepare(tsv().replace('\tid.resp_p', '')),
    /x\.log: Zeek conn log #fields lacks id\.resp_p/,
  );
  assert.throws(() => adapter.prepare(tsv(), 'auth'), /x\.log: a Zeek conn log holds flows; it cannot be read as auth/);
  assert.throws(() => adapter.prepare('1,2,3\n'), /not a Zeek conn log/);
  assert.throws(() => adapter.prepare('{"ts":1,"id.orig_h":"a","id.resp_h":"b","query":"x"}\n'), /another Zeek log/);
});

test('zeek: a prepared config survives structured cloning (as sent to a worker thread) and scans the same', async () => {
  const path = join(FIXTURES, 'zeek', 'zeek-teredo-conn.log');
  const hosts = HostMap.parse('192.168.2.16,WS16\n', 'h.csv');
  const { rows, config } = await runAdapter('zeek', path, 'flows', { hosts });
  const clone = structuredClone(config);
  assert.deepEqual(clone, config);
  const seen: string[] = [];
  scannerFor(clone).scan(
    readFileSync(path),
    (b, s) => seen.push(b.toString('utf8', s[0], (s[9] ?? 0) - 1)),
    0,
    10,
    true,
  );
  assert.deepEqual(
    seen,
    rows.map((r) => r.fields.join(',')),
  );
});
