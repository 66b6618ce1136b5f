/**
 * In-sample p-values of a statistic where each point's null is its peer group's sample when the
 * group has enough finite values, else the whole population's: the peer group knows best what is
 * normal for its members (a file server's busy day is not a desk's), but a small group cannot
 * estimate a tail (nor can a group whose values are nearly all one point mass). Each null is a
 * {@link calibrateTail} model; every point is scored as a member of the sample it belongs to.
 */
import { calibrateTail, type TailCalibrationOptions, type TailDiagnostics } from './calibrate-tail.js';

/** Options of {@link calibrateByGroup}. */
export interface GroupCalibrationOptions extends TailCalibrationOptions {
  /** Finite values a group needs to be its members' null; smaller groups use the population. Default 500. */
  minGroupSample?: number;
  /**
   * Values above the group's minimum it needs as well: for a statistic that is mostly a point mass
   * (no new edge, no new service) only those inform the tail, and a dozen of them cannot fit one.
   * Default 100.
   */
  minGroupTail?: number;
}

export const GROUP_CALIBRATION_DEFAULTS = { minGroupSample: 500, minGroupTail: 100 };

/** p of every point and which null gave it. */
export interface GroupCalibrationResult {
  /** In-sample P(S ≥ x) of each value; NaN where the value is NaN. */
  p: Float64Array;
  /** 1 where the point's own group was its null, 0 where the population was. */
  ownGroup: Uint8Array;
  /** The population's model (fitted on every finite value). */
  population: TailDiagnostics;
  /** Per group, ascending by id: its finite values and its own model, or null when it used the population (too few values, or too few above its minimum). */
  groups: { group: number; n: number; diagnostics: TailDiagnostics | null }[];
}

/**
 * `values[i]` is the statistic of point i and `groups[i]` its peer group (any integer id); without
 * `groups` every point is scored against the population.
 */
export function calibrateByGroup(
  values: ArrayLike<number>,
  groups?: ArrayLike<number>,
  options: GroupCalibrationOptions = {},
): GroupCalibrationResult {
  const minGroupSample = options.minGroupSample ?? GROUP_CALIBRATION_DEFAULTS.minGroupSample;
  const minGroupTail = options.minGroupTail ?? GROUP_CALIBRATION_DEFAULTS.minGroupTail;
  const n = values.length;
  if (groups && groups.length !== n) throw new RangeError(`groups has ${groups.length} entries for ${n} values`);
  const population = calibrateTail(values, options);
  const p = population.pValues(values, true);
  const ownGroup = new Uint8Array(n);
  const out: GroupCalibrationResult['groups'] = [];
  if (groups) {
    // Counting sort of the points by group: O(n), one pass to count and one to place.
    const slotOf = new Map<number, number>();
    const counts: number[] = [];
    const finite: number[] = [];
    for (let i = 0; i < n; i++) {
      const g = groups[i]!;
      let s = slotOf.get(g);
      if (s === undefined) {
        s = counts.length;
        slotOf.set(g, s);
        counts.push(0);
        finite.push(0);
      }
      counts[s]!++;
      if (Number.isFinite(values[i]!)) finite[s]!++;
    }
    const start = new Int32Array(counts.length + 1);
    for (let s = 0; s < counts.length; s++) start[s + 1] = start[s]! + counts[s]!;
    const fill = start.slice(0, counts.length);
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[fill[slotOf.get(groups[i]!)!]!++] = i;
    const ids = [...slotOf.keys()].sort((a, b) => a - b);
    const buffer = new Float64Array(n);
    const clusters = options.clusters;
    const unitBuffer = clusters ? new Float64Array(n) : null;
    const timeBuffer = clusters ? new Float64Array(n) : null;
    for (const g of ids) {
      const s = slotOf.get(g)!;
      if (finite[s]! < minGroupSample) {
        out.push({ group: g, n: finite[s]!, diagnostics: null });
        continue;
      }
      const from = start[s]!;
      const to = start[s + 1]!;
      const sample = buffer.subarray(0, to - from);
      let min = Infinity;
      for (let j = from; j < to; j++) {
        const v = values[order[j]!]!;
        sample[j - from] = v;
        if (v < min) min = v;
      }
      let above = 0;
      for (const v of sample) if (v > min && Number.isFinite(v)) above++;
      if (above < minGroupTail) {
        out.push({ group: g, n: finite[s]!, diagnostics: null });
        continue;
      }
      // The clusters, like the values, are aligned with the group's own sample.
      let groupOptions: TailCalibrationOptions = options;
      if (clusters && unitBuffer && timeBuffer) {
        const unit = unitBuffer.subarray(0, to - from);
        const time = timeBuffer.subarray(0, to - from);
        for (let j = from; j < to; j++) {
          unit[j - from] = clusters.unit[order[j]!]!;
          time[j - from] = clusters.time[order[j]!]!;
        }
        groupOptions = { ...options, clusters: { unit, time } };
      }
      const model = calibrateTail(sample, groupOptions);
      for (let j = from; j < to; j++) {
        const i = order[j]!;
        p[i] = model.p(values[i]!, true);
        ownGroup[i] = 1;
      }
      out.push({ group: g, n: finite[s]!, diagnostics: model.diagnostics });
    }
  }
  return { p, ownGroup, population: population.diagnostics, groups: out };
}
