import { test } from 'node:test';
import assert from 'node:assert/strict';
import { BlockList } from 'node:net';
import { LOCAL_NETS_DEFAULTS, LocalNets, formatIpAddress } from '../../src/sources/index.js';
import { createRandom } from '../../src/stats/index.js';

test("LocalNets agrees with Node's BlockList on random addresses near the networks' edges", () => {
  const nets = [
    '10.0.0.0/8',
    '172.16.0.0/12',
    '192.168.0.0/16',
    '100.64.0.0/10',
    '203.0.113.7/32',
    'fc00::/7',
    '2001:db8:1200::/40',
    '2001:db8::1/128',
  ];
  const ours = LocalNets.parse(nets);
  const list = new BlockList();
  for (const n of nets) {
    const [address = '', prefix = ''] = n.split('/');
    list.addSubnet(address, Number(prefix), address.includes(':') ? 'ipv6' : 'ipv4');
  }
  const random = createRandom(3);
  const byte = () => Math.floor(random() * 256);
  const near = [10, 172, 192, 100, 203, 0xfc, 0xfd, 0xfe, 0x20];
  for (let k = 0; k < 20000; k++) {
    const v6 = random() < 0.5;
    const bytes = Uint8Array.from({ length: v6 ? 16 : 4 }, byte);
    // Steer the first bytes towards the networks so both answers occur often.
    bytes[0] = near[Math.floor(random() * near.length)] ?? 10;
    if (v6 && random() < 0.5)
      [bytes[0], bytes[1], bytes[2], bytes[3], bytes[4]] = [0x20, 0x01, 0x0d, 0xb8, random() < 0.5 ? 0x12 : byte()];
    if (!v6 && bytes[0] === 172) bytes[1] = 12 + Math.floor(random() * 24);
    const text = formatIpAddress({ version: v6 ? 6 : 4, bytes });
    assert.equal(ours.contains(text), list.check(text, v6 ? 'ipv6' : 'ipv4'), text);
  }
});

test('the defaults are RFC 1918 and the IPv6 unique local range; IPv4-mapped addresses match IPv4 nets', () => {
  const d = LocalNets.defaults();
  assert.deepEqual(d.cidrs, LOCAL_NETS_DEFAULTS);
  assert.deepEqual(
    [
      '10.1.2.3',
      '172.31.255.255',
      '172.32.0.0',
      '192.168.84.10',
      '8.8.8.8',
      'fd12::1',
      'fe80::1',
      '::ffff:192.168.1.1',
      'WS97',
    ].map((a) => d.contains(a)),
    [true, true, false, true, false, true, false, true, false],
  );
});

test('LocalNets validates each network and names the bad value and the option', () => {
  assert.throws(() => LocalNets.parse('10.0.0.0/33'), {
    name: 'UsageError',
    message: 'localNets "10.0.0.0/33": prefix length must be 0-32',
  });
  assert.throws(() => LocalNets.parse('10.0.0.1/8', 'local-nets'), {
    message: 'local-nets "10.0.0.1/8": host bits set (did you mean 10.0.0.0/8?)',
  });
  assert.throws(() => LocalNets.parse('fd00::1/8'), {
    message: 'localNets "fd00::1/8": host bits set (did you mean fd00::/8?)',
  });
  assert.throws(() => LocalNets.parse('10.0.0/8'), {
    message: 'localNets "10.0.0/8": not an IPv4 or IPv6 network (expected e.g. 10.0.0.0/8 or fd00::/8)',
  });
  assert.throws(() => LocalNets.parse('fc00::/129'), {
    message: 'localNets "fc00::/129": prefix length must be 0-128',
  });
  assert.throws(() => LocalNets.parse(' , '), { message: 'localNets: no network given' });
  assert.deepEqual(LocalNets.parse('10.0.0.0/8, 192.168.1.7 ,FD00:0::/8').cidrs, [
    '10.0.0.0/8',
    '192.168.1.7/32',
    'fd00::/8',
  ]);
});
