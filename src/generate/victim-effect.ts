import type { CampaignVictim, PlantedCampaign } from './campaign.js';
import type { TimedLine } from './flow-day.js';
import type { Host } from './population.js';
import type { Rng } from './rng.js';

/**
 * How a compromised workstation of the `replay` and `synthetic` campaigns changes: its uploads
 * grow and it sends bulk data to the attackers.
 */
export const VICTIM_EFFECT = {
  /** Multiplier on the bytes of the victim's own uploads after compromise. */
  uploadFactor: 6,
  /** Exfiltration flows to an attacker host per day after compromise: 3–7. */
  exfilPerDay: [3, 7] as const,
  /** Median bytes of one exfiltration flow. */
  exfilMedianBytes: 30_000_000,
};

/** {@link VICTIM_EFFECT} as truth.json writes it. */
export function victimEffectParameters(): Record<string, unknown> {
  return {
    upload_factor: VICTIM_EFFECT.uploadFactor,
    exfil_per_day: VICTIM_EFFECT.exfilPerDay,
    exfil_median_bytes: VICTIM_EFFECT.exfilMedianBytes,
  };
}

/** The {@link VICTIM_EFFECT} on the workstation victims, with exfiltration to `attackers`. */
export function victimEffect(
  rng: Rng,
  victims: readonly CampaignVictim[],
  attackers: readonly Host[],
): Pick<PlantedCampaign, 'uploadShift' | 'flows'> {
  const humans = victims.filter((v) => v.host.role === 'human');
  const uploadShift = new Map<Host, (time: number) => number>();
  const shift = Math.log(VICTIM_EFFECT.uploadFactor);
  for (const { host, firstTime } of humans) uploadShift.set(host, (t) => (t >= firstTime ? shift : 0));
  const flows = (dayStart: number, dayEnd: number): TimedLine[] => {
    const out: TimedLine[] = [];
    if (attackers.length === 0) return out;
    for (const { host, firstTime } of humans) {
      if (firstTime >= dayEnd) continue;
      const from = Math.max(firstTime, dayStart);
      const [lo, hi] = VICTIM_EFFECT.exfilPerDay;
      for (let k = lo + rng.int(hi - lo + 1); k > 0; k--) {
        const time = from + rng.int(dayEnd - from);
        const bytes = Math.round(rng.logNormal(Math.log(VICTIM_EFFECT.exfilMedianBytes), 0.8));
        const line = `${time},${20 + rng.int(54)},${host.name},N${1 + rng.int(65000)},${rng.pick(attackers).name},443,6,${Math.ceil(bytes / 1400)},${bytes}`;
        out.push({ time, line });
      }
    }
    return out.sort((a, b) => a.time - b.time);
  };
  return { uploadShift, flows };
}
