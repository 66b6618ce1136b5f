import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { LANL_DAY1, logNormalFor } from './calibration.js';
import { dayTimes } from './day-times.js';
import type { LineSink } from './line-sink.js';
import type { Host, Population } from './population.js';
import type { Rng } from './rng.js';

const PACKETS = logNormalFor(LANL_DAY1.flow.packets.mean, LANL_DAY1.flow.packets.sd);
const BYTES = logNormalFor(LANL_DAY1.flow.bytes.mean, LANL_DAY1.flow.bytes.sd);
/** Share of background flows that touch a human computer. */
const HUMAN_SHARE = 0.35;
const DUPLICATE_AFTER = LANL_DAY1.duplicateFlowShare / (1 - LANL_DAY1.duplicateFlowShare);

/** How a compromised workstation changes: its uploads grow and it sends bulk data to the attackers. */
export const VICTIM_EFFECT = {
  /** Multiplier on the bytes of the victim's own uploads after compromise. */
  uploadFactor: 6,
  /** Exfiltration flows to an attacker host per day after compromise: 3–7. */
  exfilPerDay: [3, 7] as const,
  /** Median bytes of one exfiltration flow. */
  exfilMedianBytes: 30_000_000,
};

/** Compromised workstations: first compromise time, and the attacker hosts they talk to. */
export interface Victims {
  firstTime: Map<Host, number>;
  attackers: Host[];
}

/**
 * Writes one day of flows.txt: `rows` lines including ~17 % exact duplicates, with heavy-tailed
 * duration, packets and bytes calibrated on the real day-1 means and standard deviations
 * (correlated log-normals). Workstations talk to their department's servers and the core ones;
 * victims behave differently from their compromise on.
 */
export async function writeFlowDay(
  rng: Rng,
  population: Population,
  sink: LineSink,
  dayStart: number,
  rows: number,
  victims: Victims,
): Promise<void> {
  const dayEnd = dayStart + SECONDS_PER_DAY;
  const exfil: { time: number; line: string }[] = [];
  for (const [host, first] of victims.firstTime) {
    if (first >= dayEnd || victims.attackers.length === 0) continue;
    const from = Math.max(first, dayStart);
    const [lo, hi] = VICTIM_EFFECT.exfilPerDay;
    for (let k = lo + rng.int(hi - lo + 1); k > 0; k--) {
      const time = from + rng.int(dayEnd - from);
      const bytes = Math.round(rng.logNormal(Math.log(VICTIM_EFFECT.exfilMedianBytes), 0.8));
      const packets = Math.ceil(bytes / 1400);
      const line = `${time},${20 + rng.int(54)},${host.name},N${1 + rng.int(65000)},${rng.pick(victims.attackers).name},443,6,${packets},${bytes}`;
      exfil.push({ time, line });
    }
  }
  exfil.sort((a, b) => a.time - b.time);

  const times = dayTimes(rng, dayStart, rows);
  const { humans, humanActivity, anyHosts, anyActivity, departments, core } = population;
  const clientPort = (): string => `N${1 + rng.int(65000)}`;
  let next = 0;
  let written = 0;
  while (written < rows) {
    const t = times[written]!;
    while (next < exfil.length && exfil[next]!.time <= t) sink.push(exfil[next++]!.line);
    const z = rng.normal();
    const packets = Math.min(1_534_824, Math.max(1, Math.round(Math.exp(PACKETS.mu + PACKETS.sigma * z))));
    let logBytes = BYTES.mu + BYTES.sigma * (0.8 * z + 0.6 * rng.normal());
    const duration = rng.chance(0.45) ? 0 : Math.min(LANL_DAY1.flow.duration.max, Math.round(rng.logNormal(1.9, 1.3)));
    const protocol = rng.chance(0.895) ? 6 : rng.chance(0.81) ? 17 : 1;
    let src: Host;
    let dst: Host;
    let srcPort: string;
    let dstPort: string;
    if (rng.chance(HUMAN_SHARE)) {
      const h = humans[rng.weighted(humanActivity)]!;
      const own = departments[h.department]!.servers;
      const r = rng.next();
      const s =
        r < 0.65 && own.length > 0
          ? rng.pick(own)
          : r < 0.9
            ? rng.pick(core)
            : r < 0.97
              ? anyHosts[rng.weighted(anyActivity)]!
              : rng.pick(departments[h.department]!.humans);
      const port = s.ports.length > 0 ? rng.pick(s.ports) : '445';
      if (rng.chance(0.5)) {
        src = h;
        dst = s;
        srcPort = clientPort();
        dstPort = port;
        logBytes += h.uploadShift;
        const first = victims.firstTime.get(h);
        if (first !== undefined && t >= first) logBytes += Math.log(VICTIM_EFFECT.uploadFactor);
      } else {
        src = s;
        dst = h;
        srcPort = port;
        dstPort = clientPort();
        logBytes += h.downloadShift;
      }
    } else {
      src = anyHosts[rng.weighted(anyActivity)]!;
      dst = rng.chance(0.6) ? rng.pick(core) : rng.pick(population.servers);
      srcPort = clientPort();
      dstPort = dst.ports.length > 0 ? rng.pick(dst.ports) : '445';
    }
    const bytes = Math.max(LANL_DAY1.flow.bytes.min, Math.round(Math.exp(logBytes)));
    const line = `${t},${duration},${src.name},${srcPort},${dst.name},${dstPort},${protocol},${packets},${bytes}`;
    sink.push(line);
    written++;
    if (written < rows && rng.chance(DUPLICATE_AFTER)) {
      sink.push(line);
      written++;
    }
    if ((written & 0xffff) < 2) await sink.flush();
  }
  while (next < exfil.length) sink.push(exfil[next++]!.line);
  await sink.flush();
}
