import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TopLevelSpec } from 'vega-lite';
import type { ReportChart } from './report-section.js';
import { OUTPUT_FILES } from '../pipeline/index.js';

/** Options for {@link renderFigures}. */
export interface RenderFiguresOptions {
  /** Write `figures/ID.png`. Default false. */
  png?: boolean;
  /** Write `figures/ID.svg`. Default false. */
  svg?: boolean;
  /** PNG pixels per SVG pixel. Default 2. */
  zoom?: number;
}

/** One written figure with its size in pixels. */
export interface Figure {
  id: string;
  path: string;
  width: number;
  height: number;
}

/**
 * Each chart as an SVG (vega's server-side renderer, no browser) and/or a PNG rasterised by resvg,
 * under `dir/figures/`.
 */
export async function renderFigures(
  charts: ReportChart[],
  dir: string,
  options: RenderFiguresOptions = {},
): Promise<Figure[]> {
  if (!options.png && !options.svg) return [];
  const zoom = options.zoom ?? 2;
  const folder = join(dir, OUTPUT_FILES.figures);
  mkdirSync(folder, { recursive: true });
  // Loaded here, not at the top: they take ~0.3 s of CPU to load, which every other command
  // (analyze without figures, ingest, …) would pay at start-up for nothing.
  const [{ parse, View }, { compile }, { Resvg }] = await Promise.all([
    import('vega'),
    import('vega-lite'),
    import('@resvg/resvg-js'),
  ]);
  const figures: Figure[] = [];
  for (const chart of charts) {
    const view = new View(parse(compile(chart.spec as unknown as TopLevelSpec).spec), { renderer: 'none' });
    const svg = await view.toSVG();
    view.finalize();
    const width = Number(/^<svg[^>]*\bwidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    const height = Number(/^<svg[^>]*\bheight="([\d.]+)"/.exec(svg)?.[1] ?? 0);
    if (options.svg) {
      const path = join(folder, `${chart.id}.svg`);
      writeFileSync(path, svg);
      figures.push({ id: chart.id, path, width, height });
    }
    if (options.png) {
      const image = new Resvg(svg, {
        fitTo: { mode: 'zoom', value: zoom },
        background: '#ffffff',
        font: { loadSystemFonts: true },
      }).render();
      const path = join(folder, `${chart.id}.png`);
      writeFileSync(path, image.asPng());
      figures.push({ id: chart.id, path, width: image.width, height: image.height });
    }
  }
  return figures;
}
