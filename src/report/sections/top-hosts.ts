import { formatBytes } from '../format-bytes.js';
import { htmlTable } from '../html-table.js';
import { REPORT_DATA_DEFAULTS } from '../../pipeline/index.js';
import type { ReportSection } from '../report-section.js';

const TOP = REPORT_DATA_DEFAULTS.topHosts;

/** Section 8: the hosts that upload and download the most, compromised ones marked. */
export const topHosts: ReportSection = {
  id: 'top-hosts',
  title: 'Top hosts by upload and download',
  async render({ data, summary }) {
    const hasRedteam = (summary.files.redteam?.rows ?? 0) > 0;
    const hosts = data.topHosts;
    if (hosts.length === 0) return null;
    // Already the union of the top uploaders and downloaders, by upload (the engine's top-k).
    const rows = hosts.map((h) => [
      h.host,
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
