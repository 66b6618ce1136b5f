// The seeded fuzz in `npm test`: 200 mutated copies of a small auth and flows file (byte flips,
// deletions, insertions, duplications, truncations, line swaps) through analyze on 1 and 2
// threads and through ingest + analyze --store, each run under a time limit. Every case not
// listed in known-defects.ts must pass; the listed ones run as todo. `npm run fuzz` runs 5,000.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { knownDefect } from './known-defects.js';
import { FUZZ_SEED } from './fuzz/fuzz-cases.js';
import { fuzzSummaryLine, runFuzz } from './fuzz/run-fuzz.js';

const CASES = 200;

test(
  `fuzz: ${CASES} seeded cases (seed ${FUZZ_SEED}) through analyze --threads 1/2 and ingest + analyze --store`,
  { timeout: 600_000 },
  async (t) => {
    const result = await runFuzz({ cases: CASES });
    t.diagnostic(fuzzSummaryLine(result));

    await t.test(
      'every case without a known defect: no crash, hang, aborted run, accounting error, path mismatch or wrong ingest refusal',
      () => {
        const failing = result.results.filter((r) => r.known === undefined && r.failure !== undefined);
        assert.deepEqual(
          failing.map((r) => `${r.case.id} [${r.case.ops.join('; ')}] ${r.failure!.type}: ${r.failure!.detail}`),
          [],
        );
        assert.deepEqual(result.unattributed, [], 'no batch fails without a single case failing alone');
      },
    );

    for (const r of result.results.filter((x) => x.known !== undefined)) {
      await t.test(`${r.case.id}: ${r.case.ops.join('; ')}`, { todo: knownDefect(r.case.id) }, () => {
        if (r.failure) assert.fail(`${r.failure.type}: ${r.failure.detail}`);
      });
    }
  },
);
