import type { CampaignDesign, CampaignVictim } from './campaign.js';
import { adminPathLogons } from './admin-path-logons.js';
import { compromiseTimes } from './compromise-times.js';
import type { Host } from './population.js';
import type { Rng } from './rng.js';
import { victimCount } from './victim-count.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Parameters of the `exfil` campaign. */
export const EXFIL_DEFAULTS = {
  /** Each victim's uploads are multiplied by k, drawn uniformly from this range (rounded to 0.01). */
  uploadFactor: [4, 8] as const,
};

/**
 * `exfil`: the attackers' logons ride each victim's routine admin path (adminPathLogons: no
 * first-time auth edge), and from its first red-team time each victim uploads k× its OWN usual
 * volume to the services it normally uses — every upload's bytes times k, no new destination. A
 * low-volume desk at 8× still sits inside its department's range (HOST_HABITS spreads desks by
 * more than 10×), so only a comparison with the host's own past shows the shift.
 */
export function exfilCampaign(rng: Rng, days: number): CampaignDesign {
  return {
    name: 'exfil',
    reserved: { attackers: [], targets: [], users: [] },
    victimCount: (population) => victimCount(population.humans.length),
    plant: ({ victims: drawn }) => {
      const times = compromiseTimes(rng, drawn.length, days);
      const [lo, hi] = EXFIL_DEFAULTS.uploadFactor;
      const uploadShift = new Map<Host, (time: number) => number>();
      const victims: CampaignVictim[] = drawn.map((host, i) => {
        const firstTime = times[i] ?? 0;
        const k = Math.round((lo + (hi - lo) * rng.next()) * 100) / 100;
        uploadShift.set(host, (t) => (t >= firstTime ? Math.log(k) : 0));
        return { host, firstTime, parameters: { upload_factor: k } };
      });
      return {
        name: 'exfil',
        parameters: {
          entry: 'admin-path',
          attackers: [...new Set(victims.map((v) => v.host.admin?.server.name))].sort(),
          upload_factor: [lo, hi],
        },
        victims,
        events: adminPathLogons(rng, 'exfil', victims, days * SECONDS_PER_DAY),
        uploadShift,
        flows: null,
      };
    },
  };
}
