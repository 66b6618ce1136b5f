// Inputs where nothing fits (issue 16.2, with issue 14's "loud when nothing fits"): an empty or
// all-blank auth file, no human hosts, an empty flows file. Without --allow-empty each is an
// input error (exit 3) whose one line names the file and says what was seen; with it the run
// completes, every report section renders its empty population, and `report OUT` works. A red
// team whose targets are not human is ordinary: exit 0, missing metrics rendered.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultCase, faultGroup } from './fault-case.js';
import { assertAccounting, readSummary } from './helpers/assert-output.js';
import { assertErrorAt, assertExit, assertNoCrash } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, linesOf, miniData, scratch } from './helpers/fault-data.js';
import { inputsOf } from './helpers/input-lines.js';
import { assertNoTempSiblings, assertTreeUnchanged, previousOut } from './helpers/output-tree.js';
import { peerscope, type CliRun } from './helpers/peerscope-cli.js';

interface NothingFits {
  id: string;
  what: string;
  /** The file the message must name. */
  file: string;
  /** What the message must show of what was seen. */
  seen: RegExp;
  make: (mini: string, data: string) => void;
}

const CASES: NothingFits[] = [
  {
    id: 'empty-auth',
    what: 'a 0-byte auth.txt',
    file: 'auth.txt',
    seen: /\b0\b|no valid|empty/i,
    make: (_m, d) => writeFileSync(join(d, 'auth.txt'), ''),
  },
  {
    id: 'blank-auth',
    what: 'an auth.txt of blank lines',
    file: 'auth.txt',
    seen: /\b0\b|no valid|blank/i,
    make: (_m, d) => writeFileSync(join(d, 'auth.txt'), '\n\n\r\n\n'),
  },
  {
    id: 'zero-humans',
    what: 'an auth.txt without any Interactive logon (0 human hosts)',
    file: 'auth',
    seen: /Network/,
    make: (m, d) =>
      writeFileSync(
        join(d, 'auth.txt'),
        linesOf(join(m, 'auth.txt'))
          .map((l) => l.replace(',Interactive,', ',Network,'))
          .join('\n') + '\n',
      ),
  },
  {
    id: 'empty-flows',
    what: 'a 0-byte flows.txt',
    file: 'flows.txt',
    seen: /\b0\b|no valid|empty/i,
    make: (_m, d) => writeFileSync(join(d, 'flows.txt'), ''),
  },
];

async function dataFor(c: NothingFits): Promise<string> {
  const mini = await miniData();
  const data = copyData(mini, c.id);
  c.make(mini, data);
  return data;
}

/** `report OUT` rebuilds the report: exit 0, a report.html under the size limit. */
async function assertReportRebuilds(out: string): Promise<CliRun> {
  const run = await peerscope(['report', out]);
  assertNoCrash(run);
  assertExit(run, 0);
  assert.ok(statSync(join(out, 'report.html')).size < CONTRACT.reportMaxBytes);
  return run;
}

let redteamRuns: Promise<{ full: CliRun; out: string; noReport: CliRun; bare: string; data: string }> | undefined;
/** The mini set with every red-team target a server (never human), with and without the report. */
function notHumanRedteam() {
  redteamRuns ??= (async () => {
    const mini = await miniData();
    const data = copyData(mini, 'redteam-not-human', ['auth.txt', 'flows.txt']);
    writeFileSync(
      join(data, 'redteam.txt'),
      linesOf(join(mini, 'redteam.txt'))
        .map((l) => l.replace(/,[^,]*$/, ',C586'))
        .join('\n') + '\n',
    );
    const out = join(scratch('redteam-not-human-out'), 'out');
    const bare = join(scratch('redteam-not-human-bare'), 'out');
    const [full, noReport] = await Promise.all([
      peerscope(['analyze', data, '--out', out, '-q']),
      peerscope(['analyze', data, '--out', bare, '-q', '--no-report']),
    ]);
    return { full, out, noReport, bare, data };
  })();
  return redteamRuns;
}

faultGroup('nothing fits', 2, () => {
  for (const c of CASES) {
    faultCase(
      c.id,
      `${c.what}: exit 3, one line naming ${c.file} and what was seen, OUT untouched, no leftovers (with detection and report)`,
      async () => {
        const data = await dataFor(c);
        const prev = previousOut(scratch(`${c.id}-out`));
        const run = await peerscope(['analyze', data, '--out', prev.out, '-q']);
        const message = assertErrorAt(run, CONTRACT.exit.input, { file: c.file });
        assert.match(message, c.seen, 'the message says what was seen');
        assertTreeUnchanged(prev.out, prev.before);
        assertNoTempSiblings(prev.out);
      },
    );

    faultCase(
      `${c.id}-allow-empty`,
      `${c.what} with --allow-empty: exit 0, exact accounting, every report section renders the empty population, \`report OUT\` works`,
      async () => {
        const data = await dataFor(c);
        const out = join(scratch(`${c.id}-allow`), 'out');
        const run = await peerscope(['analyze', data, '--out', out, '-q', '--allow-empty']);
        assertNoCrash(run);
        assertExit(run, 0);
        assertNoTempSiblings(out);
        const summary = readSummary(out);
        assertAccounting(summary, inputsOf(data), '--allow-empty');
        assert.ok(existsSync(join(out, 'report.html')), 'report.html written');
        await assertReportRebuilds(out);
      },
    );
  }

  faultCase(
    'redteam-not-human',
    'red-team targets that are not human hosts: analyze with detection and report exits 0, evaluation.json holds missing metrics, `report OUT` and `evaluate OUT` work',
    async () => {
      const { full, out } = await notHumanRedteam();
      assertNoCrash(full);
      assertExit(full, 0);
      assertNoTempSiblings(out);
      assert.equal(readSummary(out).compromised_humans, 0);
      assert.ok(
        existsSync(join(out, 'evaluation.json')) || typeof readSummary(out).evaluation_reason === 'string',
        'an evaluation or its reason',
      );
      await assertReportRebuilds(out);
      const evaluate = await peerscope(['evaluate', out]);
      assertNoCrash(evaluate);
      assertExit(evaluate, 0);
    },
  );

  faultCase(
    'report-null-metrics',
    '`report OUT` on an output whose evaluation has null ROC-AUC (red team not human, made with --no-report) renders instead of crashing',
    async () => {
      const { noReport, bare } = await notHumanRedteam();
      assertExit(noReport, 0);
      const evaluation = JSON.parse(readFileSync(join(bare, 'evaluation.json'), 'utf8')) as {
        edges: { roc_auc: unknown };
      };
      assert.equal(evaluation.edges.roc_auc, null, 'the fixture has a missing metric');
      await assertReportRebuilds(bare);
    },
  );
});
