import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyzeSummaryText } from '../../src/cli/analyze-summary-text.js';

const account = (rows: number, rejected = 0) => ({
  rows,
  rejected,
  blank: 0,
  bytes: rows * 60,
  reasons: {},
  examples: [],
  rejected_files: [],
});
const input = (path: string) => [{ path, bytes: 1000 }];

test('with red-team rows: the compromised humans and every input, in the order read', () => {
  const text = analyzeSummaryText(
    {
      humans: 107,
      compromised_humans: 2,
      series_rows: 321,
      files: { auth: account(185446), redteam: account(25), flows: account(98574, 3) },
      inputs: { auth: input('d/auth.txt.gz'), redteam: input('d/redteam.txt.gz'), flows: input('d/flows.txt.gz') },
    },
    'out',
  );
  assert.equal(
    text,
    '107 human hosts, 2 of them compromised, 321 series rows\n' +
      'auth 185446 rows, 0 rejected; redteam 25 rows, 0 rejected; flows 98574 rows, 3 rejected\n' +
      'outputs in out\n',
  );
});

test('without a red team: no word of compromise, and the kind not given is not listed as 0 rows', () => {
  // The shape of a Zeek-only run's summary: files.redteam is accounted (0 rows), inputs has flows only.
  const text = analyzeSummaryText(
    {
      humans: 2,
      compromised_humans: 0,
      series_rows: 2,
      files: { redteam: account(0), flows: account(94) },
      inputs: { flows: input('conn.log') },
    },
    'out-zeek',
  );
  assert.equal(text, '2 human hosts, 2 series rows\nflows 94 rows, 0 rejected\noutputs in out-zeek\n');
  assert.doesNotMatch(text, /compromised|redteam/);
});

test('an empty red-team file that was given is listed, but there is still no truth to count compromise against', () => {
  const text = analyzeSummaryText(
    {
      humans: 5,
      compromised_humans: 0,
      series_rows: 9,
      files: { auth: account(40), redteam: account(0), flows: account(30) },
      inputs: { auth: input('a.txt'), redteam: input('redteam.txt'), flows: input('f.txt') },
    },
    'o',
  );
  assert.equal(
    text,
    '5 human hosts, 9 series rows\nauth 40 rows, 0 rejected; redteam 0 rows, 0 rejected; flows 30 rows, 0 rejected\noutputs in o\n',
  );
});
