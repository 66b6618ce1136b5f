import { test } from 'node:test';
import assert from 'node:assert/strict';
import { flagName } from '../../src/cli/flag-name.js';
import { describeError, InputError, UsageError } from '../../src/errors.js';

test('options become flags, camelCase to kebab-case; the data folder is the DATA argument', () => {
  assert.deepEqual(['out', 'humanLogonTypes', 'interval', 'data', 'auth'].map(flagName), [
    '--out',
    '--human-logon-types',
    '--interval',
    'DATA',
    '--auth',
  ]);
});

test('an error names options as the library calls them; the CLI renders the same error with its flags', () => {
  const usage = new UsageError((name) => `${name('humanLogonTypes')} needs a type; see ${name('data')}`);
  assert.equal(usage.message, 'humanLogonTypes needs a type; see data');
  assert.equal(describeError(usage, flagName), '--human-logon-types needs a type; see DATA');
  const input = new InputError((name) => `${name('auth')} file not found`, { file: 'x/auth.txt', line: 3 });
  assert.equal(input.message, 'x/auth.txt line 3: auth file not found');
  assert.equal(input.reason, 'auth file not found');
  assert.equal(describeError(input, flagName), 'x/auth.txt line 3: --auth file not found');
  assert.equal(describeError(new Error('plain'), flagName), 'plain');
  assert.equal(describeError(new UsageError('no options here'), flagName), 'no options here');
});
