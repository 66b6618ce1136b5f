import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { analyze, type SourceEvent } from '../../src/pipeline/index.js';
import { InputError } from '../../src/errors.js';
import { ingest } from '../../src/store/index.js';
import { tempDir } from '../helpers/temp-dir.js';
import { csvRows } from '../helpers/csv-rows.js';

const ZEEK = join(import.meta.dirname, '..', 'sources', 'fixtures', 'zeek');
const WINDOWS = join(import.meta.dirname, '..', 'sources', 'fixtures', 'windows');

/** A second reading of a Zeek TSV conn.log: one record per line, by the #fields names. */
function zeekRecords(path: string): Record<string, string>[] {
  const lines = readFileSync(path, 'utf8').split('\n');
  const fields = lines
    .find((l) => l.startsWith('#fields'))!
    .split('\t')
    .slice(1);
  return lines
    .filter((l) => l !== '' && !l.startsWith('#'))
    .map((l) => Object.fromEntries(l.split('\t').map((v, i) => [fields[i]!, v])));
}

const isRfc1918 = (ip: string) => /^(10\.|192\.168\.|172\.(1[6-9]|2[0-9]|3[01])\.)/.test(ip);
const count = (v: string | undefined) => (v === undefined || v === '-' ? 0 : Number(v));

/**
 * The series of a flows-only analysis, recomputed from the records: the monitored hosts are the
 * RFC 1918 addresses; each connection uploads orig_bytes from the originator and, when answered,
 * resp_bytes from the responder; a row counts once for each monitored end.
 */
function referenceSeries(records: Record<string, string>[], interval: number, bytesField = 'bytes') {
  const series = new Map<
    string,
    { up: number; down: number; upP: number; downP: number; flows: number; dur: number }
  >();
  const add = (iv: number, host: string) => {
    const key = `${iv * interval},${host}`;
    let s = series.get(key);
    if (!s) series.set(key, (s = { up: 0, down: 0, upP: 0, downP: 0, flows: 0, dur: 0 }));
    return s;
  };
  const humans = new Set<string>();
  for (const r of records) {
    const time = Math.floor(Number(r['ts']));
    const duration = r['duration'] === '-' ? 0 : Math.round(Number(r['duration']));
    const rows: [string, string, number, number][] = [
      [r['id.orig_h']!, r['id.resp_h']!, count(r[`orig_${bytesField}`]), count(r['orig_pkts'])],
    ];
    if (count(r['resp_bytes']) + count(r['resp_pkts']) > 0)
      rows.push([r['id.resp_h']!, r['id.orig_h']!, count(r[`resp_${bytesField}`]), count(r['resp_pkts'])]);
    for (const [src, dst, bytes, packets] of rows) {
      if (isRfc1918(src)) humans.add(src);
      if (isRfc1918(dst)) humans.add(dst);
      const iv = Math.floor(time / interval);
      if (isRfc1918(src)) {
        const s = add(iv, src);
        s.up += bytes;
        s.upP += packets;
        s.flows++;
        s.dur += duration;
      }
      if (isRfc1918(dst)) {
        const s = add(iv, dst);
        s.down += bytes;
        s.downP += packets;
        if (dst !== src) {
          s.flows++;
          s.dur += duration;
        }
      }
    }
  }
  return { humans, series };
}

function assertSeries(out: string, expected: ReturnType<typeof referenceSeries>) {
  assert.deepEqual(
    csvRows(join(out, 'humans.csv')).map((r) => r[0]),
    [...expected.humans].sort(),
  );
  const got = csvRows(join(out, 'series.csv'));
  assert.equal(got.length, expected.series.size);
  for (const row of got) {
    const e = expected.series.get(`${row[0]},${row[1]}`);
    assert.ok(e, `unexpected series row ${row.join(',')}`);
    assert.deepEqual(row.slice(2, 7).map(Number), [e.up, e.down, e.upP, e.downP, e.flows], row.join(','));
    assert.ok(Math.abs(Number(row[7]) - e.dur / e.flows) < 1e-9, `mean_duration ${row.join(',')}`);
  }
}

