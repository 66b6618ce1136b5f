import { formatBytes } from '../format-bytes.js';
import { htmlTable } from '../html-table.js';
import type { ReportSection } from '../report-section.js';

const TOP = 50;

/** Section 8: the hosts that upload and download the most, compromised ones marked. */
export const topHosts: ReportSection = {
  id: 'top-hosts',
  title: 'Top hosts by upload and download',
  async render({ series, summary }) {
    const hasRedteam = (summary.files.redteam?.rows ?? 0) > 0;
    const by = new Map<
      string,
      { upload: number; download: number; intervals: number; flows: number; compromised: boolean }
    >();
    for (const r of series) {
      const h = by.get(r.host) ?? { upload: 0, download: 0, intervals: 0, flows: 0, compromised: r.compromised === 1 };
      h.upload += r.upload_bytes;
      h.download += r.download_bytes;
      h.intervals += 1;
      h.flows += r.flows;
      by.set(r.host, h);
    }
    const hosts = [...by];
    if (hosts.length === 0) return null;
    const pick = new Set([
      ...[...hosts]
        .sort((a, b) => b[1].upload - a[1].upload)
        .slice(0, TOP)
        .map(([h]) => h),
      ...[...hosts]
        .sort((a, b) => b[1].download - a[1].download)
        .slice(0, TOP)
        .map(([h]) => h),
    ]);
    const rows = hosts
      .filter(([h]) => pick.has(h))
      .sort((a, b) => b[1].upload - a[1].upload)
      .map(([host, h]) => [
        host,
        { text: formatBytes(h.upload), value: h.upload },
        { text: formatBytes(h.download), value: h.download },
        h.flows,
        h.intervals,
        ...(hasRedteam ? [h.compromised ? '● compromised' : ''] : []),
      ]);
    return {
      html:
        `<p class="note">The ${TOP} largest uploaders and the ${TOP} largest downloaders (${rows.length} hosts). Click a column to sort.</p>` +
        htmlTable(
          ['host', 'upload', 'download', 'flows', 'active intervals', ...(hasRedteam ? ['redteam'] : [])],
          rows,
          { sortable: true },
        ),
      charts: [],
    };
  },
};
