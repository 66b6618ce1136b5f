import { LANL_DAY1 } from './calibration.js';
import type { AttackEvent } from './campaign.js';
import { dayTimes } from './day-times.js';
import type { TimedLine } from './flow-day.js';
import type { LineSink } from './line-sink.js';
import type { Host, Population } from './population.js';
import { cumulativeOf, type Rng } from './rng.js';

const LOGON_TYPES = LANL_DAY1.logonTypes.map(([name]) => name);
const LOGON_CUMULATIVE = cumulativeOf(LANL_DAY1.logonTypes.map(([, n]) => n));
const AUTH_TYPES = ['Kerberos', 'Kerberos', 'NTLM', 'Negotiate', '?'];

/** Routine management logons happen in the night's maintenance window, [0, 6) h of each day. */
const MAINTENANCE_WINDOW = 6 * 3600;

/** The auth.txt line of a red-team logon. */
function attackLine(a: AttackEvent): string {
  return `${a.time},${a.user},${a.user},${a.src},${a.dst},${a.authType},Network,LogOn,Success`;
}

/**
 * Writes one day of auth.txt: `rows` events in the real day-1 logon-type mix, merged in time order
 * with the campaigns' authentications of that day (sorted by time). Among the rows, every
 * workstation gets one routine logon from its management server by its help-desk account in the
 * night, so that admin path is an old auth edge on every day. The attacks draw nothing from
 * `rng`: the background is the same with or without them.
 */
