import { test } from 'node:test';
import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { resolveInputs } from '../../src/sources/index.js';
import { InputError } from '../../src/errors.js';
import { flagName } from '../../src/cli/flag-name.js';
import { tempDir } from '../helpers/temp-dir.js';

test('a DATA folder without flows: one message that names the folder once and what is missing', () => {
  const data = tempDir('auth-only');
  writeFileSync(join(data, 'auth.txt'), '1,U1@DOM1,U1@DOM1,C1,C1,Kerberos,Interactive,LogOn,Success\n');
  assert.throws(
    () => resolveInputs({ data }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.file, data);
      assert.equal(
        e.describe(flagName),
        `${data}: missing required input: no flows.txt, flows.txt.gz or flows/ folder`,
      );
      return true;
    },
  );
});

test('no DATA and no flows file: the message names the flags to give', () => {
  assert.throws(
    () => resolveInputs({}),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(e.describe(flagName), 'missing required input: no auth file given (use DATA or --auth)');
      return true;
    },
  );
});
