import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { KNOWN_HUMAN_TARGETS } from './calibration.js';
import type { Population, ReservedHosts } from './population.js';
import type { Rng } from './rng.js';

/** How the generator plants a red-team campaign. */
export type RedteamMode = 'replay' | 'synthetic' | 'none';

/** One red-team authentication: a line of redteam.txt and of auth.txt. */
export interface AttackEvent {
  time: number;
  user: string;
  src: string;
  dst: string;
}

/** The campaign: hosts it needs reserved before the population exists, then its events. */
export interface CampaignPlan {
  mode: RedteamMode;
  reserved: ReservedHosts;
  events(population: Population): AttackEvent[];
}

/** The real red-team file (LANL cyber1 redteam.txt, 749 lines), shipped with the package. */
export const REPLAY_FILE = fileURLToPath(new URL('../../data/lanl-redteam.txt', import.meta.url));

/**
 * Plans the campaign for a data set of `days` days. `replay` keeps the real timeline's times,
 * accounts, sources and targets within the span; the 17 targets that were human computers on the
 * real day 1 are workstations, the others (the real set does not say what they were) servers and
 * other machines, so compromised workstations stay a few percent of all, as in the real set. `synthetic` picks two
 * attacker hosts, ~3 % of workstations and ~5 % of servers as victims, and attacks from the end of
 * the first quarter of the span in bursts.
 */
export function campaignPlan(mode: RedteamMode, rng: Rng, days: number): CampaignPlan {
  const end = days * SECONDS_PER_DAY;
  if (mode === 'none') return { mode, reserved: { attackers: [], targets: [], users: [] }, events: () => [] };
  if (mode === 'replay') {
    const events = readFileSync(REPLAY_FILE, 'latin1')
      .split('\n')
      .filter((line) => line.length > 0)
      .map((line) => {
        const [time, user, src, dst] = line.trim().split(',');
        return { time: Number(time), user: user!, src: src!, dst: dst! };
      })
      .filter((e) => e.time < end);
    const known = new Set(KNOWN_HUMAN_TARGETS);
    const targets = [...new Set(events.map((e) => e.dst))].sort().map((name) => ({ name, human: known.has(name) }));
    return {
      mode,
      reserved: {
        attackers: [...new Set(events.map((e) => e.src))].sort(),
        targets,
        users: [...new Set(events.map((e) => e.user.split('@')[0]!))].sort(),
      },
      events: () => events,
    };
  }
  const attackers = [`C${27_001 + rng.int(1000)}`, `C${28_001 + rng.int(1000)}`];
  return {
    mode,
    reserved: { attackers, targets: [], users: [] },
    events: (population) => {
      const start = Math.max(1, Math.floor(days / 4)) * SECONDS_PER_DAY;
      const victims = [
        ...rng.shuffle([...population.humans]).slice(0, Math.max(2, Math.round(population.humans.length * 0.03))),
        ...rng
          .shuffle(population.servers.slice(population.core.length))
          .slice(0, Math.max(1, Math.round(population.servers.length * 0.05))),
      ];
      const burstDays = [0, 1, 4, 5].map((d) => start + d * SECONDS_PER_DAY).filter((t) => t < end);
      const out: AttackEvent[] = [];
      let account = population.humans[0]!.users[0]!;
      for (const victim of victims) {
        const first = burstDays[rng.int(burstDays.length)]! + 9 * 3600 + rng.int(8 * 3600);
        for (let k = 0, n = 1 + rng.int(4); k < n; k++) {
          const time = first + k * rng.int(7200);
          if (time < end) out.push({ time, user: account, src: rng.pick(attackers), dst: victim.name });
        }
        // The attacker moves on with credentials harvested on the last victim.
        if (victim.users.length > 0) account = rng.pick(victim.users);
      }
      return out.sort((a, b) => a.time - b.time || (a.dst < b.dst ? -1 : 1));
    },
  };
}
