import { test } from 'node:test';
import assert from 'node:assert/strict';
import { InputError } from '../../src/errors.js';
import { HostMap } from '../../src/sources/index.js';
import { tempFile } from './source-test-kit.js';

test('a host map: header, comments, CRLF, IPs in any text form, names case-insensitively', () => {
  const text =
    'address,host\r\n# workstations\r\n10.18.20.97, WS97\r\n\r\n2001:DB8:0:0::1,WS97\r\nWS97.corp.example,WS97\r\n::ffff:10.18.20.8,DC01\r\n';
  const map = HostMap.parse(text, 'hosts.csv');
  assert.equal(map.size, 4);
  assert.equal(map.get('10.18.20.97'), 'WS97');
  assert.equal(map.get('2001:db8::1'), 'WS97');
  assert.equal(map.get('ws97.CORP.example'), 'WS97');
  assert.equal(map.get('10.18.20.8'), 'DC01', 'an IPv4-mapped key is its IPv4 address');
  assert.equal(map.get('10.18.20.9'), undefined);
  assert.deepEqual(HostMap.fromEntries(map.entries()).entries(), map.entries());
});

test('a host map: every bad line is reported with its line number, in one error', () => {
  const text = [
    '10.0.0.1,A',
    '10.0.0.2',
    '10.0.0.3,B,C',
    ',D',
    '"10.0.0.4",E',
    '10.0.0.1,A',
    '010.0.0.1,F',
    '10.0.0.1,Z',
    'x,',
  ].join('\n');
  assert.throws(
    () => HostMap.parse(text, 'hosts.csv'),
    (error) => {
      assert.ok(error instanceof InputError);
      assert.equal(error.file, 'hosts.csv');
      assert.equal(error.line, 2);
      assert.equal(
        error.message,
        'hosts.csv line 2: 6 bad host map lines: line 2: expected "address,host", got 1 fields: "10.0.0.2"; line 3: expected "address,host", got 3 fields: "10.0.0.3,B,C"; line 4: empty address: ",D"; line 5: quoted fields are not supported: "\\"10.0.0.4\\",E"; line 8: address "10.0.0.1" is already mapped to "A" on line 1, here to "Z"; and 1 more',
      );
      return true;
    },
  );
  // 010.0.0.1 is not an IP (leading zero), so it is a name: no clash with 10.0.0.1. The same pair twice is counted, not an error.
  const ok = HostMap.parse('10.0.0.1,A\n10.0.0.1,A\n010.0.0.1,F\n', 'h.csv');
  assert.equal(ok.repeated, 1);
  assert.equal(ok.get('010.0.0.1'), 'F');
});

test('a host map file that is missing is an input error naming it', () => {
  assert.throws(() => HostMap.load('/nonexistent/hosts.csv'), {
    name: 'InputError',
    message: 'hosts.csv: host map file not found',
  });
  assert.equal(HostMap.load(tempFile('h.csv', '1.2.3.4,X\n')).get('1.2.3.4'), 'X');
});
