import { statSync } from 'node:fs';
import { join } from 'node:path';
import type { Engine } from '../engine/index.js';
import { writeFileAtomic } from '../output-dir.js';
import { OUTPUT_FILES, reportData, type AnalyzeSummary, type ReportDataOptions } from '../pipeline/index.js';
import { htmlPage, type PageSection } from './html-page.js';
import { renderFigures, type Figure } from './render-figures.js';
import type { ReportChart, ReportSection } from './report-section.js';
import { REPORT_SECTIONS } from './sections/index.js';
import { SECONDS_PER_DAY } from '../seconds-per-day.js';

/** Options for {@link buildReport}. */
export interface ReportOptions {
  /** Also write each chart as `figures/ID.png`. Default false. */
  png?: boolean;
  /** Also write each chart as `figures/ID.svg`. Default false. */
  svg?: boolean;
  /** Sections in page order. Default: all of REPORT_SECTIONS. */
  sections?: ReportSection[];
  /** Bounds of the aggregates the page is built from. Default: REPORT_DATA_DEFAULTS. */
  data?: ReportDataOptions;
}

/** What {@link buildReport} wrote. */
export interface ReportResult {
  path: string;
  bytes: number;
  sections: string[];
  charts: string[];
  figures: Figure[];
}

/**
 * Writes `dir/report.html`: one self-contained page (vega inlined, data aggregated and bounded)
 * built from an analyze output folder's tables and summary. The page's data are small aggregates
 * the engine computes (reportData): its size and build time do not grow with the input.
 */
export async function buildReport(
  dir: string,
  engine: Engine,
  summary: AnalyzeSummary,
  options: ReportOptions = {},
): Promise<ReportResult> {
  // The engine aggregates (pipeline side); the sections only format what it returns.
  const context = { summary, data: await reportData(engine, dir, summary, options.data) };
  const sections: PageSection[] = [];
  const charts: ReportChart[] = [];
  // Without a red team nothing on the page may speak of compromised hosts.
  const hasRedteam = (summary.files.redteam?.rows ?? 0) > 0;
  for (const section of options.sections ?? REPORT_SECTIONS) {
    if (section.needsRedteam && !hasRedteam) continue;
    const output = await section.render(context);
    if (!output) continue;
    sections.push({ id: section.id, title: section.title, html: output.html });
    charts.push(...output.charts);
  }
  const span =
    summary.time_span.first === null
      ? ''
      : `, ${((summary.time_span.last! - summary.time_span.first) / SECONDS_PER_DAY).toFixed(1)} days`;
  const subtitle = `${summary.humans} human hosts${hasRedteam ? `, ${summary.compromised_humans} compromised` : ''}${span}; interval ${summary.interval} s`;
  const path = join(dir, OUTPUT_FILES.report);
  // `peerscope report` rewrites it in place: an open report is never half-written.
  writeFileAtomic(path, htmlPage('peerscope report', subtitle, sections, charts));
  const figures = await renderFigures(charts, dir, { png: options.png, svg: options.svg });
  return {
    path,
    bytes: statSync(path).size,
    sections: sections.map((s) => s.id),
    charts: charts.map((c) => c.id),
    figures,
  };
}
