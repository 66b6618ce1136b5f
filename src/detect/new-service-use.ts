/**
 * New-service view: what a host sends in an interval to services (remote host:port) that no other
 * member of its peer group ever used, e.g. staging data to a drop server. The group, not the
 * population, is the reference: a desk's first flows to the backup server are routine if its peers
 * use it, and the same flows to a server none of them know are not. "Ever" is the whole span
 * (this is an offline analysis; a peer's use a week later still makes the service known to the
 * group). `maxOtherUsers` relaxes "no other member" to "at most that many", for campaigns that
 * compromise several members of one group and use the same server from each.
 *
 * The statistic is log2(1 + bytes to such services) per host-interval, calibrated against all
 * host-intervals (most are 0: a point mass at p = 1, no evidence); flows, the number of such
 * services, and how many of them the host used for the first time in that interval are kept for the
 * alert's reason.
 */
import { UsageError } from '../errors.js';
import { groupRows } from './group-rows.js';

/** Rows (interval, host, service) with the flows and bytes the host sent, aligned by index. */
export interface ServiceUseRows {
  interval: ArrayLike<number>;
  host: ArrayLike<number>;
  /** Service id (integer) of remote host:port. */
  service: ArrayLike<number>;
  flows: ArrayLike<number>;
  bytes: ArrayLike<number>;
}

/** Options of {@link newServiceUse}. */
export interface NewServiceOptions {
  /** A service counts as new to the group if at most this many OTHER members used it. Default 0. */
  maxOtherUsers?: number;
  /** Host-intervals to align the statistic to (zeros where nothing new was used). */
  points?: { host: ArrayLike<number>; interval: ArrayLike<number> };
}

export const NEW_SERVICE_DEFAULTS = { maxOtherUsers: 0 };

/** Per host-interval with new-service use (in order of first row), and per point if asked. */
export interface NewServiceResult {
  host: Float64Array;
  interval: Float64Array;
  bytes: Float64Array;
  flows: Float64Array;
  /** Distinct new-to-the-group services used in the interval. */
  services: Int32Array;
  /** Of those, the ones the host used for the first time in this interval. */
  firstUses: Int32Array;
  /** The input row with the most bytes among the host-interval's new-service rows (the one a reason names). */
  topRow: Int32Array;
  /** log2(1 + bytes), the statistic. */
  statistic: Float64Array;
  /** With points: the statistic at each point (0 where none) and the result row (−1 where none). */
  aligned: Float64Array | null;
  alignedRow: Int32Array | null;
  diagnostics: {
    rows: number;
    /** Rows whose host has no group (groupOf < 0 or missing). */
    ungrouped: number;
    /** Distinct (host, service) pairs new to the host's group. */
    newPairs: number;
    hostIntervals: number;
    maxOtherUsers: number;
  };
}

