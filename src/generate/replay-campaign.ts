import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { KNOWN_HUMAN_TARGETS } from './calibration.js';
import type { AttackEvent, CampaignDesign, CampaignVictim } from './campaign.js';
import type { Rng } from './rng.js';
import { victimEffect, victimEffectParameters } from './victim-effect.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** The real red-team file (LANL cyber1 redteam.txt, 749 lines), shipped with the package. */
export const REPLAY_FILE = fileURLToPath(new URL('../../data/lanl-redteam.txt', import.meta.url));

/**
 * `replay`: the real red-team timeline within the span — its times, accounts, sources and targets.
 * The 17 targets that were human computers on the real day 1 are workstations, the others (the
 * real set does not say what they were) other machines, so compromised workstations stay a few
 * percent of all, as in the real set. The real attackers are background hosts (they were busy
 * machines in the real set). Workstation victims get the VICTIM_EFFECT.
 */
export function replayCampaign(rng: Rng, days: number): CampaignDesign {
  const end = days * SECONDS_PER_DAY;
  const real = readFileSync(REPLAY_FILE, 'latin1')
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => line.trim().split(','))
    .filter((f) => Number(f[0]) < end);
  const known = new Set(KNOWN_HUMAN_TARGETS);
  const events = real.map(([time, user, src, dst]) => {
    if (user === undefined || src === undefined || dst === undefined)
      throw new Error(`${REPLAY_FILE}: short line at time ${time}`);
    return {
      time: Number(time),
      user,
      src,
      dst,
      authType: rng.chance(0.5) ? 'NTLM' : 'Kerberos',
      campaign: 'replay',
    } satisfies AttackEvent;
  });
  events.sort((a, b) => a.time - b.time);
  const attackers = [...new Set(events.map((e) => e.src))].sort();
  const targets = [...new Set(events.map((e) => e.dst))].sort();
  return {
    name: 'replay',
    reserved: {
      attackers,
      targets: targets.map((name) => ({ name, human: known.has(name) })),
      users: [...new Set(events.map((e) => e.user.split('@')[0] ?? e.user))].sort(),
    },
    victimCount: () => 0,
    plant: ({ population }) => {
      const first = new Map<string, number>();
      for (const e of events) first.set(e.dst, Math.min(e.time, first.get(e.dst) ?? Infinity));
      const victims: CampaignVictim[] = [...first]
        .sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1))
        .map(([name, firstTime]) => {
          const host = population.byName.get(name);
          if (host === undefined) throw new Error(`replay target ${name} is not in the population`);
          return { host, firstTime, parameters: {} };
        });
      const attackerHosts = attackers.map((name) => population.byName.get(name)).filter((h) => h !== undefined);
      return {
        name: 'replay',
        parameters: { timeline: 'data/lanl-redteam.txt', attackers, ...victimEffectParameters() },
        victims,
        events,
        ...victimEffect(rng, victims, attackerHosts),
      };
    },
  };
}