export async function writeAuthDay(
  rng: Rng,
  population: Population,
  sink: LineSink,
  dayStart: number,
  rows: number,
  attacks: readonly AttackEvent[],
): Promise<void> {
  const { humans, humanActivity, anyHosts, anyActivity, departments, core } = population;
  const planted: TimedLine[] = [];
  for (const h of humans) {
    if (h.admin === null || planted.length >= rows) continue;
    const time = dayStart + rng.int(MAINTENANCE_WINDOW);
    planted.push({
      time,
      line: `${time},${h.admin.account},${h.admin.account},${h.admin.server.name},${h.name},Kerberos,Network,LogOn,Success`,
    });
  }
  const background = rows - planted.length;
  for (const a of attacks) planted.push({ time: a.time, line: attackLine(a) });
  // Stable: at equal times the routine logon comes first, then the attacks in their order.
  planted.sort((a, b) => a.time - b.time);
  const times = dayTimes(rng, dayStart, background);
  const human = (): Host => humans[rng.weighted(humanActivity)]!;
  const anyHost = (): Host => anyHosts[rng.weighted(anyActivity)]!;
  const userOf = (h: Host): string => (h.users.length === 1 || rng.chance(0.8) ? h.users[0]! : rng.pick(h.users));
  const serverFor = (h: Host): Host => {
    const own = h.department >= 0 ? departments[h.department]!.servers : [];
    return own.length > 0 && rng.chance(0.6) ? rng.pick(own) : rng.pick(core);
  };
  const outcome = (failRate: number): string => (rng.chance(failRate) ? 'Fail' : 'Success');
  let next = 0;
  for (let i = 0; i < background; i++) {
    const t = times[i]!;
    for (let p = planted[next]; p !== undefined && p.time <= t; p = planted[++next]) sink.push(p.line);
    const type = LOGON_TYPES[rng.weighted(LOGON_CUMULATIVE)]!;
    let line: string;
    switch (type) {
      case 'Interactive': {
        const r = rng.next();
        if (r < 0.97) {
          const h = human();
          const u = userOf(h);
          line = `${t},${u},${u},${h.name},${h.name},${rng.chance(0.6) ? 'Negotiate' : 'Kerberos'},Interactive,LogOn,${outcome(0.02)}`;
        } else {
          // Local and machine accounts log on interactively too; the human rule must ignore them.
          const h = anyHost();
          const u = r < 0.985 ? `U${1 + rng.int(9000)}@${h.name}` : `${h.name}$@DOM1`;
          line = `${t},${u},${u},${h.name},${h.name},Negotiate,Interactive,LogOn,Success`;
        }
        break;
      }
      case 'Unlock':
      case 'NewCredentials':
      case 'CachedInteractive': {
        const h = human();
        const u = userOf(h);
        line = `${t},${u},${u},${h.name},${h.name},${type === 'CachedInteractive' ? 'Kerberos' : 'Negotiate'},${type},LogOn,Success`;
        break;
      }
      case 'RemoteInteractive':
      case 'NetworkCleartext': {
        const h = human();
        const u = userOf(h);
        const s = serverFor(h);
        const pkg = type === 'NetworkCleartext' ? 'MICROSOFT_AUTHENTICATION_PACKAGE_V1_0' : 'Negotiate';
        line = `${t},${u},${u},${h.name},${s.name},${pkg},${type},LogOn,${outcome(0.03)}`;
        break;
      }
      case 'Service': {
        const h = anyHost();
        const u = rng.chance(0.7)
          ? `SYSTEM@${h.name}`
          : rng.chance(0.5)
            ? `LOCAL SERVICE@${h.name}`
            : `NETWORK SERVICE@${h.name}`;
        line = `${t},${u},${u},${h.name},${h.name},Negotiate,Service,LogOn,Success`;
        break;
      }
      case 'Batch': {
        const h = rng.pick(population.servers);
        const u = rng.chance(0.7) ? `${h.name}$@DOM1` : `U${1 + rng.int(200)}@DOM1`;
        line = `${t},${u},${u},${h.name},${h.name},Kerberos,Batch,LogOn,Success`;
        break;
      }
      case '?': {
        const useHuman = rng.chance(0.6);
        const h = useHuman ? human() : anyHost();
        const u = useHuman ? userOf(h) : `${h.name}$@DOM1`;
        const r = rng.next();
        if (r < 0.45) line = `${t},${u},${u},${h.name},${serverFor(h).name},?,?,TGS,${outcome(0.01)}`;
        else if (r < 0.7) line = `${t},${u},${u},${h.name},${h.name},?,?,TGT,${outcome(0.01)}`;
        else {
          const s = rng.pick(core);
          line = `${t},${u},${s.name}$@DOM1,${s.name},${s.name},?,?,AuthMap,Success`;
        }
        break;
      }
      default: {
        // Network: machine accounts, people reaching servers, anonymous sessions, server chatter.
        const r = rng.next();
        const logoff = rng.chance(0.4);
        const pkg = logoff ? '?' : rng.pick(AUTH_TYPES);
        const dir = logoff ? 'LogOff' : 'LogOn';
        if (r < 0.4) {
          const h = anyHost();
          const d = rng.chance(0.3) ? h : rng.pick(core);
          line = `${t},${h.name}$@DOM1,${h.name}$@DOM1,${h.name},${d.name},${pkg},Network,${dir},${outcome(0.01)}`;
        } else if (r < 0.77) {
          const h = human();
          const u = userOf(h);
          line = `${t},${u},${u},${h.name},${serverFor(h).name},${pkg},Network,${dir},${outcome(0.015)}`;
        } else if (r < 0.8) {
          // Management servers and help-desk accounts reach workstations too: incoming edges to a
          // workstation are not by themselves an attack.
          const m = rng.pick(population.managers);
          const h = human();
          const u = `U${1 + rng.int(15)}@DOM1`;
          line = `${t},${u},${u},${m.name},${h.name},${pkg},Network,${dir},Success`;
        } else if (r < 0.82) {
          const h = human();
          const peer = rng.pick(departments[h.department]!.humans);
          const u = userOf(h);
          line = `${t},${u},${u},${h.name},${peer.name},${pkg},Network,${dir},${outcome(0.02)}`;
        } else if (r < 0.87) {
          const d = rng.pick(core);
          const h = anyHost();
          line = `${t},ANONYMOUS LOGON@${d.name},ANONYMOUS LOGON@${d.name},${h.name},${d.name},NTLM,Network,${dir},Success`;
        } else {
          const h = rng.pick(population.servers);
          const d = rng.pick(core);
          line = `${t},${h.name}$@DOM1,${h.name}$@DOM1,${h.name},${d.name},${pkg},Network,${dir},Success`;
        }
      }
    }
    sink.push(line);
    if ((i & 0xffff) === 0) await sink.flush();
  }
  for (; next < planted.length; next++) sink.push(planted[next]!.line);
  await sink.flush();
}
