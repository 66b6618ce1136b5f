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

/**
 * The rules of scanBlock written the plain way, line by line over strings of bytes (latin1, so
 * a byte is a character): the independent truth the byte scanner is held to below.
 */
function referenceScan(buf: Buffer, kind: 'auth' | 'flows', interval?: number) {
  const format = LOG_FORMATS[kind];
  const rows: { line: number; fields: string[]; ints: number[] }[] = [];
  const rejections: { line: number; reason: string }[] = [];
  const text = buf.toString('latin1');
  const lines = text.split('\n');
  if (text.endsWith('\n')) lines.pop();
  let blank = 0;
  lines.forEach((raw, i) => {
    const line = i + 1;
    const body = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
    if (body === '') return void blank++;
    const fields = body.split(',');
    const reject = (reason: string) => rejections.push({ line, reason });
    if (fields.length !== format.fields.length) return reject('field_count');
    const long = fields.findIndex((f) => f.length > SCAN_BLOCK_DEFAULTS.maxFieldBytes);
    if (long >= 0) return reject('field_too_long');
    const ints: number[] = [];
    for (const i of format.integers) {
      const f = fields[i]!;
      if (!/^-?[0-9]+$/.test(f) || Math.abs(Number(f)) > Number.MAX_SAFE_INTEGER)
        return reject(`${format.fields[i]}_not_integer`);
      ints.push(Number(f));
    }
    if (interval !== undefined && Math.abs(Math.floor(ints[0]! / interval)) > 0x7fffffff)
      return reject('time_out_of_range');
    for (const [i, f] of fields.entries()) {
      if (format.integers.includes(i)) continue;
      const bytes = Buffer.from(f, 'latin1');
      // Text: no control byte but TAB, and valid UTF-8 (which survives a decode and encode).
      // eslint-disable-next-line no-control-regex
      const control = /[\x00-\x08\x0a-\x1f\x7f]/.test(f);
      if (control || !Buffer.from(bytes.toString('utf8'), 'utf8').equals(bytes))
        return reject(`${format.fields[i]}_not_text`);
    }
    rows.push({ line, fields, ints });
  });
  return { rows, rejections, lines: lines.length, blank };
}

test('scanBlock agrees with the plain line-by-line rules on random blocks (seeded)', () => {
  let seed = 12345;
  const random = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!;
  // Mostly valid fields, and every byte class the scanner treats apart.
  const pieces = [
    '7',
    '42',
    '-3',
    'C17',
    'U5@DOM1',
    'N80',
    '?',
    'x',
    '',
    ',',
    '\r',
    '\t',
    ' ',
    '$',
    '"',
    '\x00',
    '\x7f',
  ];
  const highBytes = [[0xc3, 0xa9], [0xff], [0xc3], [0xe2, 0x98, 0x83]];
  for (let round = 0; round < 400; round++) {
    const kind = round % 2 === 0 ? 'auth' : 'flows';
    const n = LOG_FORMATS[kind].fields.length;
    const parts: Buffer[] = [];
    const nLines = 1 + Math.floor(random() * 12);
    for (let l = 0; l < nLines; l++) {
      const r = random();
      const count = r < 0.1 ? n - 1 : r < 0.2 ? n + 1 : r < 0.25 ? 0 : n;
      const fields: Buffer[] = [];
      for (let f = 0; f < count; f++) {
        const field: Buffer[] = [];
        const len = Math.floor(random() * 3);
        for (let k = 0; k < len; k++)
          field.push(random() < 0.1 ? Buffer.from(pick(highBytes)) : Buffer.from(pick(pieces), 'latin1'));
        if (random() < 0.7) field.unshift(Buffer.from(String(Math.floor(random() * 1000))));
        fields.push(Buffer.concat(field));
      }
      parts.push(Buffer.concat(fields.flatMap((f, i) => (i === 0 ? [f] : [Buffer.from(','), f]))));
      if (random() < 0.2) parts.push(Buffer.from('\r'));
      if (l < nLines - 1 || random() < 0.7) parts.push(Buffer.from('\n'));
    }
    const buf = Buffer.concat(parts);
    const interval = random() < 0.5 ? 1 : undefined;
    const rows: { line: number; fields: string[]; ints: number[] }[] = [];
    const result = scanBlock(
      buf,
      LOG_FORMATS[kind],
      (b, starts, ints, line) => {
        const fields = Array.from({ length: n }, (_, i) => b.toString('latin1', starts[i], starts[i + 1]! - 1));
        rows.push({ line, fields, ints: LOG_FORMATS[kind].integers.map((i) => ints[i]!) });
      },
      0,
      1000,
      { interval },
    );
    const truth = referenceScan(buf, kind, interval);
    const label = JSON.stringify(buf.toString('latin1'));
    assert.deepEqual(rows, truth.rows, label);
    assert.deepEqual(
      result.rejections.map((r) => ({ line: r.line, reason: r.reason })),
      truth.rejections,
      label,
    );
    assert.equal(result.lines, truth.lines, label);
    assert.equal(result.blank, truth.blank, label);
    assert.equal(result.rows + result.rejected + result.blank, result.lines, label);
  }
});
