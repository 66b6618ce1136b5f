import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { HostMap, readBlocks, ROW_EXTRAS, SOURCE_ADAPTERS, scannerFor } from '../../src/sources/index.js';
import { FIXTURES, runAdapter, tempFile } from './source-test-kit.js';

const X = ROW_EXTRAS.auth;
const xml = (name: string) => join(FIXTURES, 'windows', name);

/**
 * The rows of the 11 fixture events, worked out by hand from each event's Data fields and the
 * documented mapping (the 4672 is skipped). Times: SystemTime as epoch seconds (2019-12-03T00:00:00Z
 * is 1575331200) and the microseconds of its fraction.
 */
const EXPECTED: { line: number; row: string; micros: number; event: number }[] = [
  {
    line: 3,
    row: '1575412801,alice@CORP,alice@CORP,WS97,WS97,Negotiate,Interactive,LogOn,Success',
    micros: 123456,
    event: 4624,
  },
  {
    line: 69,
    row: '1575413096,alice@CORP,alice@CORP,10.18.20.97,DC01,Kerberos,Network,LogOn,Success',
    micros: 71000,
    event: 4624,
  },
  {
    line: 113,
    row: "1575413113,d'arcy@CORP,d'arcy@CORP,WS50,DC01,NTLM,Network,LogOn,Fail",
    micros: 700000,
    event: 4625,
  },
  {
    line: 151,
    row: '1575413120,alice@CORP,alice@CORP,DC01,DC01,?,Network,LogOff,Success',
    micros: 250000,
    event: 4634,
  },
  { line: 173, row: '1575413162,alice@CORP,adm-alice@CORP,WS97,SRV01,?,?,LogOn,Success', micros: 500000, event: 4648 },
  { line: 204, row: '1575413250,WS97$@CORP,svc-backup@CORP,WS97,WS97,?,?,LogOn,Success', micros: 0, event: 4648 },
  {
    line: 235,
    row: '1575413290,adm-alice@CORP,adm-alice@CORP,WS97,SRV01,Negotiate,RemoteInteractive,LogOn,Success',
    micros: 1,
    event: 4624,
  },
  {
    line: 279,
    row: '1575413340,SYSTEM@NT AUTHORITY,SYSTEM@NT AUTHORITY,?,SRV01,Negotiate,Service,LogOn,Success',
    micros: 999999,
    event: 4624,
  },
  {
    line: 323,
    row: '1575446561,alice@CORP,alice@CORP,WS97,WS97,Negotiate,CachedInteractive,LogOn,Success',
    micros: 250000,
    event: 4624,
  },
  {
    line: 367,
    row: '1575447300,adm-alice@CORP,adm-alice@CORP,WS97,SRV01,Negotiate,12,LogOn,Success',
    micros: 0,
    event: 4624,
  },
];

test('winlogon XML (EVTX dump style): each logon event becomes the hand-computed auth row, at the line its <Event> starts', async () => {
  const { rows, account, totals } = await runAdapter('winlogon', xml('logons-events.xml'), 'auth');
  assert.equal(account.rejected, 0, JSON.stringify(account.examples));
  assert.deepEqual(
    rows.map((r) => ({
      line: r.line,
      row: r.fields.join(','),
      micros: r.ints[X.timeMicros],
      event: r.ints[X.eventId],
    })),
    EXPECTED,
  );
  assert.deepEqual(totals.skipped_reasons, { event_4672: 1 });
  assert.equal(account.rows, 10);
  // The lines are where the records start in the file, found here by a plain search.
  const text = readFileSync(xml('logons-events.xml'), 'utf8').split('\n');
  const starts = text.flatMap((l, i) => (l.startsWith('<Event ') ? [i + 1] : []));
  assert.deepEqual(
    rows.map((r) => r.line),
    starts.filter((_, i) => i !== 1),
  );
  // The times agree with Date's own parse of SystemTime (to the millisecond).
  const times = [...readFileSync(xml('logons-events.xml'), 'utf8').matchAll(/SystemTime="([^"]+)"/g)].map((m) =>
    Date.parse(m[1] ?? ''),
  );
  times.splice(1, 1);
  assert.deepEqual(
    rows.map((r) => Math.floor(Number(r.fields[0]) * 1000 + (r.ints[X.timeMicros] ?? 0) / 1000)),
    times,
  );
});

test('winlogon XML as wevtutil writes it (one line, single quotes, <X/>) gives the same rows, all on line 1', async () => {
  const { rows, account } = await runAdapter('winlogon', xml('logons-wevtutil.xml'), 'auth');
  assert.equal(account.rejected, 0, JSON.stringify(account.examples));
  assert.deepEqual(
    rows.map((r) => [r.fields.join(','), r.ints[X.timeMicros]]),
    EXPECTED.map((e) => [e.row, e.micros]),
  );
  assert.deepEqual([...new Set(rows.map((r) => r.line))], [1]);
});

test('winlogon Winlogbeat JSON (plain, string ids, an Elasticsearch hit, dotted keys) gives the same rows at millisecond precision', async () => {
  const { rows, account, totals } = await runAdapter('winlogon', xml('logons-winlogbeat.ndjson'), 'auth');
  assert.equal(account.rejected, 0, JSON.stringify(account.examples));
  assert.deepEqual(
    rows.map((r) => [r.line, r.fields.join(','), r.ints[X.timeMicros], r.ints[X.eventId]]),
    EXPECTED.map((e, i) => [i === 0 ? 1 : i + 2, e.row, Math.floor(e.micros / 1000) * 1000, e.event]),
  );
  assert.deepEqual(totals.skipped_reasons, { event_4672: 1 });
});

