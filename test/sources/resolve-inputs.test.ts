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

test('a DATA folder given as --auth is refused: its flows lines have auth fields and would be read as logons', () => {
  const data = tempDir('data-as-auth');
  writeFileSync(join(data, 'auth.txt'), '1,U1@DOM1,U1@DOM1,C1,C1,Kerberos,Interactive,LogOn,Success\n');
  writeFileSync(join(data, 'flows.txt'), '53,0,C1146,N63692,C529,389,6,21744,3979585\n');
  writeFileSync(join(data, 'redteam.txt.gz'), '');
  assert.throws(
    () => resolveInputs({ auth: data, flows: join(data, 'flows.txt') }),
    (e: unknown) => {
      assert.ok(e instanceof InputError);
      assert.equal(
        e.describe(flagName),
        `${data}: a folder of auth splits, but it holds flows.txt, redteam.txt.gz (other kinds' files): ` +
          'if it is a DATA folder give it as DATA, or give --auth the auth file itself',
      );
      return true;
    },
  );
  // A folder of splits named anything else, and the same kind's own name, are read as before.
  const splits = tempDir('auth-splits');
  writeFileSync(join(splits, 'auth.txt'), '');
  writeFileSync(join(splits, 'day-02.txt'), '');
  const inputs = resolveInputs({ auth: splits, flows: join(data, 'flows.txt') });
  assert.deepEqual(
    inputs.auth.map((f) => f.label),
    [`${splits.split('/').pop()}/auth.txt`, `${splits.split('/').pop()}/day-02.txt`],
  );
});
