import type { TimedLine } from './flow-day.js';
import type { Host, HostRole, Population, ReservedHosts } from './population.js';
import type { Rng } from './rng.js';

/** The campaigns `generate` can plant, in the order they are planned and written. */
export const CAMPAIGN_NAMES = [
  'replay',
  'synthetic',
  'lateral-only',
  'exfil',
  'staging',
  'beacon',
  'low-and-slow',
] as const;

/** One kind of planted red-team campaign. */
export type CampaignName = (typeof CAMPAIGN_NAMES)[number];

/** How the former `redteam` option named a campaign (deprecated alias of `campaigns`). */
export type RedteamMode = 'replay' | 'synthetic' | 'none';

/** One red-team authentication: a line of redteam.txt and of auth.txt. */
export interface AttackEvent {
  time: number;
  user: string;
  src: string;
  dst: string;
  /** Authentication package written to auth.txt (redteam.txt does not record it). */
  authType: 'NTLM' | 'Kerberos';
  campaign: CampaignName;
}

/** A compromised host of one campaign, its first red-team time and its own planted parameters. */
export interface CampaignVictim {
  host: Host;
  firstTime: number;
  parameters: Record<string, number>;
}

/** A campaign placed in the network: its truth and what it changes in the logs. */
export interface PlantedCampaign {
  name: CampaignName;
  /** What the campaign did, for truth.json (attacker hosts, ranges the victims' parameters come from). */
  parameters: Record<string, unknown>;
  victims: CampaignVictim[];
  /** Red-team logons, sorted by time. */
  events: AttackEvent[];
  /** Victim → ln multiplier on its own uploads' bytes at a time. */
  uploadShift: Map<Host, (time: number) => number>;
  /** The campaign's own flows of [dayStart, dayEnd), sorted by time; called once per day, in order. */
  flows: ((dayStart: number, dayEnd: number) => TimedLine[]) | null;
}

/** What a campaign gets to plant itself. */
export interface PlantContext {
  population: Population;
  /** Workstations drawn for this campaign, disjoint from every other campaign's. */
  victims: Host[];
  days: number;
  /** A new host outside the background (see addOutsideHost), with a name no other host has. */
  outsideHost(role: HostRole): Host;
}

/**
 * A campaign before the network exists: the hosts and accounts it needs reserved by name, how many
 * workstations to draw for it, and how it plants itself once they are drawn. Its randomness comes
 * from its own stream, so campaigns do not disturb one another or the background.
 */
export interface CampaignDesign {
  name: CampaignName;
  reserved: ReservedHosts;
  victimCount(population: Population): number;
  plant(context: PlantContext): PlantedCampaign;
}

/** Makes the design of one campaign for a span of `days` days from its own random stream. */
export type CampaignFactory = (rng: Rng, days: number) => CampaignDesign;
