import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ROW_EXTRAS } from '../../src/sources/row-extras.js';
import { spoolRowWriter } from '../../src/store/spool-row-writer.js';

/** A row in the RowHandler layout: each field followed by a comma, `starts` at each field. */
function row(fields: string[], slots: number): { b: Buffer; starts: Int32Array; ints: Float64Array } {
  const b = Buffer.from(fields.map((f) => `${f},`).join(''));
  const starts = new Int32Array(fields.length + 1);
  for (let i = 0, o = 0; i < fields.length; i++) {
    starts[i] = o;
    o += Buffer.byteLength(fields[i]!) + 1;
    starts[i + 1] = o;
  }
  return { b, starts, ints: new Float64Array(slots) };
}

test('spool rows: origin, line, the row, the extras in ADAPTED_COLUMNS order (negative ones too); a comma in a field is an input error', () => {
  const write = spoolRowWriter('flows');
  const r = row(['1700000000', '3', '10.1.0.5', 'N50000', '93.184.216.34', '443', '6', '12', '3400'], ROW_EXTRAS.slots);
  const x = ROW_EXTRAS.flows;
  r.ints[x.timeMicros] = 250000;
  r.ints[x.durationMicros] = 2_600_000;
  r.ints[x.srcLocal] = 1;
  r.ints[x.dstLocal] = -1;
  r.ints[x.reverse] = 1;
  const out = new Uint8Array(400);
  const end = write(out, 0, 7, r.b, r.starts, r.ints, 42);
  assert.equal(
    Buffer.from(out.subarray(0, end)).toString(),
    '7,42,1700000000,3,10.1.0.5,N50000,93.184.216.34,443,6,12,3400,250000,2600000,1,-1,1\n',
  );

  // A LANL row (9 ints only) in an adapted kind: no micros, locality unknown.
  const lanl = row(['5', '0', 'C1', 'N1', 'C2', '80', '6', '1', '60'], 9);
  const lanlEnd = write(out, 0, 0, lanl.b, lanl.starts, lanl.ints, 1);
  assert.equal(Buffer.from(out.subarray(0, lanlEnd)).toString(), '0,1,5,0,C1,N1,C2,80,6,1,60,0,0,-1,-1,0\n');

  const bad = row(['5', '0', 'a,b', 'N1', 'C2', '80', '6', '1', '60'], 9);
  assert.throws(
    () => write(out, 0, 0, bad.b, bad.starts, bad.ints, 9),
    (e: Error & { line?: number }) =>
      e.name === 'InputError' && e.line === 9 && /holds a comma or a line break/.test(e.message),
  );
  const auth = spoolRowWriter('auth');
  const a = row(['1', 'u@D', 'u@D', 'WS1', 'DC1', 'Kerberos', 'Network', 'LogOn', 'Success'], ROW_EXTRAS.slots);
  a.ints[ROW_EXTRAS.auth.eventId] = 4624;
  const aEnd = auth(out, 0, 1, a.b, a.starts, a.ints, 3);
  assert.equal(
    Buffer.from(out.subarray(0, aEnd)).toString(),
    '1,3,1,u@D,u@D,WS1,DC1,Kerberos,Network,LogOn,Success,0,4624\n',
  );
});
