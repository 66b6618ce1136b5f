import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { tempDir } from '../helpers/temp-dir.js';

test('lateral-only changes auth only: flows byte-identical to no campaign, auth = the same background plus the red-team logons', async (t) => {
  const root = tempDir('gen-lateral');
  t.after(() => rmSync(root, { recursive: true, force: true }));
  const tmp = (name: string) => join(root, name);
  const options = { seed: 9, scale: 0.002, days: 6 };
  const none = await generate({ ...options, out: tmp('none'), campaigns: ['none'] });
  const lateral = await generate({ ...options, out: tmp('lateral'), campaigns: ['lateral-only'] });
  assert.ok(
    readFileSync(join(lateral.out, 'flows.txt')).equals(readFileSync(join(none.out, 'flows.txt'))),
    'flows.txt byte-identical',
  );

  const redteam = readFileSync(join(lateral.out, 'redteam.txt'), 'latin1').trimEnd().split('\n');
  assert.ok(redteam.length >= 3);
  const attack = new Set(
    redteam.map((l) => {
      const [t, user, src, dst] = l.split(',');
      return `${t},${user},${user},${src},${dst}`;
    }),
  );
  const auth = readFileSync(join(lateral.out, 'auth.txt'), 'latin1').trimEnd().split('\n');
  const background = auth.filter((l) => !attack.has(l.split(',').slice(0, 5).join(',')));
  assert.equal(auth.length - background.length, redteam.length, 'each red-team logon is one auth line');
  assert.deepEqual(background, readFileSync(join(none.out, 'auth.txt'), 'latin1').trimEnd().split('\n'));

  // The attacker never appears in the background: it never authenticated anywhere before.
  const truth = JSON.parse(readFileSync(join(lateral.out, 'truth.json'), 'utf8'));
  const [attacker] = truth.campaigns[0].parameters.attackers as string[];
  assert.ok(!readFileSync(join(none.out, 'auth.txt'), 'latin1').includes(`,${attacker},`));
  assert.ok(!readFileSync(join(none.out, 'flows.txt'), 'latin1').includes(`,${attacker},`));
  assert.ok(redteam.every((l) => l.split(',')[2] === attacker));
});
