import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LOG_FORMATS, rejectedText, scanBlock, SCAN_BLOCK_DEFAULTS } from '../../src/sources/index.js';

/** Scans `lines` (LF-joined) as one block; returns the rows' line numbers and the rejections. */
function scan(kind: 'auth' | 'flows', lines: (string | Buffer)[], interval?: number) {
  const buf = Buffer.concat(
    lines.flatMap((l) => [typeof l === 'string' ? Buffer.from(l, 'utf8') : l, Buffer.from('\n')]),
  );
  const rows: number[] = [];
  const result = scanBlock(buf, LOG_FORMATS[kind], (_b, _s, _i, line) => rows.push(line), 0, 100, { interval });
  return { rows, result };
}

const flow = (time: string, src = 'C1') => `${time},1,${src},N1,C2,80,6,5,100`;

test('a field of exactly 4096 bytes is valid, 4097 bytes is field_too_long (before any integer check)', () => {
  const { rows, result } = scan('flows', [
    flow('1', 'H'.repeat(4096)),
    flow('2', 'H'.repeat(4097)),
    flow('x', 'H'.repeat(5000)),
  ]);
  assert.deepEqual(rows, [1]);
  assert.deepEqual(result.reasons, { field_too_long: 2 });
  assert.match(result.rejections[0]!.detail, /src_host is 4097 bytes, longer than the limit of 4096/);
});

test('text fields: invalid UTF-8, CR, NUL and DEL are <field>_not_text; valid UTF-8, TAB and quotes are text', () => {
  const bad = (bytes: number[]) =>
    Buffer.concat([Buffer.from('3,1,C'), Buffer.from(bytes), Buffer.from(',N1,C2,80,6,5,100')]);
  const { rows, result } = scan('flows', [
    flow('1', 'Cé☃'),
    flow('2', 'C\t"x"'),
    bad([0xff, 0xfe]),
    bad([0xc0, 0xaf]),
    bad([0xed, 0xa0, 0x80]),
    bad([0xc3]),
    bad([0x0d]),
    bad([0x00]),
    bad([0x7f]),
  ]);
  assert.deepEqual(rows, [1, 2]);
  assert.deepEqual(result.reasons, { src_host_not_text: 7 });
  assert.deepEqual(
    result.rejections.map((r) => r.detail.replace(/^src_host ".*" /, '')),
    [
      'is not valid UTF-8',
      'is not valid UTF-8',
      'is not valid UTF-8',
      'is not valid UTF-8',
      'holds the control byte 0x0d',
      'holds the control byte 0x00',
      'holds the control byte 0x7f',
    ],
  );
});

test('an integer problem is reported before a text problem on the same line', () => {
  const line = Buffer.concat([Buffer.from('x,1,C'), Buffer.from([0xff]), Buffer.from(',N1,C2,80,6,5,100')]);
  assert.deepEqual(scan('flows', [line]).result.reasons, { time_not_integer: 1 });
});

test('rejected lines keep their original bytes', () => {
  const line = Buffer.concat([Buffer.from('3,1,C'), Buffer.from([0xff, 0xfe]), Buffer.from(',N1,C2,80,6,5,100')]);
  const text = scan('flows', [line]).result.rejections[0]!.text;
  assert.ok(text instanceof Uint8Array);
  assert.ok(Buffer.from(text).equals(line));
});

test('with an interval, a time whose index is beyond ±(2^31 − 1) is time_out_of_range', () => {
  // 2^31 − 1 = 2147483647: at interval 1 time 2147483647 is the last placeable, 2147483648 the first not.
  const { rows, result } = scan(
    'flows',
    [flow('2147483647'), flow('2147483648'), flow('-2147483647'), flow('-2147483648'), flow('9007199254740991')],
    1,
  );
  assert.deepEqual(rows, [1, 3]);
  assert.deepEqual(result.reasons, { time_out_of_range: 3 });
  assert.deepEqual(scan('flows', [flow('9007199254740991')], 86400).result.reasons, { time_out_of_range: 1 });
  assert.deepEqual(scan('flows', [flow('4000000000')], 86400).rows, [1]);
  assert.deepEqual(scan('flows', [flow('9007199254740991')]).rows, [1], 'no interval: no check');
});

test('rejectedText: up to the field limit the bytes as they are; longer, a prefix and a marker naming the length', () => {
  const short = Buffer.from('a'.repeat(4096));
  assert.ok(Buffer.from(rejectedText(short, 0, short.length)).equals(short));
  const long = Buffer.alloc(4_000_000, 0x62);
  const kept = Buffer.from(rejectedText(long, 0, long.length));
  assert.ok(kept.subarray(0, SCAN_BLOCK_DEFAULTS.keptBytes).equals(long.subarray(0, SCAN_BLOCK_DEFAULTS.keptBytes)));
  assert.equal(kept.subarray(SCAN_BLOCK_DEFAULTS.keptBytes).toString('utf8'), '…[truncated: 4000000 bytes]');
});