/** `groupOf[host]` is the host's peer group (< 0 or missing: not grouped, its rows are skipped). */
export function newServiceUse(
  rows: ServiceUseRows,
  groupOf: ArrayLike<number>,
  options: NewServiceOptions = {},
): NewServiceResult {
  const maxOtherUsers = options.maxOtherUsers ?? NEW_SERVICE_DEFAULTS.maxOtherUsers;
  if (!(maxOtherUsers >= 0)) throw new UsageError(`option maxOtherUsers must be ≥ 0, got ${maxOtherUsers}`);
  const n = rows.host.length;
  for (const c of [rows.interval, rows.service, rows.flows, rows.bytes])
    if (c.length !== n) throw new RangeError('interval, host, service, flows and bytes must have one entry per row');
  const groupOfRow = (i: number): number => {
    const g = groupOf[rows.host[i]!];
    return g === undefined || !(g >= 0) ? -1 : g;
  };

  // Distinct (host, service) pairs with their first interval, then users per (group, service).
  const pairs = groupRows(rows.host, rows.service);
  const pairFirst = new Float64Array(pairs.groups).fill(Infinity);
  for (let i = 0; i < n; i++) {
    const pg = pairs.groupOf[i]!;
    if (rows.interval[i]! < pairFirst[pg]!) pairFirst[pg] = rows.interval[i]!;
  }
  const pairGroup = new Float64Array(pairs.groups);
  const pairService = new Float64Array(pairs.groups);
  for (let pg = 0; pg < pairs.groups; pg++) {
    pairGroup[pg] = groupOfRow(pairs.first[pg]!);
    pairService[pg] = rows.service[pairs.first[pg]!]!;
  }
  const cells = groupRows(pairGroup, pairService);
  const users = new Int32Array(cells.groups);
  for (let pg = 0; pg < pairs.groups; pg++) users[cells.groupOf[pg]!]!++;
  const isNew = new Uint8Array(pairs.groups);
  let newPairs = 0;
  for (let pg = 0; pg < pairs.groups; pg++) {
    if (pairGroup[pg]! < 0) continue;
    if (users[cells.groupOf[pg]!]! - 1 <= maxOtherUsers) {
      isNew[pg] = 1;
      newPairs++;
    }
  }

  // Host-intervals of new-service rows, points first so that one grouping aligns them.
  const points = options.points;
  const m = points ? points.host.length : 0;
  let kept = 0;
  let ungrouped = 0;
  for (let i = 0; i < n; i++) {
    if (groupOfRow(i) < 0) ungrouped++;
    else if (isNew[pairs.groupOf[i]!]) kept++;
  }
  const keyHost = new Float64Array(m + kept);
  const keyInterval = new Float64Array(m + kept);
  const rowOf = new Int32Array(kept);
  for (let j = 0; j < m; j++) {
    keyHost[j] = points!.host[j]!;
    keyInterval[j] = points!.interval[j]!;
  }
  for (let i = 0, k = 0; i < n; i++) {
    if (groupOfRow(i) < 0 || !isNew[pairs.groupOf[i]!]) continue;
    keyHost[m + k] = rows.host[i]!;
    keyInterval[m + k] = rows.interval[i]!;
    rowOf[k++] = i;
  }
  const hi = groupRows(keyHost, keyInterval);
  const resultRow = new Int32Array(hi.groups).fill(-1);
  let H = 0;
  for (let k = 0; k < kept; k++) {
    const grp = hi.groupOf[m + k]!;
    if (resultRow[grp] === -1) resultRow[grp] = H++;
  }
  const out = {
    host: new Float64Array(H),
    interval: new Float64Array(H),
    bytes: new Float64Array(H),
    flows: new Float64Array(H),
    services: new Int32Array(H),
    firstUses: new Int32Array(H),
    topRow: new Int32Array(H).fill(-1),
    statistic: new Float64Array(H),
  };
  // Group by group so that a service repeated within one host-interval is counted once.
  const countedIn = new Int32Array(pairs.groups).fill(-1);
  for (let grp = 0; grp < hi.groups; grp++) {
    const r = resultRow[grp]!;
    if (r < 0) continue;
    for (let j = hi.start[grp]!; j < hi.start[grp + 1]!; j++) {
      const key = hi.order[j]!;
      if (key < m) continue;
      const i = rowOf[key - m]!;
      out.host[r] = rows.host[i]!;
      out.interval[r] = rows.interval[i]!;
      out.bytes[r]! += Math.max(0, rows.bytes[i]!);
      const top = out.topRow[r]!;
      if (top < 0 || rows.bytes[i]! > rows.bytes[top]!) out.topRow[r] = i;
      out.flows[r]! += Math.max(0, rows.flows[i]!);
      const pg = pairs.groupOf[i]!;
      if (countedIn[pg] !== r) {
        countedIn[pg] = r;
        out.services[r]!++;
        if (pairFirst[pg] === rows.interval[i]) out.firstUses[r]!++;
      }
    }
  }
  for (let r = 0; r < H; r++) out.statistic[r] = Math.log2(1 + out.bytes[r]!);
  let aligned: Float64Array | null = null;
  let alignedRow: Int32Array | null = null;
  if (points) {
    aligned = new Float64Array(m);
    alignedRow = new Int32Array(m);
    for (let j = 0; j < m; j++) {
      const r = resultRow[hi.groupOf[j]!]!;
      aligned[j] = r >= 0 ? out.statistic[r]! : 0;
      alignedRow[j] = r;
    }
  }
  return {
    ...out,
    aligned,
    alignedRow,
    diagnostics: { rows: n, ungrouped, newPairs, hostIntervals: H, maxOtherUsers },
  };
}
