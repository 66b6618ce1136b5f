import { escapeHtml } from './escape-html.js';

/** A table cell: text, a number, a number shown as `text` and sorted by `value`, or trusted `html`. */
export type Cell = string | number | { text: string; value: number } | { html: string };

/**
 * An HTML table with every cell escaped. Sortable tables sort on a header click (numbers by value);
 * the page's script does the sorting.
 */
export function htmlTable(
  columns: string[],
  rows: Cell[][],
  options: { sortable?: boolean; caption?: string } = {},
): string {
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const body = rows
    .map((row) => {
      const cells = row.map((cell) => {
        if (typeof cell === 'object' && 'html' in cell) return `<td>${cell.html}</td>`;
        if (typeof cell === 'object')
          return `<td class="num" data-value="${escapeHtml(cell.value)}">${escapeHtml(cell.text)}</td>`;
        if (typeof cell === 'number')
          return `<td class="num" data-value="${escapeHtml(cell)}">${escapeHtml(cell.toLocaleString('en-US'))}</td>`;
        return `<td>${escapeHtml(cell)}</td>`;
      });
      return `<tr>${cells.join('')}</tr>`;
    })
    .join('\n');
  const caption = options.caption ? `<caption>${escapeHtml(options.caption)}</caption>` : '';
  return `<div class="table-wrap"><table${options.sortable ? ' class="sortable"' : ''}>${caption}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