test('winlogon: the host map joins Windows names and addresses to one host; verbatim keeps names as written', async () => {
  const hosts = HostMap.parse('10.18.20.97,WS97\nsrv01,APP-SERVER\n', 'hosts.csv');
  const mapped = await runAdapter('winlogon', xml('logons-events.xml'), 'auth', { hosts });
  assert.equal(mapped.rows[1]?.fields[3], 'WS97', '::ffff:10.18.20.97 is 10.18.20.97 is WS97');
  assert.equal(
    mapped.rows[6]?.fields[4],
    'APP-SERVER',
    'SRV01.corp.example shortened to SRV01, then mapped (case-insensitively)',
  );
  const verbatim = await runAdapter('winlogon', xml('logons-events.xml'), 'auth', { windowsHostNames: 'verbatim' });
  assert.deepEqual(verbatim.rows[1]?.fields.slice(1, 5), [
    'alice@CORP.EXAMPLE',
    'alice@CORP.EXAMPLE',
    '10.18.20.97',
    'DC01.corp.example',
  ]);
});

test('winlogon: blocks cut after </Event> (small reads) give the same rows and line numbers as one block', async () => {
  for (const name of ['logons-events.xml', 'logons-wevtutil.xml']) {
    const path = xml(name);
    const head = readFileSync(path);
    const config = SOURCE_ADAPTERS.winlogon.prepare(head, { kind: 'auth', label: name });
    const collect = async (chunkSize: number) => {
      const scanner = scannerFor(config);
      const seen: string[] = [];
      let lines = 0;
      let first = true;
      let blocks = 0;
      for await (const { buf } of readBlocks(path, { chunkSize, blockSize: 1, terminator: config.terminator })) {
        const tail = buf.toString().trim();
        assert.ok(
          tail.endsWith('</Event>') || tail === '</Events>' || tail === '',
          `${name}: a block ends with a record`,
        );
        const r = scanner.scan(
          buf,
          (b, s, _ints, line) => seen.push(`${line}:${b.toString('utf8', s[0], (s[9] ?? 0) - 1)}`),
          lines,
          10,
          first,
        );
        assert.equal(r.rejected, 0);
        lines += r.lines;
        first = false;
        blocks++;
      }
      return { seen, blocks };
    };
    const whole = await collect(1 << 20);
    const cut = await collect(700);
    assert.ok(whole.blocks <= 2, 'one block, and what follows the last record');
    assert.ok(cut.blocks >= 10, `${name}: ${cut.blocks} blocks`);
    assert.deepEqual(cut.seen, whole.seen);
  }
});

test('winlogon: bad records are rejected with a reason; junk between events and a truncated last event too', async () => {
  const ev = (id: number, time: string | null, data: string, computer = 'WS1') =>
    `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><EventID>${id}</EventID>${time === null ? '' : `<TimeCreated SystemTime='${time}'/>`}<Computer>${computer}</Computer></System><EventData>${data}</EventData></Event>`;
  const d = (name: string, value: string) => `<Data Name='${name}'>${value}</Data>`;
  const good =
    d('TargetUserName', 'bob') + d('TargetDomainName', 'CORP') + d('LogonType', '2') + d('WorkstationName', 'WS1');
  const text = [
    ev(4624, '2020-01-01T00:00:00Z', good),
    'garbage here',
    ev(4624, null, good),
    ev(4624, '2020-13-01T00:00:00Z', good),
    ev(4624, '2020-01-01T00:00:00Z', d('TargetUserName', 'a,b') + d('TargetDomainName', 'CORP')),
    ev(4624, '2020-01-01T00:00:00Z', good, ''),
    `<Event xmlns='x'><System><EventID>4624</EventID>`,
  ].join('\n');
  const { rows, account } = await runAdapter('winlogon', tempFile('sec.xml', text), 'auth');
  assert.deepEqual(
    rows.map((r) => r.fields.join(',')),
    ['1577836800,bob@CORP,bob@CORP,WS1,WS1,?,Interactive,LogOn,Success'],
  );
  assert.deepEqual(account.reasons, {
    xml_not_event: 1,
    time_missing: 1,
    time_not_iso: 1,
    src_user_has_separator: 1,
    computer_missing: 1,
    xml_truncated: 1,
  });
  assert.deepEqual(account.examples, [
    'sec.xml line 2: text outside an <Event> record: "garbage here"',
    'sec.xml line 3: event 4624 has no time (TimeCreated SystemTime / @timestamp)',
    'sec.xml line 4: time "2020-13-01T00:00:00Z" is not an ISO 8601 date-time',
    'sec.xml line 5: src_user "a,b@CORP" holds a comma or line break, which the row layout cannot carry',
    'sec.xml line 6: event 4624 has no Computer',
  ]);
  const json = ['{"winlog":{"event_id":4624}}', '{"@timestamp":"2020-01-01T00:00:00Z","message":"x"}', 'not json'].join(
    '\n',
  );
  const j = await runAdapter('winlogon', tempFile('sec.json', json), 'auth');
  assert.deepEqual(j.account.reasons, { time_missing: 1, not_winlogbeat: 1, json_syntax: 1 });
});

test('winlogon: prepare refuses other kinds and text that is neither XML nor JSON', () => {
  assert.throws(
    () => SOURCE_ADAPTERS.winlogon.prepare(Buffer.from('<Event/>'), { kind: 'flows', label: 'a.xml' }),
    /a\.xml: Windows logon events are auth; they cannot be read as flows/,
  );
  assert.throws(
    () => SOURCE_ADAPTERS.winlogon.prepare(Buffer.from('1,2,3'), { kind: 'auth', label: 'a.csv' }),
    /a\.csv: not Windows events/,
  );
});
