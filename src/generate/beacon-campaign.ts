import type { CampaignDesign, CampaignVictim } from './campaign.js';
import { adminPathLogons } from './admin-path-logons.js';
import { compromiseTimes } from './compromise-times.js';
import type { TimedLine } from './flow-day.js';
import type { Rng } from './rng.js';
import { victimCount } from './victim-count.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Parameters of the `beacon` campaign. */
export const BEACON_DEFAULTS = {
  /** Each victim's period (s), log-uniform in this range, rounded to whole seconds. */
  periodSeconds: [60, 900] as const,
  /** Each victim's jitter j, uniform in this range: every gap is period × (1 + j·v), v uniform in [−1, 1]. */
  jitter: [0.02, 0.05] as const,
  /** Each victim's beacon size (bytes), uniform in this range; every connection varies it by ± sizeJitter. */
  bytes: [200, 1500] as const,
  sizeJitter: 0.02,
  /** Port of the outside host. */
  port: '443',
};

/**
 * `beacon`: after a logon over the victim's routine admin path (adminPathLogons, in redteam.txt),
 * each victim connects to one outside host periodically from its first red-team time to the end:
 * its own period, a jitter of a few percent, near-constant small sizes (the command-and-control
 * beaconing RITA-style detectors look for). Nothing else changes.
 */
export function beaconCampaign(rng: Rng, days: number): CampaignDesign {
  return {
    name: 'beacon',
    reserved: { attackers: [], targets: [], users: [] },
    victimCount: (population) => victimCount(population.humans.length),
    plant: ({ victims: drawn, outsideHost }) => {
      const c2 = outsideHost('attacker');
      const times = compromiseTimes(rng, drawn.length, days);
      const [pLo, pHi] = BEACON_DEFAULTS.periodSeconds;
      const [jLo, jHi] = BEACON_DEFAULTS.jitter;
      const [bLo, bHi] = BEACON_DEFAULTS.bytes;
      const beacons = drawn.map((host, i) => {
        const firstTime = times[i] ?? 0;
        const period = Math.round(Math.exp(Math.log(pLo) + (Math.log(pHi) - Math.log(pLo)) * rng.next()));
        const jitter = Math.round((jLo + (jHi - jLo) * rng.next()) * 1000) / 1000;
        const bytes = bLo + rng.int(bHi - bLo + 1);
        const packets = 3 + rng.int(4);
        return { host, firstTime, period, jitter, bytes, packets, next: firstTime + 30 + rng.int(270) };
      });
      const victims: CampaignVictim[] = beacons.map((b) => ({
        host: b.host,
        firstTime: b.firstTime,
        parameters: { period_s: b.period, jitter: b.jitter, bytes: b.bytes },
      }));
      const flows = (dayStart: number, dayEnd: number): TimedLine[] => {
        const out: TimedLine[] = [];
        for (const b of beacons) {
          for (; b.next < dayEnd; b.next += Math.round(b.period * (1 + b.jitter * (2 * rng.next() - 1)))) {
            if (b.next < dayStart) continue;
            const bytes = Math.round(b.bytes * (1 + BEACON_DEFAULTS.sizeJitter * (2 * rng.next() - 1)));
            out.push({
              time: b.next,
              line: `${b.next},${rng.int(2)},${b.host.name},N${1 + rng.int(65000)},${c2.name},${BEACON_DEFAULTS.port},6,${b.packets},${bytes}`,
            });
          }
        }
        return out.sort((a, b) => a.time - b.time);
      };
      return {
        name: 'beacon',
        parameters: {
          entry: 'admin-path',
          host: c2.name,
          port: BEACON_DEFAULTS.port,
          period_s: [pLo, pHi],
          jitter: [jLo, jHi],
          bytes: [bLo, bHi],
          size_jitter: BEACON_DEFAULTS.sizeJitter,
        },
        victims,
        events: adminPathLogons(rng, 'beacon', victims, days * SECONDS_PER_DAY),
        uploadShift: new Map(),
        flows,
      };
    },
  };
}
