import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { analyze, readSummary } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { tempDir } from '../helpers/temp-dir.js';

/** The page's own bytes: report.html without the vendored scripts (vega, vega-lite, vega-embed). */
function pageBytes(html: string): { total: number; data: number; own: number } {
  const vendored = [...html.matchAll(/<script>[\s\S]*?<\/script>/g)]
    .map((m) => m[0])
    .filter((s) => s.length > 50_000)
    .reduce((n, s) => n + Buffer.byteLength(s), 0);
  const data = /<script type="application\/json" id="peerscope-charts">([\s\S]*?)<\/script>/.exec(html)?.[1] ?? '';
  const total = Buffer.byteLength(html);
  return { total, data: Buffer.byteLength(data), own: total - vendored };
}

async function reportOf(scale: number): Promise<{ rows: number; hosts: number; page: ReturnType<typeof pageBytes> }> {
  const data = (
    await generate({ out: join(tempDir(`size-${scale}`), 'data'), seed: 5, scale, days: 5, campaigns: ['replay'] })
  ).out;
  const out = join(tempDir(`size-out-${scale}`), 'out');
  await analyze({ data, out, after: afterStages({ detect: true, report: true }) });
  const summary = readSummary(out);
  return {
    rows: summary.series_rows,
    hosts: summary.humans,
    page: pageBytes(readFileSync(join(out, 'report.html'), 'utf8')),
  };
}

test('report.html does not grow with the input: 6× the input rows, 2.5× the hosts and host-intervals, its data within 15 % and under 5 MB', async () => {
  const small = await reportOf(0.002);
  const large = await reportOf(0.012);
  // The input really grew: more host-intervals and more hosts, the same span.
  assert.ok(large.rows >= 2 * small.rows, `series rows ${small.rows} → ${large.rows}`);
  assert.ok(large.hosts >= 2 * small.hosts, `human hosts ${small.hosts} → ${large.hosts}`);
  for (const r of [small, large]) assert.ok(r.page.total < 5e6, `report.html is ${r.page.total} bytes`);
  // Bounded aggregates (histograms, KDE grids, top-k, the top hosts' cards) hardly move; anything
  // per host or per host-interval would grow with the rows (≥ 2×).
  const growth = large.page.data / small.page.data;
  assert.ok(growth < 1.15, `chart data ${small.page.data} → ${large.page.data} bytes (×${growth.toFixed(2)})`);
  const own = large.page.own / small.page.own;
  assert.ok(
    own < 1.15,
    `page without vendored scripts ${small.page.own} → ${large.page.own} bytes (×${own.toFixed(2)})`,
  );
  process.stdout.write(
    `# rows ${small.rows} → ${large.rows}, hosts ${small.hosts} → ${large.hosts}, chart data ${small.page.data} → ${large.page.data} B, page ${small.page.total} → ${large.page.total} B\n`,
  );
});
