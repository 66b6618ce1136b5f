import type { CampaignDesign } from './campaign.js';
import { compromiseTimes } from './compromise-times.js';
import { newHostLogons } from './new-host-logons.js';
import type { Rng } from './rng.js';
import { victimCount } from './victim-count.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/**
 * `lateral-only`: the campaign leaves an auth footprint and nothing else. One attacker host that
 * never authenticated anywhere before (outside the background) logs on to each victim with
 * harvested accounts (newHostLogons); no flow changes at all, so flows.txt is byte-identical to the
 * same seed without a campaign.
 */
export function lateralOnlyCampaign(rng: Rng, days: number): CampaignDesign {
  return {
    name: 'lateral-only',
    reserved: { attackers: [], targets: [], users: [] },
    victimCount: (population) => victimCount(population.humans.length),
    plant: ({ population, victims: drawn, outsideHost }) => {
      const attacker = outsideHost('attacker');
      const times = compromiseTimes(rng, drawn.length, days);
      const victims = drawn.map((host, i) => ({ host, firstTime: times[i] ?? 0, parameters: {} }));
      const firstAccount = rng.pick(population.humans).users[0] ?? 'U1@DOM1';
      return {
        name: 'lateral-only',
        parameters: { entry: 'new-host', attackers: [attacker.name], logons_per_victim: [1, 4] },
        victims,
        events: newHostLogons(rng, 'lateral-only', victims, [attacker], firstAccount, days * SECONDS_PER_DAY),
        uploadShift: new Map(),
        flows: null,
      };
    },
  };
}
