/**
 * The peer reference of a host-interval: robust location and scale (median and 1.4826·MAD,
 * F. R. Hampel 1974) of log2(1 + bytes) over the members of its peer group active in the same
 * interval, the same reference peer-deviation.ts scores against, here on typed arrays so the
 * self-baseline view can fall back to it while a host has too little history of its own.
 */
import { quantileSorted } from '../stats/quantile-sorted.js';
import { robustScale } from '../stats/robust-scale.js';
import { groupRows } from './group-rows.js';

/** Points aligned by index: the host's peer group, the interval and the bytes. */
export interface PeerReferenceInput {
  group: ArrayLike<number>;
  interval: ArrayLike<number>;
  bytes: ArrayLike<number>;
}

/** Options of {@link peerReference}. */
export interface PeerReferenceOptions {
  /** Smallest scale, in log2 units, so a group of identical hosts does not give infinite z. Default 0.5. */
  madFloor?: number;
  /** Cells (group, interval) with fewer active members get no reference (NaN). Default 3. */
  minPeers?: number;
}

export const PEER_REFERENCE_DEFAULTS = { madFloor: 0.5, minPeers: 3 };

/** Per point: its cell's reference. */
export interface PeerReferenceResult {
  /** Median log2(1 + bytes) of the cell; NaN when the cell has fewer than minPeers points. */
  location: Float64Array;
  /** max(madFloor, robustScale) of the cell (1.4826·MAD, or 1.2533·mean deviation where the MAD is 0), log2 units; NaN likewise. */
  scale: Float64Array;
  /** Points in the cell, the point itself included. */
  peers: Int32Array;
  diagnostics: {
    cells: number;
    referencedCells: number;
    unreferencedPoints: number;
    madFloor: number;
    minPeers: number;
  };
}

/** The (group, interval) reference of every point. */
export function peerReference(input: PeerReferenceInput, options: PeerReferenceOptions = {}): PeerReferenceResult {
  const madFloor = options.madFloor ?? PEER_REFERENCE_DEFAULTS.madFloor;
  const minPeers = options.minPeers ?? PEER_REFERENCE_DEFAULTS.minPeers;
  const n = input.bytes.length;
  if (input.group.length !== n || input.interval.length !== n)
    throw new RangeError(
      `group, interval and bytes differ in length (${input.group.length}, ${input.interval.length}, ${n})`,
    );
  const cells = groupRows(input.group, input.interval);
  const location = new Float64Array(n).fill(NaN);
  const scale = new Float64Array(n).fill(NaN);
  const peers = new Int32Array(n);
  const values = new Float64Array(n);
  const deviations = new Float64Array(n);
  let referencedCells = 0;
  let unreferencedPoints = 0;
  for (let c = 0; c < cells.groups; c++) {
    const from = cells.start[c]!;
    const to = cells.start[c + 1]!;
    const size = to - from;
    for (let j = from; j < to; j++) peers[cells.order[j]!] = size;
    if (size < minPeers) {
      unreferencedPoints += size;
      continue;
    }
    referencedCells++;
    const v = values.subarray(from, to);
    for (let j = from; j < to; j++) v[j - from] = Math.log2(1 + Math.max(0, input.bytes[cells.order[j]!]!));
    v.sort();
    const med = quantileSorted(v, 0.5);
    const d = deviations.subarray(from, to);
    for (let j = 0; j < size; j++) d[j] = Math.abs(v[j]! - med);
    d.sort();
    const s = Math.max(madFloor, robustScale(d));
    for (let j = from; j < to; j++) {
      location[cells.order[j]!] = med;
      scale[cells.order[j]!] = s;
    }
  }
  return {
    location,
    scale,
    peers,
    diagnostics: { cells: cells.groups, referencedCells, unreferencedPoints, madFloor, minPeers },
  };
}
