import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AttackEvent, PlantedCampaign } from './campaign.js';
import type { Population } from './population.js';

/** What the truth files describe. */
export interface TruthInput {
  seed: number;
  scale: number;
  days: number;
  population: Population;
  campaigns: readonly PlantedCampaign[];
  /** Every red-team logon, sorted by time. */
  events: readonly AttackEvent[];
}

/**
 * Writes the ground truth: `truth.json` (parameters, each campaign with its victims, the union of
 * compromised hosts), `truth/hosts.csv` (`host,role,department,users,compromised,first_time,campaign`)
 * and `truth/redteam_edges.csv` (`time,user,src_host,dst_host,campaign`).
 */
export function writeTruth(dir: string, t: TruthInput): void {
  const victimOf = new Map<string, { campaign: string; firstTime: number }>();
  for (const c of t.campaigns)
    for (const v of c.victims) victimOf.set(v.host.name, { campaign: c.name, firstTime: v.firstTime });
  const hosts = [...t.population.hosts].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  const lines = ['host,role,department,users,compromised,first_time,campaign'];
  for (const h of hosts) {
    const v = victimOf.get(h.name);
    lines.push(
      `${h.name},${h.role},${h.department >= 0 ? h.department : ''},${h.users.length},${v === undefined ? 0 : 1},${v?.firstTime ?? ''},${v?.campaign ?? ''}`,
    );
  }
  writeFileSync(join(dir, 'truth', 'hosts.csv'), lines.join('\n') + '\n');
  const edges = [
    'time,user,src_host,dst_host,campaign',
    ...t.events.map((e) => `${e.time},${e.user},${e.src},${e.dst},${e.campaign}`),
  ];
  writeFileSync(join(dir, 'truth', 'redteam_edges.csv'), edges.join('\n') + '\n');

  const victimJson = (v: PlantedCampaign['victims'][number]) => ({
    host: v.host.name,
    role: v.host.role,
    department: v.host.department >= 0 ? v.host.department : null,
    first_time: v.firstTime,
    ...v.parameters,
  });
  const compromised = t.campaigns
    .flatMap((c) => c.victims.map((v) => ({ ...victimJson(v), campaign: c.name })))
    .sort((a, b) => a.first_time - b.first_time || (a.host < b.host ? -1 : 1))
    .map(({ host, role, department, first_time, campaign }) => ({ host, role, department, first_time, campaign }));
  const truth = {
    generator: 'peerscope generate',
    seed: t.seed,
    scale: t.scale,
    days: t.days,
    departments: t.population.departments.length,
    hosts: {
      total: hosts.length,
      humans: t.population.humans.length,
      attackers: hosts.filter((h) => h.role === 'attacker').map((h) => h.name),
    },
    campaigns: t.campaigns.map((c) => ({
      name: c.name,
      parameters: c.parameters,
      attack_events: t.events.filter((e) => e.campaign === c.name).length,
      victims: c.victims.map(victimJson),
    })),
    compromised,
    attack_events: t.events.length,
  };
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
}
