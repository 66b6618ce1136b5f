import { CORE_SERVERS, LANL_DAY1, SERVICE_PORTS } from './calibration.js';
import { cumulativeOf, type Rng } from './rng.js';

/** What a host is in the synthetic network. */
export type HostRole = 'human' | 'server' | 'other' | 'attacker';

/** One computer of the synthetic network. */
export interface Host {
  name: string;
  role: HostRole;
  /** Department (peer group) of a human host or a department server; -1 otherwise. */
  department: number;
  /** Domain users who log on interactively (human hosts only). */
  users: string[];
  /** Relative share of the host's traffic and logons. */
  activity: number;
  /** Shift of ln(bytes) for the host's uploads and downloads: its habits (see {@link HOST_HABITS}). */
  uploadShift: number;
  downloadShift: number;
  /** Well-known ports a server answers on. */
  ports: string[];
  /** The management server and help-desk account that log on to a workstation every night. */
  admin: { server: Host; account: string } | null;
}

/**
 * How much hosts differ, as standard deviations of natural logs. A workstation's usual volume is
 * its activity (how many flows) times exp(shift) (how large they are); the shift of its uploads is
 * its department's habit plus its own volume multiplier plus a per-direction jitter. With these
 * values the per-host median daily upload spans > 10× between the 5th and 95th percentile host of
 * one department, and its inter-quartile ratio over all hosts is near the real one (≈ 10× for the
 * hosts present ≥ 15 days in the seed's real per-host series); test/generate holds both.
 */
export const HOST_HABITS = {
  /** ln(activity): how many flows and logons a host has. */
  activitySd: 0.8,
  /** A department's shared upload habit. */
  departmentSd: 0.8,
  /** A host's own volume multiplier, shared by its uploads and downloads. */
  volumeSd: 1.35,
  /** Independent jitter of each direction. */
  directionSd: 0.35,
  /** A workstation's busy or quiet day: one shift of all its bytes for one day. */
  daySd: 0.8,
};

/**
 * The synthetic network: hosts by role, departments, and the names the campaign needs. The
 * background (every log line no campaign planted) is drawn from `anyHosts` and `humans` only.
 */
export interface Population {
  hosts: Host[];
  byName: Map<string, Host>;
  humans: Host[];
  servers: Host[];
  core: Host[];
  /** The management servers that log on to workstations (the first non-core servers). */
  managers: Host[];
  others: Host[];
  departments: { id: number; humans: Host[]; servers: Host[]; uploadShift: number }[];
  humanActivity: Float64Array;
  anyActivity: Float64Array;
  anyHosts: Host[];
}

/** Hosts the campaign needs by name: attackers, and targets with whether they are workstations. */
export interface ReservedHosts {
  attackers: string[];
  targets: { name: string; human: boolean }[];
  users: string[];
}

/**
 * Builds the network. The real set has 1,773 human computers a day among 17,684; the synthetic one
 * scales the population with √scale (so a small data set still has dozens of hosts, each with
 * enough rows to have a series) and the row volume with scale.
 */
