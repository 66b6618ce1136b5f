import type { AttackEvent, CampaignName } from './campaign.js';
import type { Host } from './population.js';
import type { Rng } from './rng.js';

/**
 * Red-team logons from attacker hosts that take no part in the background (or, for the synthetic
 * campaign, from background hosts): each victim, in order of first time, gets 1–4 network logons
 * over up to two hours from its first time, with an account harvested earlier — `firstAccount`
 * for the first victim, then one of the last workstation victim's users — as an attacker moving
 * on with stolen credentials does. Sorted by time.
 */
export function newHostLogons(
  rng: Rng,
  campaign: CampaignName,
  victims: readonly { host: Host; firstTime: number }[],
  attackers: readonly Host[],
  firstAccount: string,
  end: number,
): AttackEvent[] {
  const out: AttackEvent[] = [];
  let account = firstAccount;
  for (const { host, firstTime } of [...victims].sort((a, b) => a.firstTime - b.firstTime)) {
    for (let k = 0, n = 1 + rng.int(4); k < n; k++) {
      const time = firstTime + k * rng.int(7200);
      const authType = rng.chance(0.5) ? 'NTLM' : 'Kerberos';
      if (time < end)
        out.push({ time, user: account, src: rng.pick(attackers).name, dst: host.name, authType, campaign });
    }
    if (host.users.length > 0) account = rng.pick(host.users);
  }
  return out.sort((a, b) => a.time - b.time || (a.dst < b.dst ? -1 : a.dst > b.dst ? 1 : 0));
}
