import type { AttackEvent, CampaignName } from './campaign.js';
import type { Host } from './population.js';
import type { Rng } from './rng.js';

/**
 * Red-team logons that ride the routine admin path: each victim gets one or two network logons,
 * within an hour of its first time, from its own management server by its own help-desk account —
 * the same (account, source, destination) as the routine logon of every night, so no first-time
 * auth edge exists. Sorted by time.
 */
export function adminPathLogons(
  rng: Rng,
  campaign: CampaignName,
  victims: readonly { host: Host; firstTime: number }[],
  end: number,
): AttackEvent[] {
  const out: AttackEvent[] = [];
  for (const { host, firstTime } of victims) {
    if (host.admin === null) throw new Error(`${host.name} has no management server`);
    for (let k = 0, n = 1 + rng.int(2); k < n; k++) {
      const time = firstTime + k * rng.int(3600);
      if (time < end)
        out.push({
          time,
          user: host.admin.account,
          src: host.admin.server.name,
          dst: host.name,
          authType: 'Kerberos',
          campaign,
        });
    }
  }
  return out.sort((a, b) => a.time - b.time || (a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0));
}
