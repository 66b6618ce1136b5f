import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertAccountsFit } from '../../src/pipeline/assert-inputs-fit.js';
import { InputError } from '../../src/errors.js';

const account = (rows: number, rejected: number, example: string) => ({
  rows,
  rejected,
  blank: 0,
  bytes: 1000,
  reasons: { field_count: rejected },
  examples: [example],
  rejected_files: [],
});

test('more rejected rows than the ratio allows: one line with the share, the reasons, the first line and the question, in English', () => {
  for (const [kind, article] of [
    ['auth', 'an'],
    ['flows', 'a'],
  ] as const) {
    assert.throws(
      () =>
        assertAccountsFit(
          { [kind]: [{ path: `/d/${kind}.txt`, bytes: 1000 }] },
          { [kind]: account(100, 200, `${kind}.txt line 101: 2 fields, expected 9`) },
        ),
      (e: unknown) => {
        assert.ok(e instanceof InputError);
        assert.equal(
          e.message,
          `${kind}.txt: 200 of 300 ${kind} rows rejected (66.7 %), more than maxRejectRatio 0.5 allows (field_count 200); ` +
            `the first: ${kind}.txt line 101: 2 fields, expected 9. Is this ${article} ${kind} file in LANL's format?`,
        );
        return true;
      },
    );
  }
});
