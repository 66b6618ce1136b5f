import type { AnalyzeSummary, ReportData } from '../pipeline/index.js';

/** A Vega-Lite chart of the report, with the id its figure files are named after. */
export interface ReportChart {
  id: string;
  title: string;
  /** Vega-Lite spec with data inlined (aggregated, bounded). */
  spec: Record<string, unknown>;
}

/** What a section renders: escaped HTML, with `<div data-chart="ID">` placeholders for its charts. */
export interface SectionOutput {
  html: string;
  charts: ReportChart[];
}

/** Everything a section may read: the run's summary and the report's aggregates (computed by the engine, bounded). */
export interface SectionContext {
  summary: AnalyzeSummary;
  data: ReportData;
}

/** A report section: one file under src/report/sections, listed once in sections/index.ts. */
export interface ReportSection {
  id: string;
  title: string;
  /** The section compares compromised hosts with the rest: left out without a red-team file. */
  needsRedteam?: boolean;
  render(context: SectionContext): Promise<SectionOutput | null>;
}
