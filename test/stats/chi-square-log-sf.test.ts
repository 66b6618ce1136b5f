import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chiSquareLogSfEven } from '../../src/stats/index.js';
import { goldenDetect } from './golden-detect.js';
import { close } from './golden.js';

test("ln P(χ²_2k > x) equals mpmath to 1e-12 relative (and e^that SciPy's chi2.sf) from x = 1e−8 to 4000 and 2 to 64 degrees of freedom", () => {
  for (const c of goldenDetect.chi2) {
    const l = chiSquareLogSfEven(c.x, c.dof);
    assert.ok(close(l, c.logsf, 1e-12, 1e-300), `x ${c.x} dof ${c.dof}: ln sf ${l} vs ${c.logsf}`);
    assert.ok(close(Math.exp(l), c.sf, 1e-12), `x ${c.x} dof ${c.dof}: sf ${Math.exp(l)} vs ${c.sf}`);
  }
});

test('closed forms by hand: 2 dof is e^(−x/2); 4 dof is e^(−x/2)(1 + x/2); Infinity and NaN; odd dof refused', () => {
  for (const x of [0.1, 2, 30, 2000]) {
    assert.ok(close(chiSquareLogSfEven(x, 2), -x / 2, 1e-15));
    assert.ok(close(chiSquareLogSfEven(x, 4), -x / 2 + Math.log1p(x / 2), 1e-13));
  }
  assert.equal(chiSquareLogSfEven(0, 6), 0);
  assert.equal(chiSquareLogSfEven(Infinity, 6), -Infinity);
  assert.ok(Number.isNaN(chiSquareLogSfEven(NaN, 6)));
  assert.throws(() => chiSquareLogSfEven(1, 3), /even/);
});
