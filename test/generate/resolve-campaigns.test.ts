import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CAMPAIGN_NAMES, resolveCampaigns } from '../../src/generate/index.js';
import { UsageError } from '../../src/errors.js';

test('campaign names: canonical order, each once; all = every campaign; none alone = no campaign; unknown names refused', () => {
  assert.deepEqual(resolveCampaigns(['beacon', 'exfil', 'beacon']), ['exfil', 'beacon']);
  assert.deepEqual(resolveCampaigns(['all']), [...CAMPAIGN_NAMES]);
  assert.deepEqual(resolveCampaigns(['staging', 'all']), [...CAMPAIGN_NAMES]);
  assert.equal(CAMPAIGN_NAMES.length, 7);
  assert.deepEqual(resolveCampaigns(['none']), []);
  assert.deepEqual(resolveCampaigns([]), []);
  assert.throws(
    () => resolveCampaigns(['none', 'exfil']),
    (e: unknown) => e instanceof UsageError && /none cannot be combined with exfil/.test(e.message),
  );
  assert.throws(
    () => resolveCampaigns(['exfill']),
    (e: unknown) => e instanceof UsageError && /"exfill"/.test(e.message) && /low-and-slow/.test(e.message),
  );
});
