import type { CampaignDesign, CampaignVictim } from './campaign.js';
import { newHostLogons } from './new-host-logons.js';
import type { Rng } from './rng.js';
import { victimEffect, victimEffectParameters } from './victim-effect.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Shares of the population the `synthetic` campaign compromises. */
export const SYNTHETIC_DEFAULTS = {
  /** Share of workstations (at least 3). */
  workstationShare: 0.03,
  /** Share of non-core servers (at least 1). */
  serverShare: 0.05,
  /** Attack bursts on these days after the start (the end of the first quarter of the span). */
  burstDays: [0, 1, 4, 5] as const,
};

/**
 * `synthetic`: two attacker hosts that are also background hosts, ~3 % of workstations and ~5 % of
 * servers as victims, attacked in bursts from the end of the first quarter of the span with
 * harvested accounts (see newHostLogons); workstation victims get the VICTIM_EFFECT.
 */
export function syntheticCampaign(rng: Rng, days: number): CampaignDesign {
  const end = days * SECONDS_PER_DAY;
  const attackers = [`C${27_001 + rng.int(1000)}`, `C${28_001 + rng.int(1000)}`];
  return {
    name: 'synthetic',
    reserved: { attackers, targets: [], users: [] },
    victimCount: (population) =>
      Math.max(3, Math.round(population.humans.length * SYNTHETIC_DEFAULTS.workstationShare)),
    plant: ({ population, victims: drawn }) => {
      const start = Math.max(1, Math.ceil(days / 4)) * SECONDS_PER_DAY;
      const bursts = SYNTHETIC_DEFAULTS.burstDays.map((d) => start + d * SECONDS_PER_DAY).filter((t) => t < end);
      // A span too short for the first burst is attacked on its first day.
      const burstDays = bursts.length > 0 ? bursts : [0];
      const servers = rng
        .shuffle(population.servers.slice(population.core.length))
        .slice(0, Math.max(1, Math.round(population.servers.length * SYNTHETIC_DEFAULTS.serverShare)));
      const placed = [...drawn, ...servers].map((host) => ({
        host,
        firstTime: rng.pick(burstDays) + 9 * 3600 + rng.int(8 * 3600),
      }));
      const attackerHosts = attackers.map((name) => population.byName.get(name)).filter((h) => h !== undefined);
      const firstAccount = rng.pick(population.humans).users[0] ?? 'U1@DOM1';
      const events = newHostLogons(rng, 'synthetic', placed, attackerHosts, firstAccount, end);
      // Each victim's first logon is at its first time, which lies in the span.
      const victims: CampaignVictim[] = placed.map((v) => ({ ...v, parameters: {} }));
      victims.sort((a, b) => a.firstTime - b.firstTime || (a.host.name < b.host.name ? -1 : 1));
      return {
        name: 'synthetic',
        parameters: {
          attackers,
          workstation_share: SYNTHETIC_DEFAULTS.workstationShare,
          server_share: SYNTHETIC_DEFAULTS.serverShare,
          burst_days: SYNTHETIC_DEFAULTS.burstDays,
          ...victimEffectParameters(),
        },
        victims,
        events,
        ...victimEffect(rng, victims, attackerHosts),
      };
    },
  };
}
