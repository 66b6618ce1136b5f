export { buildReport, type ReportOptions, type ReportResult } from './build-report.js';
export { renderFigures, type Figure, type RenderFiguresOptions } from './render-figures.js';
export { REPORT_SECTIONS } from './sections/index.js';
export { escapeHtml } from './escape-html.js';
export type { ReportSection, ReportChart, SectionContext, SectionOutput } from './report-section.js';
