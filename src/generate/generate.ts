import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import { buildOutputDir } from '../output-dir.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';
import { writeAuthDay } from './auth-day.js';
import { LANL_DAY1 } from './calibration.js';
import { campaignPlan, type AttackEvent, type RedteamMode } from './campaign.js';
import { VICTIM_EFFECT, writeFlowDay, type Victims } from './flow-day.js';
import { LineSink } from './line-sink.js';
import { buildPopulation, type Host } from './population.js';
import { Rng } from './rng.js';

/** Defaults of {@link generate}. */
export const GENERATE_DEFAULTS = { seed: 1, scale: 0.01, days: 14, gz: false, redteam: 'replay' as RedteamMode };

/** Options for {@link generate}. */
export interface GenerateOptions {
  /** Output folder; written in a temporary sibling and renamed into place. */
  out: string;
  /** Random seed; the same seed, scale and days give byte-identical files. Default 1. */
  seed?: number;
  /** Daily volume relative to the real set (1 = 15.7 M auth and 8.4 M flow rows a day). Default 0.01. */
  scale?: number;
  /** Number of days, from time 1. Default 14. */
  days?: number;
  /** Write `.txt.gz` (one gzip stream per file, like the real set) instead of `.txt`. Default false. */
  gz?: boolean;
  /** `replay` the real red-team timeline, make a `synthetic` one, or plant `none`. Default replay. */
  redteam?: RedteamMode;
}

/** What {@link generate} wrote. */
export interface GenerateResult {
  out: string;
  files: { kind: string; path: string; rows: number; bytes: number }[];
  hosts: number;
  humans: number;
  departments: number;
  attackEvents: number;
  compromisedHosts: number;
  compromisedHumans: number;
  seconds: number;
}

/**
 * A synthetic data set in the exact LANL cyber1 format (auth, flows, redteam), calibrated on the
 * real day-1 statistics, with departments of workstations as latent peer groups and a planted
 * red-team campaign; the ground truth goes to `truth.json` and `truth/`. proc and dns are not
 * generated: no analysis reads them yet.
 */
