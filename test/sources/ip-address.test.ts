import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { canonicalIpAddress, formatIpAddress, parseIpAddress } from '../../src/sources/index.js';
import { createRandom } from '../../src/stats/index.js';

test('parseIpAddress accepts what Node accepts as IPv4/IPv6 (no zones), and nothing else', () => {
  const cases = [
    '10.0.0.5',
    '0.0.0.0',
    '255.255.255.255',
    '256.1.1.1',
    '1.2.3',
    '1.2.3.4.5',
    '01.2.3.4',
    '1..2.3',
    ' 1.2.3.4',
    '::',
    '::1',
    '2001:db8::1',
    '2001:DB8:0:0:8:800:200C:417A',
    '1:2:3:4:5:6:7:8',
    '1:2:3:4:5:6:7:8:9',
    '1::2::3',
    ':::',
    '12345::',
    'fe80::1%eth0',
    '::ffff:10.0.0.5',
    '64:ff9b::192.0.2.33',
    'g::1',
    '',
    'WS97',
    '-',
  ];
  for (const c of cases) {
    const ours = parseIpAddress(c) !== undefined;
    const node = isIP(c) !== 0 && !c.includes('%');
    assert.equal(ours, node, c);
  }
});

test('formatIpAddress writes RFC 5952 text, as the WHATWG URL serializer does', () => {
  const random = createRandom(7);
  for (let k = 0; k < 2000; k++) {
    // Groups that are often zero, so there are runs of zeros to compress and ties to break.
    const groups = Array.from({ length: 8 }, () => (random() < 0.45 ? 0 : Math.floor(random() * 65536)));
    if (groups.slice(0, 6).join() === '0,0,0,0,0,65535') continue;
    const text = groups.map((g) => g.toString(16).padStart(4, '0').toUpperCase()).join(':');
    const whatwg = new URL(`http://[${text}]/`).hostname.slice(1, -1);
    assert.equal(canonicalIpAddress(text), whatwg, text);
  }
});

test('an IPv4-mapped IPv6 address is its IPv4 address; IPv4 text is canonical as written', () => {
  assert.deepEqual(parseIpAddress('::ffff:10.18.20.97'), { version: 4, bytes: Uint8Array.from([10, 18, 20, 97]) });
  assert.equal(canonicalIpAddress('::FFFF:0a12:1461'), '10.18.20.97');
  assert.equal(formatIpAddress({ version: 4, bytes: Uint8Array.from([192, 168, 0, 1]) }), '192.168.0.1');
  assert.equal(canonicalIpAddress('WS97'), undefined);
});
