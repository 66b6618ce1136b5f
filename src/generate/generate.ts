import { mkdirSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { buildOutputDir } from '../output-dir.js';
import { writeAuthDay } from './auth-day.js';
import { LANL_DAY1 } from './calibration.js';
import type { AttackEvent, CampaignName, RedteamMode } from './campaign.js';
import { writeFlowDay, type TimedLine } from './flow-day.js';
import { LineSink } from './line-sink.js';
import { planCampaigns } from './plan-campaigns.js';
import { buildPopulation, type Host } from './population.js';
import { resolveCampaigns } from './resolve-campaigns.js';
import { Rng } from './rng.js';
import { writeTruth } from './write-truth.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Defaults of {@link generate}. */
export const GENERATE_DEFAULTS = {
  seed: 1,
  scale: 0.01,
  days: 14,
  gz: false,
  campaigns: ['replay'] as readonly string[],
};

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** Output folder; written in a temporary sibling and renamed into place. */
  out: string;
  /** Random seed; the same seed, scale, days and campaigns give byte-identical files. Default 1. */
  seed?: number;
  /** Daily volume relative to the real set (1 = 15.7 M auth and 8.4 M flow rows a day). Default 0.01. */
  scale?: number;
  /** Number of days, from time 1. Default 14. */
  days?: number;
  /** Write `.txt.gz` (one gzip stream per file, like the real set) instead of `.txt`. Default false. */
  gz?: boolean;
  /**
   * Campaigns to plant, each on its own victims: names of CAMPAIGN_NAMES, `all`, or `none` (no
   * campaign and no redteam file). The order does not matter. Default `['replay']`.
   */
  campaigns?: readonly string[];
  /** Deprecated alias of `campaigns` with one name: `replay`, `synthetic` or `none`. */
  redteam?: RedteamMode;
}

/** What {@link generate} wrote. */
export interface GenerateResult {
  out: string;
  files: { kind: string; path: string; rows: number; bytes: number }[];
  hosts: number;
  humans: number;
  departments: number;
  campaigns: { name: CampaignName; victims: number; events: number }[];
  attackEvents: number;
  compromisedHosts: number;
  compromisedHumans: number;
  seconds: number;
}

/**
 * A synthetic data set in the exact LANL cyber1 format (auth, flows, redteam), calibrated on the
 * real day-1 statistics, with departments of workstations as latent peer groups and a family of
 * planted red-team campaigns on disjoint victims; the ground truth goes to `truth.json` and
 * `truth/`. proc and dns are not generated: no analysis reads them yet.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? GENERATE_DEFAULTS.seed;
  const scale = options.scale ?? GENERATE_DEFAULTS.scale;
  const days = options.days ?? GENERATE_DEFAULTS.days;
  const gz = options.gz ?? GENERATE_DEFAULTS.gz;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got ${seed}`);
  if (!(scale > 0 && scale <= 10)) throw new UsageError(`--scale must be in (0, 10], got ${scale}`);
  if (!Number.isSafeInteger(days) || days < 1 || days > 366)
    throw new UsageError(`--days must be an integer from 1 to 366, got ${days}`);
  if (options.redteam !== undefined && options.campaigns !== undefined)
    throw new UsageError('give campaigns or the deprecated redteam, not both');
  if (options.redteam !== undefined && !['replay', 'synthetic', 'none'].includes(options.redteam)) {
    throw new UsageError(`--redteam must be replay, synthetic or none, got "${options.redteam}"`);
  }
  const names = resolveCampaigns(
    options.campaigns ?? (options.redteam !== undefined ? [options.redteam] : GENERATE_DEFAULTS.campaigns),
  );
  const started = performance.now();
  const out = resolve(options.out);
  const replaceable = {
    marker: 'truth.json',
    notOurs: `${out} exists and is not a peerscope data set; choose an empty or new folder`,
    notAFolder: `${out} exists and is not a folder`,
  };
  return buildOutputDir(
    out,
    async (tmp) => {
      mkdirSync(join(tmp, 'truth'), { recursive: true });
      const plan = planCampaigns(names, seed, days);
      const population = buildPopulation(new Rng(seed, 1), scale, plan.reserved);
      const campaigns = plan.plant(population);
      // Stable: at equal times, campaigns in their order, each in its own order.
      const events = campaigns.flatMap((c) => c.events).sort((a, b) => a.time - b.time);
      const eventsByDay: AttackEvent[][] = Array.from({ length: days }, () => []);
      for (const e of events) eventsByDay[Math.min(days - 1, Math.floor(e.time / SECONDS_PER_DAY))]?.push(e);
      const uploadShift = new Map<Host, (time: number) => number>();
      for (const c of campaigns) for (const [host, shift] of c.uploadShift) uploadShift.set(host, shift);
      const plantedFlows = (dayStart: number, dayEnd: number): TimedLine[] => {
        const lines: TimedLine[] = [];
        for (const c of campaigns) if (c.flows !== null) for (const line of c.flows(dayStart, dayEnd)) lines.push(line);
        return lines.sort((a, b) => a.time - b.time);
      };

      const ext = gz ? '.txt.gz' : '.txt';
      const auth = new LineSink(join(tmp, `auth${ext}`), gz);
      const flows = new LineSink(join(tmp, `flows${ext}`), gz);
      const dayRng = { auth: new Rng(seed, 3), flows: new Rng(seed, 4), volume: new Rng(seed, 5) };
      const volumes = Array.from({ length: days }, () => 0.9 + 0.2 * dayRng.volume.next());
      const dayStart = (d: number): number => (d === 0 ? 1 : d * SECONDS_PER_DAY);
      await Promise.all([
        (async () => {
          for (let d = 0; d < days; d++) {
            await writeAuthDay(
              dayRng.auth,
              population,
              auth,
              dayStart(d),
              Math.round(LANL_DAY1.authRows * scale * (volumes[d] ?? 1)),
              eventsByDay[d] ?? [],
            );
          }
          await auth.close();
        })(),
        (async () => {
          for (let d = 0; d < days; d++) {
            const effects = { uploadShift, planted: plantedFlows(dayStart(d), (d + 1) * SECONDS_PER_DAY) };
            await writeFlowDay(
              dayRng.flows,
              population,
              flows,
              dayStart(d),
              Math.round(LANL_DAY1.flowRows * scale * (volumes[d] ?? 1)),
              effects,
            );
          }
          await flows.close();
        })(),
      ]);
      const files = [
        { kind: 'auth', sink: auth },
        { kind: 'flows', sink: flows },
      ];
      if (campaigns.length > 0) {
        const redteam = new LineSink(join(tmp, `redteam${ext}`), gz);
        for (const e of events) redteam.push(`${e.time},${e.user},${e.src},${e.dst}`);
        await redteam.close();
        files.push({ kind: 'redteam', sink: redteam });
      }
      writeTruth(tmp, { seed, scale, days, population, campaigns, events });

      const victims = campaigns.flatMap((c) => c.victims);
      return {
        out,
        files: files.map(({ kind, sink }) => {
          return { kind, path: join(out, basename(sink.path)), rows: sink.lines, bytes: statSync(sink.path).size };
        }),
        hosts: population.hosts.length,
        humans: population.humans.length,
        departments: population.departments.length,
        campaigns: campaigns.map((c) => ({ name: c.name, victims: c.victims.length, events: c.events.length })),
        attackEvents: events.length,
        compromisedHosts: victims.length,
        compromisedHumans: victims.filter((v) => v.host.role === 'human').length,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    },
    replaceable,
  );
}
