import { escapeHtml } from '../escape-html.js';
import { formatBytes } from '../format-bytes.js';
import { htmlTable } from '../html-table.js';
import type { ReportSection } from '../report-section.js';
import { SECONDS_PER_DAY } from '../../seconds-per-day.js';

/** Section 1: what was read, what was rejected, and what the run found. */
export const overview: ReportSection = {
  id: 'overview',
  title: 'Data overview',
  async render({ summary }) {
    const hasRedteam = (summary.files.redteam?.rows ?? 0) > 0;
    const span = summary.time_span;
    const days = span.first !== null && span.last !== null ? (span.last - span.first) / SECONDS_PER_DAY : null;
    const kpi = (label: string, value: string) =>
      `<div class="kpi">${escapeHtml(label)}<b>${escapeHtml(value)}</b></div>`;
    const kpis = [
      kpi('human hosts', summary.humans.toLocaleString('en-US')),
      ...(hasRedteam
        ? [
            kpi('compromised human hosts', (summary.compromised_humans ?? 0).toLocaleString('en-US')),
            kpi('compromised hosts (redteam)', (summary.compromised ?? 0).toLocaleString('en-US')),
          ]
        : []),
      kpi('series rows (interval × host)', summary.series_rows.toLocaleString('en-US')),
      kpi('interval', `${summary.interval} s`),
      kpi('time span', span.first === null ? 'none' : `${span.first}–${span.last} s (${days!.toFixed(1)} days)`),
    ].join('');
    // A kind that was not given (no red team, or no auth beside Zeek flows) is not a "0 rows" input.
    const given = Object.entries(summary.files).filter(
      ([kind, f]) =>
        f.rows > 0 || f.rejected > 0 || (summary.inputs[kind as keyof typeof summary.inputs] ?? []).length > 0,
    );
    const rows = given.map(([kind, f]) => {
      const inputs = summary.inputs[kind as keyof typeof summary.inputs] ?? [];
      const links = f.rejected_files
        .map((r) => `<a href="${escapeHtml(encodeURI(r))}">${escapeHtml(r)}</a>`)
        .join(', ');
      return [
        kind,
        inputs.map((i) => i.path).join(', '),
        f.rows,
        f.rejected,
        f.blank,
        formatBytes(f.bytes),
        links,
      ] as const;
    });
    const html = htmlTable(
      ['file', 'input', 'rows read', 'rejected', 'blank', 'unpacked', 'rejected lines'],
      rows.map((r) => [r[0], r[1], r[2], r[3], r[4], r[5], { html: r[6] || 'none' }]),
    );
    const reasons = Object.entries(summary.files)
      .flatMap(([, f]) => f.examples)
      .map((e) => `<li>${escapeHtml(e)}</li>`)
      .join('');
    return {
      html: `<div class="kpis">${kpis}</div>${html}${reasons ? `<p class="note">First rejected lines:</p><ul class="note">${reasons}</ul>` : ''}`,
      charts: [],
    };
  },
};
