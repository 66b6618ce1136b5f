import { test } from 'node:test';
import assert from 'node:assert/strict';
import { overview } from '../../../src/report/sections/overview.js';
import type { AnalyzeSummary, ReportData } from '../../../src/pipeline/index.js';

const account = (rows: number) => ({
  rows,
  rejected: 0,
  blank: 0,
  bytes: rows * 100,
  reasons: {},
  examples: [],
  rejected_files: [],
});

function summary(files: AnalyzeSummary['files'], inputs: AnalyzeSummary['inputs']): AnalyzeSummary {
  return {
    peerscope: '0.1.0',
    interval: 86400,
    human_logon_types: ['Interactive'],
    inputs,
    files,
    humans: 2,
    compromised: 0,
    compromised_humans: 0,
    series_rows: 2,
    time_span: { first: 1342775652, last: 1342775732 },
    timings: {},
  };
}

/** The first cell of each body row of the files table. */
async function kinds(s: AnalyzeSummary): Promise<string[]> {
  const out = await overview.render({ summary: s, data: {} as ReportData });
  return [...out!.html.matchAll(/<tr><td>([^<]*)<\/td>/g)].map((m) => m[1]!);
}

test('the files table lists the kinds that were read, not a red team or auth that was never given', async () => {
  // A Zeek-only run's summary: files accounts for redteam (0 rows), inputs holds flows alone.
  assert.deepEqual(
    await kinds(summary({ redteam: account(0), flows: account(94) }, { flows: [{ path: 'conn.log', bytes: 11800 }] })),
    ['flows'],
  );
  // An empty red-team file that was given is listed, with its 0 rows.
  assert.deepEqual(
    await kinds(
      summary(
        { auth: account(10), redteam: account(0), flows: account(50) },
        {
          auth: [{ path: 'a.txt', bytes: 1000 }],
          redteam: [{ path: 'redteam.txt', bytes: 0 }],
          flows: [{ path: 'f.txt', bytes: 5000 }],
        },
      ),
    ),
    ['auth', 'redteam', 'flows'],
  );
});