export function buildPopulation(rng: Rng, scale: number, reserved: ReservedHosts): Population {
  const reservedNames = new Set([...CORE_SERVERS, ...reserved.attackers, ...reserved.targets.map((t) => t.name)]);
  const reservedUsers = new Set(reserved.users);
  const humanTargets = reserved.targets.filter((t) => t.human).map((t) => t.name);
  const otherTargets = reserved.targets.filter((t) => !t.human).map((t) => t.name);
  const humanCount = Math.max(30, Math.round(LANL_DAY1.humanHosts * Math.sqrt(scale)), humanTargets.length + 10);
  const serverCount = Math.max(12, Math.round(humanCount * 0.12));
  const otherCount = Math.max(40, humanCount * 3);

  const namePool = rng.shuffle(
    Array.from({ length: 27_000 }, (_, i) => `C${i + 1}`).filter((n) => !reservedNames.has(n)),
  );
  let nextName = 0;
  const userPool = rng.shuffle(
    Array.from({ length: 26_000 }, (_, i) => `U${i + 1}`).filter((n) => !reservedUsers.has(n)),
  );
  let nextUser = 0;

  const hosts: Host[] = [];
  const make = (name: string, role: HostRole): Host => {
    const host: Host = {
      name,
      role,
      department: -1,
      users: [],
      activity: rng.logNormal(0, HOST_HABITS.activitySd),
      uploadShift: 0,
      downloadShift: 0,
      ports: [],
      admin: null,
    };
    hosts.push(host);
    return host;
  };
  const portCumulative = cumulativeOf(SERVICE_PORTS.map(([, w]) => w));
  const givePorts = (host: Host): void => {
    const n = 1 + rng.int(3);
    for (let i = 0; i < n; i++) {
      const port = SERVICE_PORTS[rng.weighted(portCumulative)]![0];
      if (!host.ports.includes(port)) host.ports.push(port);
    }
  };

  const core = CORE_SERVERS.map((name) => make(name, 'server'));
  for (const host of core) {
    host.activity *= 6;
    givePorts(host);
  }
  const servers = [...core];
  for (let i = 0; i < serverCount; i++) servers.push(make(namePool[nextName++]!, 'server'));
  for (const host of servers.slice(core.length)) givePorts(host);

  const humans: Host[] = [];
  for (const name of humanTargets) humans.push(make(name, 'human'));
  while (humans.length < humanCount) humans.push(make(namePool[nextName++]!, 'human'));
  rng.shuffle(humans);

  const usersCumulative = cumulativeOf(LANL_DAY1.usersPerHumanHost.map(([, hosts]) => hosts));
  for (const host of humans) {
    const k = LANL_DAY1.usersPerHumanHost[rng.weighted(usersCumulative)]![0];
    for (let i = 0; i < k; i++) host.users.push(`${userPool[nextUser++]!}@DOM1`);
  }
  // The campaign's accounts are real people's accounts: give each a home among the humans.
  for (const user of reserved.users) humans[rng.int(humans.length)]!.users.push(`${user}@DOM1`);

  const departmentCount = Math.max(3, Math.round(humanCount / 40));
  const departments = Array.from({ length: departmentCount }, (_, id) => ({
    id,
    humans: [] as Host[],
    servers: [] as Host[],
    uploadShift: rng.normal() * HOST_HABITS.departmentSd,
  }));
  const sizeCumulative = cumulativeOf(departments.map(() => rng.logNormal(0, 0.5)));
  humans.forEach((host, i) => {
    // Every department gets at least a few members before the rest are spread by size.
    const d = i < departmentCount * 4 ? i % departmentCount : rng.weighted(sizeCumulative);
    const department = departments[d]!;
    host.department = d;
    const volume = rng.normal() * HOST_HABITS.volumeSd;
    host.uploadShift = department.uploadShift + volume + rng.normal() * HOST_HABITS.directionSd;
    host.downloadShift = volume + rng.normal() * HOST_HABITS.directionSd;
    department.humans.push(host);
  });
  servers.slice(core.length).forEach((host, i) => {
    const department = departments[i % departmentCount]!;
    host.department = department.id;
    department.servers.push(host);
  });
  // Each department's workstations are managed from one management server, by help-desk accounts.
  const managers = servers.slice(core.length, core.length + 3);
  for (const host of humans) {
    host.admin = { server: managers[host.department % managers.length]!, account: `U${1 + rng.int(15)}@DOM1` };
  }

  const others: Host[] = [];
  for (const name of otherTargets) others.push(make(name, 'other'));
  for (let i = 0; i < otherCount; i++) others.push(make(namePool[nextName++]!, 'other'));
  for (const name of reserved.attackers) make(name, 'attacker').activity = 0.5;

  const anyHosts = hosts.filter((h) => h.role !== 'human');
  return {
    hosts,
    byName: new Map(hosts.map((h) => [h.name, h])),
    humans,
    servers,
    core,
    managers,
    others,
    departments,
    humanActivity: cumulativeOf(humans.map((h) => h.activity)),
    anyActivity: cumulativeOf(anyHosts.map((h) => h.activity)),
    anyHosts,
  };
}
