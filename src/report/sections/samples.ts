import { OUTPUT_FILES } from '../../pipeline/index.js';
import { escapeHtml } from '../escape-html.js';
import { htmlTable } from '../html-table.js';
import type { ReportSection } from '../report-section.js';

const TABLES = [
  [OUTPUT_FILES.sampleAuth, 'Human-filtered auth rows (Interactive logons by domain users)'],
  [OUTPUT_FILES.sampleFlows, 'Initial flows, as read'],
  [
    OUTPUT_FILES.sampleEnriched,
    'Filled flows: direction, upload/download bytes, the human host and the service on the other end',
  ],
] as const;

/** Section 2: sample rows at each step, like the original notebook's tables. */
export const samples: ReportSection = {
  id: 'samples',
  title: 'Sample rows',
  async render({ data }) {
    const parts: string[] = [];
    for (const [file, caption] of TABLES) {
      const table = data.samples.find((t) => t.file === file);
      if (!table) continue;
      parts.push(
        `<details${parts.length === 0 ? ' open' : ''}><summary>${escapeHtml(caption)} (${table.rows.length} rows)</summary>` +
          htmlTable(table.columns, table.rows) +
          '</details>',
      );
    }
    return parts.length === 0 ? null : { html: parts.join('\n'), charts: [] };
  },
};
