/**
 * Service divergence — the original's "distribution of services visited": Jensen–Shannon
 * divergence (J. Lin, 1991; base 2, so in [0, 1]) between a host's distribution of flows over
 * services (the host and port on the other end) and that of the rest of its peer group, plus the
 * number of the host's services no other member of its group uses.
 */
import { getOrInit } from '../get-or-init.js';

/** Flows between a host and one service; hosts and services are names or ids (any Map key). */
export interface ServiceUse<H = string, S = string> {
  host: H;
  service: S;
  flows: number;
}

/** Per host. */
export interface ServiceDivergenceResult<H = string> {
  scores: Map<H, number>;
  /** Services of the host that no other host of its group used. */
  newServices: Map<H, number>;
  services: Map<H, number>;
}

/**
 * JSD of each host's service mix against the rest of its group, for every host of `groupOf` (in
 * its order); a host's services are summed in the order of `uses`.
 */
export function serviceDivergence<H = string, S = string>(
  uses: ServiceUse<H, S>[],
  groupOf: Map<H, number>,
): ServiceDivergenceResult<H> {
  const byHost = new Map<H, Map<S, number>>();
  const byGroup = new Map<number, Map<S, number>>();
  for (const u of uses) {
    const g = groupOf.get(u.host);
    if (g === undefined || !(u.flows > 0)) continue;
    const h = getOrInit(byHost, u.host, () => new Map());
    h.set(u.service, (h.get(u.service) ?? 0) + u.flows);
    const gm = getOrInit(byGroup, g, () => new Map());
    gm.set(u.service, (gm.get(u.service) ?? 0) + u.flows);
  }
  const groupTotal = new Map<number, number>();
  for (const [g, m] of byGroup)
    groupTotal.set(
      g,
      [...m.values()].reduce((a, b) => a + b, 0),
    );
  const scores = new Map<H, number>();
  const newServices = new Map<H, number>();
  const services = new Map<H, number>();
  for (const host of groupOf.keys()) {
    const own = byHost.get(host);
    const g = groupOf.get(host)!;
    if (!own) {
      scores.set(host, 0);
      newServices.set(host, 0);
      services.set(host, 0);
      continue;
    }
    const group = byGroup.get(g)!;
    const ownTotal = [...own.values()].reduce((a, b) => a + b, 0);
    const restTotal = groupTotal.get(g)! - ownTotal;
    let fresh = 0;
    for (const [s, n] of own) if (group.get(s)! - n <= 0) fresh++;
    if (restTotal <= 0) {
      scores.set(host, 0);
      newServices.set(host, 0);
      services.set(host, own.size);
      continue;
    }
    // JSD over the union of services; the rest of the group's services absent from the host add q·log(q/m).
    let jsd = 0;
    let restSeen = 0;
    for (const [s, n] of own) {
      const p = n / ownTotal;
      const r = group.get(s)! - n;
      const q = r / restTotal;
      restSeen += r;
      const m = (p + q) / 2;
      jsd += 0.5 * p * Math.log2(p / m);
      if (q > 0) jsd += 0.5 * q * Math.log2(q / m);
    }
    // Services only the rest used: p = 0, m = q/2, each contributes 0.5·q·log2(2) = q/2.
    jsd += 0.5 * ((restTotal - restSeen) / restTotal);
    scores.set(host, Math.min(1, Math.max(0, jsd)));
    newServices.set(host, fresh);
    services.set(host, own.size);
  }
  return { scores, newServices, services };
}