export async function generate(options: GenerateOptions): Promise<GenerateResult> {
  const seed = options.seed ?? GENERATE_DEFAULTS.seed;
  const scale = options.scale ?? GENERATE_DEFAULTS.scale;
  const days = options.days ?? GENERATE_DEFAULTS.days;
  const gz = options.gz ?? GENERATE_DEFAULTS.gz;
  const mode = options.redteam ?? GENERATE_DEFAULTS.redteam;
  if (!Number.isSafeInteger(seed) || seed < 0)
    throw new UsageError(`--seed must be a non-negative integer, got ${seed}`);
  if (!(scale > 0 && scale <= 10)) throw new UsageError(`--scale must be in (0, 10], got ${scale}`);
  if (!Number.isSafeInteger(days) || days < 1 || days > 366)
    throw new UsageError(`--days must be an integer from 1 to 366, got ${days}`);
  if (!['replay', 'synthetic', 'none'].includes(mode))
    throw new UsageError(`--redteam must be replay, synthetic or none, got "${mode}"`);
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
      const plan = campaignPlan(mode, new Rng(seed, 2), days);
      const population = buildPopulation(new Rng(seed, 1), scale, plan.reserved);
      const events = plan.events(population);
      const firstTime = new Map<string, number>();
      for (const e of events) if (!firstTime.has(e.dst) || e.time < firstTime.get(e.dst)!) firstTime.set(e.dst, e.time);
      const victims: Victims = {
        firstTime: new Map(),
        attackers: plan.reserved.attackers.map((n) => population.byName.get(n)!),
      };
      for (const [name, time] of firstTime) {
        const host = population.byName.get(name)!;
        if (host.role === 'human') victims.firstTime.set(host, time);
      }

      const ext = gz ? '.txt.gz' : '.txt';
      const auth = new LineSink(join(tmp, `auth${ext}`), gz);
      const flows = new LineSink(join(tmp, `flows${ext}`), gz);
      const dayRng = { auth: new Rng(seed, 3), flows: new Rng(seed, 4), volume: new Rng(seed, 5) };
      const volumes = Array.from({ length: days }, () => 0.9 + 0.2 * dayRng.volume.next());
      const attacksOn = (d: number): AttackEvent[] =>
        events.filter((e) => e.time >= d * SECONDS_PER_DAY && e.time < (d + 1) * SECONDS_PER_DAY);
      const dayStart = (d: number): number => (d === 0 ? 1 : d * SECONDS_PER_DAY);
      await Promise.all([
        (async () => {
          for (let d = 0; d < days; d++)
            await writeAuthDay(
              dayRng.auth,
              population,
              auth,
              dayStart(d),
              Math.round(LANL_DAY1.authRows * scale * volumes[d]!),
              attacksOn(d),
            );
          await auth.close();
        })(),
        (async () => {
          for (let d = 0; d < days; d++)
            await writeFlowDay(
              dayRng.flows,
              population,
              flows,
              dayStart(d),
              Math.round(LANL_DAY1.flowRows * scale * volumes[d]!),
              victims,
            );
          await flows.close();
        })(),
      ]);
      const files = [
        { kind: 'auth', sink: auth },
        { kind: 'flows', sink: flows },
      ];
      if (mode !== 'none') {
        const redteam = new LineSink(join(tmp, `redteam${ext}`), gz);
        for (const e of events) redteam.push(`${e.time},${e.user},${e.src},${e.dst}`);
        await redteam.close();
        files.push({ kind: 'redteam', sink: redteam });
      }
      writeTruth(tmp, {
        seed,
        scale,
        days,
        mode,
        population: population.hosts,
        departments: population.departments.length,
        events,
        firstTime,
      });

      const compromised = [...firstTime.keys()].map((n) => population.byName.get(n)!);
      return {
        out,
        files: files.map(({ kind, sink }) => {
          return { kind, path: join(out, basename(sink.path)), rows: sink.lines, bytes: statSync(sink.path).size };
        }),
        hosts: population.hosts.length,
        humans: population.humans.length,
        departments: population.departments.length,
        attackEvents: events.length,
        compromisedHosts: compromised.length,
        compromisedHumans: compromised.filter((h) => h.role === 'human').length,
        seconds: Math.round(performance.now() - started) / 1000,
      };
    },
    replaceable,
  );
}

function writeTruth(
  dir: string,
  t: {
    seed: number;
    scale: number;
    days: number;
    mode: RedteamMode;
    population: Host[];
    departments: number;
    events: AttackEvent[];
    firstTime: Map<string, number>;
  },
): void {
  const hosts = [...t.population].sort((a, b) => (a.name < b.name ? -1 : 1));
  const lines = ['host,role,department,users,compromised,first_time'];
  for (const h of hosts) {
    const first = t.firstTime.get(h.name);
    lines.push(
      `${h.name},${h.role},${h.department >= 0 ? h.department : ''},${h.users.length},${first === undefined ? 0 : 1},${first ?? ''}`,
    );
  }
  writeFileSync(join(dir, 'truth', 'hosts.csv'), lines.join('\n') + '\n');
  writeFileSync(
    join(dir, 'truth', 'redteam_edges.csv'),
    ['time,user,src_host,dst_host', ...t.events.map((e) => `${e.time},${e.user},${e.src},${e.dst}`)].join('\n') + '\n',
  );
  const victims = [...t.firstTime].sort((a, b) => a[1] - b[1] || (a[0] < b[0] ? -1 : 1));
  const truth = {
    generator: 'peerscope generate',
    seed: t.seed,
    scale: t.scale,
    days: t.days,
    redteam: t.mode,
    departments: t.departments,
    hosts: {
      total: hosts.length,
      humans: hosts.filter((h) => h.role === 'human').length,
      attackers: hosts.filter((h) => h.role === 'attacker').map((h) => h.name),
    },
    victim_effect: VICTIM_EFFECT,
    compromised: victims.map(([name, first]) => {
      const h = t.population.find((x) => x.name === name)!;
      return { host: name, role: h.role, department: h.department >= 0 ? h.department : null, first_time: first };
    }),
    attack_events: t.events.length,
  };
  writeFileSync(join(dir, 'truth.json'), JSON.stringify(truth, null, 2) + '\n');
}
