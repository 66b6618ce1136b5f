/**
 * The sentence an analyst reads for one host-interval: what each view that drove the combined p
 * saw, with the numbers (bytes, multiples of the host's own and its group's median, the edge, the
 * service, the beacon's period). Pure text from the evidence; the evidence itself goes out as JSON
 * next to it so nothing in the sentence is unverifiable.
 */

/** Numbers behind one host-interval; every part is optional (null: the view has nothing to say). */
export interface AlertEvidence {
  /** Human label of the interval ("day 9", "day 9 10:00"). */
  when: string;
  /** The views that drove the point, strongest first, with their p. */
  views: { name: string; p: number }[];
  upload?: { bytes: number; ownMedian: number | null; groupMedian: number | null } | null;
  /** Set when peer_z's z is the download's (above the upload's): peer_z's words are then about the download. */
  download?: { bytes: number; groupMedian: number | null } | null;
  lateral?: { src: string; dst: string; user: string; time: string; inbound: boolean } | null;
  newService?: { service: string; bytes: number; services: number } | null;
  beacon?: { remote: string; connections: number; medianGap: number; gapMad: number; medianBytes: number } | null;
  services?: { divergence: number } | null;
  /**
   * Set when the self-baseline view's strongest part is the flow-size ratio: the typical size of the
   * flows the host sent, against those it received, as a multiple of its own usual ratio.
   */
  flowSize?: { factor: number } | null;
}

/** Bytes as "2.4 GB" (decimal units, as the report's tables). */
function formatBytesShort(bytes: number): string {
  const units = ['B', 'kB', 'MB', 'GB', 'TB', 'PB'];
  let v = bytes;
  let u = 0;
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000;
    u++;
  }
  return `${u === 0 ? Math.round(v) : v.toFixed(v >= 100 ? 0 : 1)} ${units[u]}`;
}

function times(x: number, of: number | null): string | null {
  if (of === null || !(of > 0)) return null;
  const r = x / of;
  return `${r >= 10 ? Math.round(r) : r.toFixed(1)}×`;
}

const UPLOAD_VIEWS = new Set(['upload_kde', 'peer_z', 'self_baseline']);

/** One sentence, parts joined by "; ", in the order of the views that drove the point. */
export function alertReason(e: AlertEvidence): string {
  const parts: string[] = [];
  const said = new Set<string>();
  for (const v of e.views) {
    if (v.name === 'peer_z' && e.download) {
      const d = e.download;
      const group = times(d.bytes, d.groupMedian);
      parts.push(`downloaded ${formatBytesShort(d.bytes)} on ${e.when}${group ? `, ${group} its group's` : ''}`);
    } else if (v.name === 'self_baseline' && e.flowSize) {
      const f = e.flowSize.factor;
      parts.push(
        `the flows it sent on ${e.when} were ${f >= 10 ? Math.round(f) : f.toFixed(1)}× their usual size against those it received`,
      );
    } else if (UPLOAD_VIEWS.has(v.name)) {
      if (said.has('upload') || !e.upload) continue;
      said.add('upload');
      const u = e.upload;
      const own = times(u.bytes, u.ownMedian);
      const group = times(u.bytes, u.groupMedian);
      const rel = [own ? `${own} its own median` : null, group ? `${group} its group's` : null].filter(Boolean);
      parts.push(`uploaded ${formatBytesShort(u.bytes)} on ${e.when}${rel.length ? `, ${rel.join(' and ')}` : ''}`);
    } else if (v.name === 'lateral' && e.lateral) {
      const l = e.lateral;
      parts.push(
        l.inbound
          ? `first-time logon from ${l.src} by ${l.user} at ${l.time}`
          : `first-time logon to ${l.dst} by ${l.user} at ${l.time}`,
      );
    } else if (v.name === 'new_service' && e.newService) {
      const s = e.newService;
      const more = s.services > 1 ? ` (and ${s.services - 1} more)` : '';
      parts.push(`sent ${formatBytesShort(s.bytes)} to new service ${s.service}${more} used by no peer on ${e.when}`);
    } else if (v.name === 'beacon' && e.beacon) {
      const b = e.beacon;
      parts.push(
        `${b.connections} connections to ${b.remote} every ${Math.round(b.medianGap)} s (± ${Math.round(b.gapMad)} s), ${formatBytesShort(b.medianBytes)} each`,
      );
    } else if (v.name === 'service_jsd' && e.services) {
      parts.push(`its mix of services differs from its group's (JS divergence ${e.services.divergence.toFixed(2)})`);
    }
  }
  if (parts.length === 0) {
    const top = e.views[0];
    return top
      ? `strongest view ${top.name} (p = ${top.p.toExponential(1)}) on ${e.when}`
      : `nothing unusual on ${e.when}`;
  }
  return parts.join('; ');
}
