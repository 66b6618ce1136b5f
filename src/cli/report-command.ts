import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Command } from 'commander';
import { InputError } from '../errors.js';
import { openDuckDb } from '../engine/index.js';
import { OUTPUT_FILES, readSummary } from '../pipeline/index.js';
import { buildReport } from '../report/index.js';

/** The options of `peerscope report`, as commander parses them. */
export interface ReportCommandOptions {
  png?: boolean;
  svg?: boolean;
  quiet?: boolean;
}

/** `peerscope report OUT`: rebuilds report.html (and figures) from an analyze output folder. */
export function reportCommand(): Command {
  return new Command('report')
    .description('rebuild OUT/report.html from an existing analyze output folder')
    .argument('<OUT>', 'a folder written by peerscope analyze')
    .option('--png', 'also write each chart as OUT/figures/ID.png')
    .option('--svg', 'also write each chart as OUT/figures/ID.svg')
    .option('-q, --quiet', 'print nothing')
    .action(async (out: string, opts: ReportCommandOptions) => {
      if (!existsSync(join(out, OUTPUT_FILES.summary))) {
        throw new InputError(`not a peerscope analyze output folder (no ${OUTPUT_FILES.summary})`, { file: out });
      }
      const summary = readSummary(out);
      const engine = await openDuckDb();
      try {
        const result = await buildReport(out, engine, summary, { png: opts.png, svg: opts.svg });
        if (!opts.quiet) {
          process.stdout.write(
            `${result.path}: ${result.sections.length} sections, ${result.charts.length} charts, ${(result.bytes / 1e6).toFixed(2)} MB\n`,
          );
          for (const f of result.figures) process.stdout.write(`${f.path} (${f.width}×${f.height})\n`);
        }
      } finally {
        await engine.close();
      }
    });
}
