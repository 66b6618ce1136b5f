import type { Host, HostRole, Population } from './population.js';

/**
 * Adds a host that takes no part in the background: it is in the truth, and only a campaign's own
 * lines name it, so it never authenticated or talked to anyone before the campaign uses it.
 */
export function addOutsideHost(population: Population, name: string, role: HostRole): Host {
  if (population.byName.has(name)) throw new Error(`host ${name} already exists`);
  const host: Host = {
    name,
    role,
    department: -1,
    users: [],
    activity: 0,
    uploadShift: 0,
    downloadShift: 0,
    ports: [],
    admin: null,
  };
  population.hosts.push(host);
  population.byName.set(name, host);
  return host;
}
