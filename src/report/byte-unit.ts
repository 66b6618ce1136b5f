const UNITS = [
  ['TB', 2 ** 40],
  ['GB', 2 ** 30],
  ['MB', 2 ** 20],
  ['KB', 2 ** 10],
] as const;

/** The largest binary unit that keeps `max` at or above 1, for a chart's byte axis. */
export function byteUnit(max: number): { unit: string; divisor: number } {
  for (const [unit, divisor] of UNITS) if (max >= divisor) return { unit, divisor };
  return { unit: 'B', divisor: 1 };
}
