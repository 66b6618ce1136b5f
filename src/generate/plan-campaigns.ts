import { UsageError } from '../errors.js';
import { beaconCampaign } from './beacon-campaign.js';
import { CAMPAIGN_NAMES, type CampaignFactory, type CampaignName, type PlantedCampaign } from './campaign.js';
import { exfilCampaign } from './exfil-campaign.js';
import { lateralOnlyCampaign } from './lateral-only-campaign.js';
import { lowAndSlowCampaign } from './low-and-slow-campaign.js';
import { addOutsideHost } from './outside-host.js';
import type { Population, ReservedHosts } from './population.js';
import { replayCampaign } from './replay-campaign.js';
import { Rng } from './rng.js';
import { stagingCampaign } from './staging-campaign.js';
import { syntheticCampaign } from './synthetic-campaign.js';

const FACTORIES: Record<CampaignName, CampaignFactory> = {
  replay: replayCampaign,
  synthetic: syntheticCampaign,
  'lateral-only': lateralOnlyCampaign,
  exfil: exfilCampaign,
  staging: stagingCampaign,
  beacon: beaconCampaign,
  'low-and-slow': lowAndSlowCampaign,
};

/** Random streams of {@link Rng}: 1–5 belong to the population and the background. */
const STREAM = { victims: 6, outsideNames: 7, campaign: 10 };

/** The campaigns of a data set before and after the network exists. */
export interface CampaignPlan {
  /** Hosts and accounts the population must hold by name (the union over campaigns). */
  reserved: ReservedHosts;
  /** Draws disjoint workstation victims and plants every campaign, in {@link CAMPAIGN_NAMES} order. */
  plant(population: Population): PlantedCampaign[];
}

/**
 * Plans `names` (each once, as resolveCampaigns gives them) for a seed and span. Each campaign
 * draws from its own random stream and its victims from one shuffle of the workstations that no
 * campaign reserved by name, in turn, so no workstation is a victim of two campaigns. A campaign
 * that reserves nothing and plants no flows leaves the background byte-identical.
 */
export function planCampaigns(names: readonly CampaignName[], seed: number, days: number): CampaignPlan {
  const designs = names.map((name) =>
    FACTORIES[name](new Rng(seed, STREAM.campaign + CAMPAIGN_NAMES.indexOf(name)), days),
  );
  const reserved: ReservedHosts = {
    attackers: [...new Set(designs.flatMap((d) => d.reserved.attackers))],
    targets: designs.flatMap((d) => d.reserved.targets),
    users: [...new Set(designs.flatMap((d) => d.reserved.users))],
  };
  return {
    reserved,
    plant(population) {
      const taken = new Set(reserved.targets.map((t) => t.name));
      const pool = new Rng(seed, STREAM.victims).shuffle(population.humans.filter((h) => !taken.has(h.name)));
      const counts = designs.map((d) => d.victimCount(population));
      const needed = counts.reduce((a, b) => a + b, 0);
      if (needed > pool.length / 2) {
        throw new UsageError(
          `scale too small for campaigns ${names.join(', ')}: they need ${needed} workstation victims, more than half of the ${pool.length} available`,
        );
      }
      const nameRng = new Rng(seed, STREAM.outsideNames);
      const outsideName = (): string => {
        for (;;) {
          const name = `C${27_001 + nameRng.int(3000)}`;
          if (!population.byName.has(name)) return name;
        }
      };
      let next = 0;
      return designs.map((design, i) => {
        const victims = pool.slice(next, next + (counts[i] ?? 0));
        next += victims.length;
        return design.plant({
          population,
          victims,
          days,
          outsideHost: (role) => addOutsideHost(population, outsideName(), role),
        });
      });
    },
  };
}
