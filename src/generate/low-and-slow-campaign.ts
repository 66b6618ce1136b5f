import type { CampaignDesign, CampaignVictim } from './campaign.js';
import { adminPathLogons } from './admin-path-logons.js';
import { compromiseTimes } from './compromise-times.js';
import type { Host } from './population.js';
import type { Rng } from './rng.js';
import { victimCount } from './victim-count.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Parameters of the `low-and-slow` campaign. */
export const LOW_AND_SLOW_DEFAULTS = {
  /** Each victim's final multiplier m on its own uploads, uniform in this range (rounded to 0.01). */
  uploadFactor: [2, 3] as const,
  /** Days over which the multiplier ramps linearly from 1 to m. */
  rampDays: 4,
};

/**
 * `low-and-slow`: after a logon over the victim's routine admin path (no first-time edge), its
 * uploads grow to m× its own baseline (m = 2–3), ramped in linearly over `rampDays` days from its
 * first red-team time: factor(t) = 1 + (m − 1)·min(1, (t − first) / ramp). No single day stands
 * out; only the accumulated shift against the host's own past does. Victims are compromised early
 * enough for the ramp to finish two days before the end where the span allows.
 */
export function lowAndSlowCampaign(rng: Rng, days: number): CampaignDesign {
  const ramp = LOW_AND_SLOW_DEFAULTS.rampDays * SECONDS_PER_DAY;
  return {
    name: 'low-and-slow',
    reserved: { attackers: [], targets: [], users: [] },
    victimCount: (population) => victimCount(population.humans.length),
    plant: ({ victims: drawn }) => {
      const times = compromiseTimes(rng, drawn.length, days, LOW_AND_SLOW_DEFAULTS.rampDays + 2);
      const [lo, hi] = LOW_AND_SLOW_DEFAULTS.uploadFactor;
      const uploadShift = new Map<Host, (time: number) => number>();
      const victims: CampaignVictim[] = drawn.map((host, i) => {
        const firstTime = times[i] ?? 0;
        const m = Math.round((lo + (hi - lo) * rng.next()) * 100) / 100;
        uploadShift.set(host, (t) => (t < firstTime ? 0 : Math.log(1 + (m - 1) * Math.min(1, (t - firstTime) / ramp))));
        return { host, firstTime, parameters: { upload_factor: m, ramp_days: LOW_AND_SLOW_DEFAULTS.rampDays } };
      });
      return {
        name: 'low-and-slow',
        parameters: {
          entry: 'admin-path',
          attackers: [...new Set(victims.map((v) => v.host.admin?.server.name))].sort(),
          upload_factor: [lo, hi],
          ramp_days: LOW_AND_SLOW_DEFAULTS.rampDays,
        },
        victims,
        events: adminPathLogons(rng, 'low-and-slow', victims, days * SECONDS_PER_DAY),
        uploadShift,
        flows: null,
      };
    },
  };
}