test('flows from a real Zeek conn.log without auth: the local hosts are monitored, series recomputed from the records', async () => {
  const path = join(ZEEK, 'zat-conn.log');
  const events: SourceEvent[] = [];
  for (const interval of [86400, 60]) {
    const out = join(tempDir('zeek'), 'out');
    const summary = await analyze({ flows: path, out, interval, onSource: (e) => events.push(e) });
    assertSeries(out, referenceSeries(zeekRecords(path), interval));
    assert.equal(summary.files.flows!.rows, zeekRecords(path).length);
    assert.equal(summary.files.auth, undefined);
    const sources = summary['sources'] as { flows: { formats: Record<string, number>; monitored: string } };
    assert.deepEqual(sources.flows.formats, { zeek: 1 });
    assert.equal(sources.flows.monitored, 'local');
  }
  const ip = join(tempDir('zeek-ip'), 'out');
  await analyze({ flows: path, out: ip, zeekBytes: 'ip' });
  assertSeries(ip, referenceSeries(zeekRecords(path), 86400, 'ip_bytes'));
  assert.equal(events[0]!.format, 'zeek');
  assert.match(events[0]!.reason, /#fields header/);
});

test('a folder of rotated, gzipped conn logs is read in time order, not name order; --local-nets and a host map apply', async () => {
  const dir = tempDir('rotated');
  const folder = join(dir, 'zeek');
  mkdirSync(folder);
  // Named so that name order is the reverse of time order (teredo is from 2008, zat from 2012).
  copyFileSync(join(ZEEK, 'zat-conn.log'), join(folder, 'conn.a.log'));
  writeFileSync(join(folder, 'conn.b.log.gz'), gzipSync(readFileSync(join(ZEEK, 'zeek-teredo-conn.log'))));
  writeFileSync(join(folder, 'notes.txt.bak'), 'not a log');
  const hosts = join(dir, 'hosts.csv');
  writeFileSync(hosts, 'address,host\n192.168.84.10,WS10\n');
  const out = join(dir, 'out');
  const summary = await analyze({ flows: folder, out, hosts, localNets: '192.168.84.0/24' });
  assert.deepEqual(
    summary.inputs.flows!.map((f) => f.path.split('/').pop()),
    ['conn.b.log.gz', 'conn.a.log'],
  );
  const records = zeekRecords(join(ZEEK, 'zat-conn.log'));
  const humans = csvRows(join(out, 'humans.csv')).map((r) => r[0]);
  // Only 192.168.84.0/24 is local now (teredo's hosts are not), and .10 is named by the map.
  const expected = new Set(
    records.flatMap((r) => [r['id.orig_h']!, r['id.resp_h']!]).filter((ip) => ip.startsWith('192.168.84.')),
  );
  expected.delete('192.168.84.10');
  expected.add('WS10');
  assert.deepEqual(humans, [...expected].sort());
});

test('LANL auth with a header line: the header is skipped, not rejected, and said so', async () => {
  const dir = tempDir('header');
  const out = join(tempDir('header-out'), 'out');
  const auth =
    'time,src_user,dst_user,src_host,dst_host,auth_type,logon_type,orientation,outcome\n1,U1@DOM1,U1@DOM1,C1,C2,Kerberos,Interactive,LogOn,Success\n';
  const flows = '1,5,C1,N1,C2,80,6,3,300\n2,1,C2,80,C1,N1,6,2,200\n';
  writeFileSync(join(dir, 'auth.txt'), auth);
  writeFileSync(join(dir, 'flows.txt'), flows);
  const events: SourceEvent[] = [];
  const summary = await analyze({ data: dir, out, onSource: (e) => events.push(e) });
  assert.equal(summary.files.auth!.rejected, 0);
  assert.equal(summary.files.auth!.rows, 1);
  assert.equal(summary.humans, 1);
  assert.deepEqual(csvRows(join(out, 'series.csv'))[0]!.slice(1, 4), ['C1', '300', '200']);
  assert.deepEqual(
    events.map((e) => [e.kind, e.format]),
    [['auth', 'lanl']],
  );
  assert.match(events[0]!.reason, /header line/);
});

test('flows without auth must be Zeek; a named format that does not fit is an input error naming the file', async () => {
  const dir = tempDir('refused');
  writeFileSync(join(dir, 'flows.txt'), '1,5,C1,N1,C2,80,6,3,300\n');
  await assert.rejects(analyze({ flows: join(dir, 'flows.txt'), out: join(dir, 'out') }), (e: unknown) => {
    assert.ok(e instanceof InputError);
    assert.match(e.message, /flows without auth need Zeek conn logs/);
    return true;
  });
  await assert.rejects(
    analyze({ flows: join(dir, 'flows.txt'), out: join(dir, 'out'), formats: { flows: 'zeek' } }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.match(e.message, /flows\.txt: not a Zeek conn log/);
      return true;
    },
  );
});

test('human rule as options: a user pattern and case-insensitive logon types, the same on raw files and a store', async () => {
  const dir = tempDir('rule');
  const auth = [
    '1,alice@CORP,alice@CORP,WS1,DC1,Kerberos,Interactive,LogOn,Success',
    '2,bob@CORP,bob@CORP,WS2,DC1,Kerberos,RemoteInteractive,LogOn,Success',
    '3,WS3$@CORP,WS3$@CORP,WS3,DC1,Kerberos,Interactive,LogOn,Success',
    '4,carol@DOM1,carol@DOM1,WS4,DC1,Kerberos,Interactive,LogOn,Success',
    '5,dave@CORP,dave@CORP,WS5,DC1,Kerberos,Network,LogOn,Success',
  ];
  writeFileSync(join(dir, 'auth.txt'), auth.join('\n') + '\n');
  writeFileSync(join(dir, 'flows.txt'), '1,5,WS1,N1,DC1,88,6,3,300\n2,1,DC1,88,WS2,N1,6,2,200\n');
  const rule = { humanUserPattern: '^[^$]*@CORP$', humanLogonTypes: ['interactive', 'REMOTEINTERACTIVE'] };
  const raw = join(tempDir('rule-raw'), 'out');
  await analyze({ data: dir, out: raw, ...rule });
  // By hand: alice (Interactive) and bob (RemoteInteractive) match; WS3$ is a machine, carol another domain, dave Network.
  assert.deepEqual(csvRows(join(raw, 'humans.csv')), [
    ['WS1', '1', '1'],
    ['WS2', '1', '1'],
  ]);
  const store = join(tempDir('rule-store'), 'store');
  await ingest({ data: dir, out: store });
  const fromStore = join(tempDir('rule-from-store'), 'out');
  await analyze({ store, out: fromStore, ...rule });
  assert.equal(readFileSync(join(fromStore, 'humans.csv'), 'utf8'), readFileSync(join(raw, 'humans.csv'), 'utf8'));
  assert.equal(readFileSync(join(fromStore, 'series.csv'), 'utf8'), readFileSync(join(raw, 'series.csv'), 'utf8'));
});

test('a human logon type no auth row has is an input error listing the types seen', async () => {
  const out = join(tempDir('unseen'), 'out');
  await assert.rejects(
    analyze({
      auth: join(WINDOWS, 'logons-winlogbeat.ndjson'),
      flows: join(ZEEK, 'zat-conn.json.log'),
      out,
      humanLogonTypes: ['Interactive', 'Interactve'],
      humanUserPattern: '@CORP$',
    }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(
        e.message,
        'logons-winlogbeat.ndjson: humanLogonTypes: no auth row has logon type "Interactve" (compared case-insensitively). ' +
          'The logon types seen: "Network" 3, "?" 2, "12" 1, "CachedInteractive" 1, "Interactive" 1, "RemoteInteractive" 1, "Service" 1',
      );
      return true;
    },
  );
});
