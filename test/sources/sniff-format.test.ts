import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { readHead, sniffFormat } from '../../src/sources/index.js';
import { createRandom } from '../../src/stats/index.js';
import { FIXTURES, tempFile } from './source-test-kit.js';

const fixture = (p: string) => readFileSync(join(FIXTURES, p));
const sniff = (text: string | Buffer) => sniffFormat(Buffer.isBuffer(text) ? text : Buffer.from(text));

test('sniffFormat recognizes every fixture format and says how', () => {
  assert.deepEqual(sniffFormat(fixture('zeek/zat-conn.log')), {
    format: 'zeek',
    encoding: 'tsv',
    reason: 'sniffed zeek conn TSV from its #fields header',
  });
  assert.deepEqual(sniffFormat(fixture('zeek/zeek-teredo-conn.log')).format, 'zeek');
  assert.deepEqual(sniffFormat(fixture('zeek/zat-conn.json.log')), {
    format: 'zeek',
    encoding: 'json',
    reason: 'sniffed zeek conn JSON lines from the keys of the first record (ts, id.orig_h, …)',
  });
  assert.deepEqual(sniffFormat(fixture('windows/logons-events.xml')), {
    format: 'winlogon',
    encoding: 'xml',
    reason: 'sniffed Windows Event XML from its <Event> records',
  });
  assert.deepEqual(sniffFormat(fixture('windows/logons-wevtutil.xml')).encoding, 'xml');
  assert.deepEqual(sniffFormat(fixture('windows/logons-winlogbeat.ndjson')), {
    format: 'winlogon',
    encoding: 'json',
    reason: 'sniffed Winlogbeat JSON lines from the winlog field of the first record',
  });
});

test('sniffFormat tells LANL auth from flows, and reports a header line', () => {
  const auth =
    '1,U101@DOM1,U101@DOM1,C1862,C1862,Negotiate,Interactive,LogOn,Success\n2,C1$@DOM1,C1$@DOM1,C1,C2,NTLM,Network,LogOn,Fail\n';
  const flows = '1,0,C1,N1,C2,80,6,5,100\n2,12,C3,443,C4,N77,17,1,60\n';
  assert.deepEqual(sniff(auth), {
    format: 'lanl',
    encoding: 'csv',
    kind: 'auth',
    headerLine: false,
    reason: 'sniffed LANL auth CSV (9 fields, integers where auth has them)',
  });
  assert.equal(sniff(flows).kind, 'flows');
  assert.equal(sniff('1,U1@DOM1,C1,C2\n').kind, 'redteam');
  const headed = sniff('time,duration,src_host,src_port,dst_host,dst_port,protocol,packets,bytes\r\n' + flows);
  assert.deepEqual([headed.format, headed.kind, headed.headerLine], ['lanl', 'flows', true]);
  assert.match(headed.reason, /with a header line \("time,duration,src_host/);
});

test('sniffFormat names what it sees in garbage', () => {
  const random = createRandom(11);
  const binary = Buffer.from(Array.from({ length: 4096 }, () => Math.floor(random() * 256)));
  const cases: [string | Buffer, RegExp][] = [
    ['', /the file is empty/],
    ['\n\n  \n', /only blank lines/],
    [binary, /binary data/],
    [gzipSync('1,2,3\n'), /gzip-compressed data: name the file \.gz/],
    [Buffer.concat([Buffer.from('ElfFile\0'), Buffer.alloc(100)]), /EVTX event log: export it as XML first/],
    [Buffer.from('\ufeff<Event>', 'utf16le'), /UTF-16 text/],
    [Buffer.from('{"a":1}\n', 'utf16le'), /UTF-16 text/],
    [
      'ts,src,dst,sport,dport,proto,bytes\n1,a,b,1,2,tcp,3\n',
      /CSV that fits no LANL layout: 7 comma-separated fields per line/,
    ],
    ['1,2,3,4,5,6,7,8,9,10\n', /fits no LANL layout: 10 comma-separated/],
    [
      '#separator \\x09\n#path\tdns\n#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tquery\n',
      /a Zeek dns log, not conn\.log/,
    ],
    [
      '1591367999.305988\tCazOhH2qDUiJTWMCY\t192.168.4.76\t36844\t192.168.4.1\t53\tudp\tdns\t0.066852\n',
      /tab-separated lines without a Zeek "#fields" header/,
    ],
    [
      '{"ts":1591367999.306059,"uid":"C","id.orig_h":"1.2.3.4","id.orig_p":1,"id.resp_h":"5.6.7.8","id.resp_p":53,"query":"x"}\n',
      /JSON lines of a Zeek log with connection ids but not conn\.log/,
    ],
    [
      '{"user":"x","action":"login"}\n',
      /neither Zeek conn nor Winlogbeat records \(first record's keys: user, action\)/,
    ],
    ['[{"ts":1}]\n', /a JSON array/],
    ['{\n  "ts": 1,\n  "id.orig_h": "1.2.3.4"\n}\n', /pretty-printed JSON/],
    ['<html><body>hi</body></html>', /XML without Windows <Event> records/],
  ];
  for (const [input, reason] of cases) {
    const r = sniff(input);
    assert.equal(r.format, 'unknown', String(input).slice(0, 40));
    assert.match(r.reason, reason);
  }
});

test('sniffing a .gz file reads its unpacked head', async () => {
  const path = tempFile('conn.log.gz', gzipSync(fixture('zeek/zat-conn.log')));
  assert.equal(sniffFormat(await readHead(path)).format, 'zeek');
  await assert.rejects(readHead(tempFile('x.gz', 'plain text')), /x\.gz: not gzip data/);
});
