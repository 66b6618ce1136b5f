import type { Engine } from '../engine/index.js';
import type { AnalyzeSummary } from '../pipeline/index.js';

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

/** One row of series.parquet, the input of most sections. */
export interface SeriesRow {
  interval: number;
  host: string;
  upload_bytes: number;
  download_bytes: number;
  flows: number;
  compromised: number;
}

/** Everything a section may read: the output folder, its summary, the series, the engine. */
export interface SectionContext {
  dir: string;
  summary: AnalyzeSummary;
  series: SeriesRow[];
  engine: Engine;
}

/** A report section: one file under src/report/sections, listed once in sections/index.ts. */
export interface ReportSection {
  id: string;
  title: string;
  /** The section compares compromised hosts with the rest: left out without a red-team file. */
  needsRedteam?: boolean;
  render(context: SectionContext): Promise<SectionOutput | null>;
}
