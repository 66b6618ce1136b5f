/** How many workstations each campaign compromises: ~3 % of them, at least 3. */
export const VICTIM_COUNT_DEFAULTS = { share: 0.03, min: 3 };

/** The number of workstation victims of one campaign among `humans` workstations. */
export function victimCount(humans: number): number {
  return Math.max(VICTIM_COUNT_DEFAULTS.min, Math.round(humans * VICTIM_COUNT_DEFAULTS.share));
}
