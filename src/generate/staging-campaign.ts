import type { CampaignDesign } from './campaign.js';
import { compromiseTimes } from './compromise-times.js';
import type { TimedLine } from './flow-day.js';
import { newHostLogons } from './new-host-logons.js';
import type { Rng } from './rng.js';
import { victimCount } from './victim-count.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Parameters of the `staging` campaign. */
export const STAGING_DEFAULTS = {
  /** Staging flows per victim and day, uniform in this range. */
  flowsPerDay: [2, 5] as const,
  /** Median bytes of one staging flow (log-normal, ln-sd 0.5): small next to a desk's daily upload. */
  medianBytes: 60_000,
  /** Port of the staging server. */
  port: '445',
};

/**
 * `staging`: a first-time logon from a host that never authenticated before (newHostLogons), then
 * from its first red-team time each victim sends a few small flows a day to one staging server
 * that no other host ever talks to — a service none of its peers use, at no visible volume.
 */
export function stagingCampaign(rng: Rng, days: number): CampaignDesign {
  return {
    name: 'staging',
    reserved: { attackers: [], targets: [], users: [] },
    victimCount: (population) => victimCount(population.humans.length),
    plant: ({ population, victims: drawn, outsideHost }) => {
      const attacker = outsideHost('attacker');
      const server = outsideHost('attacker');
      const times = compromiseTimes(rng, drawn.length, days);
      const victims = drawn.map((host, i) => ({ host, firstTime: times[i] ?? 0, parameters: {} }));
      const firstAccount = rng.pick(population.humans).users[0] ?? 'U1@DOM1';
      const events = newHostLogons(rng, 'staging', victims, [attacker], firstAccount, days * SECONDS_PER_DAY);
      const [lo, hi] = STAGING_DEFAULTS.flowsPerDay;
      const flows = (dayStart: number, dayEnd: number): TimedLine[] => {
        const out: TimedLine[] = [];
        for (const { host, firstTime } of victims) {
          if (firstTime >= dayEnd) continue;
          const from = Math.max(firstTime + 1, dayStart);
          for (let k = lo + rng.int(hi - lo + 1); k > 0 && from < dayEnd; k--) {
            const time = from + rng.int(dayEnd - from);
            const bytes = Math.round(rng.logNormal(Math.log(STAGING_DEFAULTS.medianBytes), 0.5));
            out.push({
              time,
              line: `${time},${1 + rng.int(20)},${host.name},N${1 + rng.int(65000)},${server.name},${STAGING_DEFAULTS.port},6,${Math.ceil(bytes / 1000) + 2},${bytes}`,
            });
          }
        }
        return out.sort((a, b) => a.time - b.time);
      };
      return {
        name: 'staging',
        parameters: {
          entry: 'new-host',
          attackers: [attacker.name],
          server: server.name,
          flows_per_day: [lo, hi],
          median_bytes: STAGING_DEFAULTS.medianBytes,
          port: STAGING_DEFAULTS.port,
        },
        victims,
        events,
        uploadShift: new Map(),
        flows,
      };
    },
  };
}
