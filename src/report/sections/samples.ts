import { join } from 'node:path';
import { existsSync } from 'node:fs';
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
  async render({ dir, engine }) {
    const parts: string[] = [];
    for (const [file, caption] of TABLES) {
      const path = join(dir, file);
      if (!existsSync(path)) continue;
      const rows = await engine.all<Record<string, string>>(
        'SELECT * FROM read_csv($path, header = true, all_varchar = true) LIMIT 100',
        { path },
      );
      if (rows.length === 0) continue;
      const columns = Object.keys(rows[0]!);
      parts.push(
        `<details${parts.length === 0 ? ' open' : ''}><summary>${escapeHtml(caption)} (${rows.length} rows)</summary>` +
          htmlTable(
            columns,
            rows.map((r) => columns.map((c) => r[c] ?? '')),
          ) +
          '</details>',
      );
    }
    return parts.length === 0 ? null : { html: parts.join('\n'), charts: [] };
  },
};
