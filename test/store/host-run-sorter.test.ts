import { test } from 'node:test';
import assert from 'node:assert/strict';
import { murmurHash3x86_32 } from '../../src/engine/index.js';
import { HostRunSorter } from '../../src/store/host-run-sorter.js';

// Rows as the worker encodes them, reduced to what the sorter reads: a tag, the host as a
// length-prefixed string, and a payload of varying length naming the row's input position.
function encode(rows: { host: string; id: number }[], hashOf: (host: Buffer) => number) {
  const parts: Buffer[] = [];
  const at: number[] = [];
  const hostAt: number[] = [];
  const hostLen: number[] = [];
  const hash: number[] = [];
  let used = 0;
  for (const r of rows) {
    const host = Buffer.from(r.host);
    const payload = Buffer.from(`#${r.id}`.padEnd(1 + (r.id % 90), '.'));
    const row = Buffer.concat([Buffer.from([0xab]), Buffer.from([host.length]), host, payload]);
    at.push(used);
    hostAt.push(used + 2);
    hostLen.push(host.length);
    hash.push(hashOf(host));
    parts.push(row);
    used += row.length;
  }
  return {
    bytes: new Uint8Array(Buffer.concat(parts)),
    used,
    rows: Int32Array.from(at),
    count: rows.length,
    hostAt: Int32Array.from(hostAt),
    hostLen: Int32Array.from(hostLen),
    hash: Int32Array.from(hash),
  };
}

// Reads back each output row's id from its payload.
function ids(out: Uint8Array, outRows: Int32Array, used: number): number[] {
  return Array.from(outRows, (start, i) => {
    const end = i + 1 < outRows.length ? outRows[i + 1]! : used;
    const row = Buffer.from(out.subarray(start, end));
    const payload = row.subarray(2 + row[1]!).toString('latin1');
    return Number(/^#(\d+)/.exec(payload)![1]);
  });
}

function seeded(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

test('each run comes out grouped by host in byte order (unsigned, prefix first), rows of a host in input order', () => {
  const random = seeded(7);
  // Prefixes (C1, C10, C100), a byte ≥ 0x80 (é sorts after every ASCII letter), an empty host,
  // and hosts alike in their first 5+ bytes (the sorter's packed key) told apart only after them,
  // one by a zero byte that a zero-padded key cannot see.
  const hosts = ['C1', 'C10', 'C100', 'C2', 'C9', 'Cé', 'c1', '', 'C17693', 'ANONYMOUS'];
  hosts.push('C1769', 'C176930', 'C17693x', 'C1769\0', 'C1769\0\0', 'ANONYMOUSLOGON');
  const input = Array.from({ length: 3000 }, (_, id) => ({ host: hosts[Math.floor(random() * hosts.length)]!, id }));
  const runStarts = [0, 1000, 1000, 2500];
  for (const [name, hashOf] of [
    ['murmur', (h: Buffer) => murmurHash3x86_32(h, 0, h.length)],
    // Every host on one hash: the bytes alone must tell them apart.
    ['colliding', () => 42],
  ] as const) {
    const rows = encode(input, hashOf);
    const out = new Uint8Array(rows.used);
    const outRows = new Int32Array(rows.count);
    const used = new HostRunSorter().sort(rows, runStarts, out, outRows);
    assert.equal(used, rows.used, name);
    // The independent truth: a stable sort of each run by Buffer.compare of the hosts.
    const want: number[] = [];
    const bounds = [...runStarts, input.length];
    for (let k = 0; k + 1 < bounds.length; k++) {
      const run = input.slice(bounds[k], bounds[k + 1]);
      run.sort((a, b) => Buffer.compare(Buffer.from(a.host), Buffer.from(b.host)) || a.id - b.id);
      want.push(...run.map((r) => r.id));
    }
    assert.deepEqual(ids(out, outRows, used), want, name);
    // Every row's bytes are moved whole.
    for (const [i, id] of want.entries()) {
      const end = i + 1 < outRows.length ? outRows[i + 1]! : used;
      const src = rows.rows[id]!;
      const srcEnd = id + 1 < rows.count ? rows.rows[id + 1]! : rows.used;
      assert.deepEqual(out.subarray(outRows[i], end), rows.bytes.subarray(src, srcEnd), `${name} row ${id}`);
    }
  }
});

test('one sorter serves blocks of growing and shrinking sizes', () => {
  const sorter = new HostRunSorter();
  // 40,000 rows of ~30,000 hosts: more groups than fit beside a 5-byte key, so fewer bytes are packed.
  for (const n of [5, 4000, 3, 0, 40_000]) {
    const input = Array.from({ length: n }, (_, id) => ({ host: `C${(id * 7919) % (n < 40_000 ? 11 : 30_011)}`, id }));
    const rows = encode(input, (h) => murmurHash3x86_32(h, 0, h.length));
    const out = new Uint8Array(rows.used);
    const outRows = new Int32Array(rows.count);
    const used = sorter.sort(rows, [0], out, outRows);
    const want = [...input].sort((a, b) => Buffer.compare(Buffer.from(a.host), Buffer.from(b.host)) || a.id - b.id);
    assert.deepEqual(
      ids(out, outRows, used),
      want.map((r) => r.id),
      String(n),
    );
  }
});
