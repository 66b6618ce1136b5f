import { lateralByHostInterval, newServiceUse, peerReference, selfBaseline } from '../../src/detect/index.js';
import type { nullPopulation } from './null-population.js';

/** The per-host-interval statistics of the views, aligned with the population's points. */
export interface ViewStatistics {
  /** Self-baseline z and CUSUM of the upload (peer fallback for the first intervals). */
  selfZ: Float64Array;
  selfCusum: Float64Array;
  /** Upload z against the peer group in the same interval (NaN where the cell has < 3 members). */
  peerZ: Float64Array;
  /** log2(1 + bytes to services new to the group), 0 where none. */
  service: Float64Array;
  /** Strongest first-time edge touching the host in the interval, 0 where none. */
  lateral: Float64Array;
}

/** Computes every view's raw statistic the way the integration will, from typed columns. */
export function populationViews(pop: ReturnType<typeof nullPopulation>): ViewStatistics {
  const points = { host: pop.host, interval: pop.interval };
  const ref = peerReference({ group: pop.group, interval: pop.interval, bytes: pop.upload });
  const self = selfBaseline({
    host: pop.host,
    interval: pop.interval,
    bytes: pop.upload,
    peerLocation: ref.location,
    peerScale: ref.scale,
  });
  const peerZ = Float64Array.from(pop.upload, (b, i) => (Math.log2(1 + b) - ref.location[i]!) / ref.scale[i]!);
  const service = newServiceUse(pop.services, pop.groupOfHost, { points }).aligned!;
  const lateral = lateralByHostInterval(pop.edges, { intervalSeconds: 86400, points }).aligned!;
  return { selfZ: self.z, selfCusum: self.cusum, peerZ, service, lateral };
}
