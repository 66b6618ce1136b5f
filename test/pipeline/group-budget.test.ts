import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { generate } from '../../src/generate/index.js';
import { openDuckDb } from '../../src/engine/index.js';
import { analyze } from '../../src/pipeline/index.js';
import { afterStages } from '../../src/cli/after-stages.js';
import { tempDir } from '../helpers/temp-dir.js';

function files(root: string, dir = root): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(root, path) : [relative(root, path)];
  });
}

// summary.json differs only by the stage timings and the parser threads used.
const comparable = (dir: string, file: string): string => {
  const text = readFileSync(join(dir, file), 'utf8');
  if (file !== 'summary.json') return text;
  const summary = JSON.parse(text) as Record<string, unknown>;
  delete summary.timings;
  delete summary.threads;
  return JSON.stringify(summary);
};

test('the full analysis with a tiny group budget (spilling flow services and auth edges) writes the same bytes as in memory', async () => {
  const data = (await generate({ out: join(tempDir('data'), 'd'), seed: 5, scale: 0.003, days: 5, campaigns: ['all'] }))
    .out;
  const run = async (name: string, threads: number, groupBudget: number) => {
    const out = join(tempDir(name), 'o');
    await analyze({ data, out, threads, groupBudget, after: afterStages({ detect: true, report: true }) });
    return out;
  };
  const unbounded = await run('unbounded', 2, Infinity);
  const engine = await openDuckDb();
  const count = async (table: string) =>
    (
      await engine.all<{ n: number }>(
        `SELECT count(*)::BIGINT AS n FROM ${engine.readParquet(join(unbounded, 'tables', table))}`,
      )
    )[0]!.n;
  const services = await count('flow_services.parquet');
  const edges = await count('auth_edges.parquet');
  await engine.close();
  // Far fewer groups than the data has: each of 2 threads spills both tables several times.
  const budget = Math.floor(Math.min(services, edges) / 16);
  assert.ok(budget >= 100, `${services} service groups, ${edges} auth edges`);

  const expected = files(unbounded).sort();
  assert.ok(expected.includes('report.html') && expected.includes('hosts.csv'));
  for (const threads of [1, 2]) {
    const bounded = await run(`budget-${threads}`, threads, budget);
    assert.deepEqual(files(bounded).sort(), expected, `the same files with ${threads} threads`);
    for (const file of expected) {
      assert.ok(
        comparable(bounded, file) === comparable(unbounded, file),
        `${file} differs with a budget of ${budget} groups on ${threads} threads`,
      );
    }
  }
});
