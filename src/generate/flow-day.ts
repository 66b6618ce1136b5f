import { LANL_DAY1, logNormalFor } from './calibration.js';
import { dayTimes } from './day-times.js';
import type { LineSink } from './line-sink.js';
import { HOST_HABITS, type Host, type Population } from './population.js';
import type { Rng } from './rng.js';

const PACKETS = logNormalFor(LANL_DAY1.flow.packets.mean, LANL_DAY1.flow.packets.sd);
const BYTES = logNormalFor(LANL_DAY1.flow.bytes.mean, LANL_DAY1.flow.bytes.sd);
/**
 * The real day-1 spread of ln(bytes) holds both how hosts differ and how one host's flows differ:
 * a workstation's flows keep the part its habits (HOST_HABITS) do not already explain, so that
 * over all hosts the bytes of human flows still follow the day-1 log-normal.
 */
const HOST_VARIANCE = HOST_HABITS.volumeSd ** 2 + HOST_HABITS.directionSd ** 2 + HOST_HABITS.daySd ** 2;
const UPLOAD_SIGMA = Math.sqrt(BYTES.sigma ** 2 - HOST_HABITS.departmentSd ** 2 - HOST_VARIANCE);
const DOWNLOAD_SIGMA = Math.sqrt(BYTES.sigma ** 2 - HOST_VARIANCE);
/** Share of background flows that touch a human computer. */
const HUMAN_SHARE = 0.35;
const DUPLICATE_AFTER = LANL_DAY1.duplicateFlowShare / (1 - LANL_DAY1.duplicateFlowShare);

/** A planted log line and its time. */
export interface TimedLine {
  time: number;
  line: string;
}

/** What the campaigns change in one day of flows. */
export interface FlowDayEffects {
  /** Victim → ln multiplier on the bytes of its own uploads at a time (0 = unchanged). */
  uploadShift: ReadonlyMap<Host, (time: number) => number>;
  /** The campaigns' own flows of the day, sorted by time. */
  planted: readonly TimedLine[];
}

/**
 * Writes one day of flows.txt: `rows` background lines including ~17 % exact duplicates, with
 * heavy-tailed duration, packets and bytes calibrated on the real day-1 means and standard
 * deviations (correlated log-normals), merged in time order with the campaigns' planted lines.
 * Workstations talk to their department's servers and the core ones. Only `rng` feeds the
 * background, so a campaign that plants no flows leaves the file byte-identical.
 */
export async function writeFlowDay(
  rng: Rng,
  population: Population,
  sink: LineSink,
  dayStart: number,
  rows: number,
  effects: FlowDayEffects,
): Promise<void> {
  const { planted, uploadShift } = effects;
  const { humans, humanActivity, anyHosts, anyActivity, departments, core } = population;
  const dayShift = Float64Array.from(humans, () => rng.normal() * HOST_HABITS.daySd);
  const times = dayTimes(rng, dayStart, rows);
  const clientPort = (): string => `N${1 + rng.int(65000)}`;
  let next = 0;
  let written = 0;
  while (written < rows) {
    const t = times[written]!;
    for (let p = planted[next]; p !== undefined && p.time <= t; p = planted[++next]) sink.push(p.line);
    const z = rng.normal();
    const packets = Math.min(1_534_824, Math.max(1, Math.round(Math.exp(PACKETS.mu + PACKETS.sigma * z))));
    const shape = 0.8 * z + 0.6 * rng.normal();
    let logBytes = BYTES.mu + BYTES.sigma * shape;
    const duration = rng.chance(0.45) ? 0 : Math.min(LANL_DAY1.flow.duration.max, Math.round(rng.logNormal(1.9, 1.3)));
    const protocol = rng.chance(0.895) ? 6 : rng.chance(0.81) ? 17 : 1;
    let src: Host;
    let dst: Host;
    let srcPort: string;
    let dstPort: string;
    if (rng.chance(HUMAN_SHARE)) {
      const i = rng.weighted(humanActivity);
      const h = humans[i]!;
      const today = dayShift[i]!;
      const department = departments[h.department]!;
      const own = department.servers;
      const r = rng.next();
      const s =
        r < 0.65 && own.length > 0
          ? rng.pick(own)
          : r < 0.9
            ? rng.pick(core)
            : r < 0.97
              ? anyHosts[rng.weighted(anyActivity)]!
              : rng.pick(department.humans);
      const port = s.ports.length > 0 ? rng.pick(s.ports) : '445';
      if (rng.chance(0.5)) {
        src = h;
        dst = s;
        srcPort = clientPort();
        dstPort = port;
        logBytes = BYTES.mu + UPLOAD_SIGMA * shape + h.uploadShift + today;
        const shift = uploadShift.get(h);
        if (shift !== undefined) logBytes += shift(t);
      } else {
        src = s;
        dst = h;
        srcPort = port;
        dstPort = clientPort();
        logBytes = BYTES.mu + DOWNLOAD_SIGMA * shape + h.downloadShift + today;
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
  for (; next < planted.length; next++) sink.push(planted[next]!.line);
  await sink.flush();
}
