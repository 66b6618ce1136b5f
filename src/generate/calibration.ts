/**
 * What the generator is calibrated on: day-1 facts of the real LANL set
 * (../shared/data/README.md and lanl-day1/*.csv). Per-day volumes are multiplied by `--scale`.
 */
export const LANL_DAY1 = {
  authRows: 15_740_768,
  flowRows: 8_366_186,
  /** Auth rows per logon type on day 1. */
  logonTypes: [
    ['Network', 12_833_548],
    ['?', 2_489_344],
    ['Service', 228_900],
    ['Unlock', 78_075],
    ['Interactive', 57_106],
    ['Batch', 30_926],
    ['NetworkCleartext', 7_678],
    ['NewCredentials', 7_453],
    ['CachedInteractive', 4_522],
    ['RemoteInteractive', 3_216],
  ] as const,
  /** Human-operated computers on day 1, and how many distinct interactive users each had. */
  humanHosts: 1_773,
  usersPerHumanHost: [
    [1, 1657],
    [2, 87],
    [3, 22],
    [4, 4],
    [5, 1],
    [7, 1],
    [18, 1],
  ] as const,
  hosts: 17_684,
  users: 12_425,
  /** Flow column moments on day 1: mean and standard deviation. */
  flow: {
    duration: { mean: 8.759, sd: 17.92, max: 73 },
    packets: { mean: 213.4, sd: 4704 },
    bytes: { mean: 163_120, sd: 5_801_824, min: 46 },
  },
  /** Share of flow rows that repeat an earlier row exactly. */
  duplicateFlowShare: 0.17,
} as const;

/**
 * Log-normal parameters matching the day-1 flow means and standard deviations:
 * for X = exp(N(mu, s)), sd²/mean² = exp(s²) − 1 and mean = exp(mu + s²/2).
 */
export function logNormalFor(mean: number, sd: number): { mu: number; sigma: number } {
  const s2 = Math.log(1 + (sd / mean) ** 2);
  return { mu: Math.log(mean) - s2 / 2, sigma: Math.sqrt(s2) };
}

/** Red-team targets that were human-operated computers on day 1 (active_comps_df ∩ redteam). */
export const KNOWN_HUMAN_TARGETS: readonly string[] = [
  'C1125',
  'C1183',
  'C1484',
  'C15',
  'C1632',
  'C1710',
  'C1964',
  'C2816',
  'C294',
  'C3037',
  'C4106',
  'C4773',
  'C5439',
  'C5693',
  'C798',
  'C8751',
  'C977',
];

/** Well-known server ports, with how often a service uses each. */
export const SERVICE_PORTS: readonly (readonly [string, number])[] = [
  ['445', 30],
  ['80', 18],
  ['443', 14],
  ['53', 10],
  ['88', 8],
  ['389', 6],
  ['139', 5],
  ['135', 4],
  ['22', 2],
  ['3389', 1],
  ['25', 1],
  ['123', 1],
];

/** Host names of the busiest real servers, used for the shared infrastructure. */
export const CORE_SERVERS = [
  'C586',
  'C625',
  'C528',
  'C1065',
  'C529',
  'C612',
  'C457',
  'C467',
  'C553',
  'C754',
  'C2106',
  'C1085',
];
