import { UsageError } from '../errors.js';
import { CAMPAIGN_NAMES, type CampaignName } from './campaign.js';

/**
 * The campaigns to plant from a list of names: each name once, in {@link CAMPAIGN_NAMES} order
 * (so the order of the list does not change the data set); `all` stands for every campaign and
 * `none` for no campaign, which cannot be combined with any.
 */
export function resolveCampaigns(names: readonly string[]): CampaignName[] {
  const known = new Set<string>(CAMPAIGN_NAMES);
  const wanted = new Set<string>();
  for (const name of names) {
    if (name === 'all') for (const n of CAMPAIGN_NAMES) wanted.add(n);
    else if (name === 'none' || known.has(name)) wanted.add(name);
    else
      throw new UsageError(
        `unknown campaign "${name}": the campaigns are ${[...CAMPAIGN_NAMES, 'all', 'none'].join(', ')}`,
      );
  }
  if (wanted.has('none')) {
    if (wanted.size > 1)
      throw new UsageError(
        `campaign none cannot be combined with ${[...wanted].filter((n) => n !== 'none').join(', ')}`,
      );
    return [];
  }
  return CAMPAIGN_NAMES.filter((n) => wanted.has(n));
}
