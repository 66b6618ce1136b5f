// Rows that must become rejected lines (or valid rows) without stopping the run, each in its own
// data set so one item's fix shows on its own: line numbers past the first block (16.3), times
// the series cannot place (16.5), numeric host names (16.6), huge fields (16.7), the quarantine
// of rejected bytes (16.8), rows ingest must read as analyze does (16.4), and the 10,000 cap.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { faultCase, faultGroup } from './fault-case.js';
import { analyzeAllPaths, assertSameResults } from './helpers/all-paths.js';
import { assertAccounting, assertRejected, readSummary, type RejectedExpectation } from './helpers/assert-output.js';
import { assertExit, assertNoCrash } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, generatedData, linesOf, miniData, scratch } from './helpers/fault-data.js';
import { inputsOf } from './helpers/input-lines.js';
import { LogBuilder } from './helpers/log-builder.js';
import { assertNoTempSiblings } from './helpers/output-tree.js';
import { parseCsv } from './helpers/parse-csv.js';
import { peerscope } from './helpers/peerscope-cli.js';
import { assertMatchesReference, referenceResults } from './helpers/reference-results.js';

const STANDARD_REASONS = /^(field_count|[a-z_]+_not_integer)$/;

/** A memoized run of an async step. */
function once<T>(make: () => Promise<T>): () => Promise<T> {
  let p: Promise<T> | undefined;
  return () => (p ??= make());
}

/** Writes builders as DATA/<kind>.txt and returns what rejected/ must hold. */
function writeBuilt(
  data: string,
  builders: LogBuilder[],
): Partial<Record<'auth' | 'flows' | 'redteam', RejectedExpectation>> {
  const out: Partial<Record<'auth' | 'flows' | 'redteam', RejectedExpectation>> = {};
  for (const b of builders) {
    const path = join(data, `${b.kind}.txt`);
    writeFileSync(path, b.bytes());
    out[b.kind] = b.expectation(path);
  }
  return out;
}

/** A builder holding a plain file's lines. */
function builderOf(
  kind: 'auth' | 'flows' | 'redteam',
  path: string,
  insert: (b: LogBuilder, line: string, i: number) => void = () => undefined,
): LogBuilder {
  const b = new LogBuilder(kind);
  linesOf(path).forEach((line, i) => {
    insert(b, line, i);
    b.add(line);
  });
  return b;
}

const pastFirstBlock = once(async () => {
  const g = await generatedData();
  const data = scratch('line-numbers');
  const wantAuth = new Set([5, 60_000, 92_000]);
  const auth = new LogBuilder('auth');
  for (const line of linesOf(join(g, 'auth.txt'))) {
    while (wantAuth.has(auth.lines + 1)) auth.add(`bad line ${auth.lines + 1}`, { mark: 'bad' });
    auth.add(line);
  }
  const flows = new LogBuilder('flows');
  for (const line of linesOf(join(g, 'flows.txt'))) {
    if (flows.lines + 1 === 40_000) flows.add('40000,x,C1,N1,C2,80,6,1,1', { mark: 'bad' });
    flows.add(line);
  }
  const rejected = writeBuilt(data, [auth, flows]);
  // The store path reads serially and numbers right; the threads are what this case is about.
  const paths = await analyzeAllPaths('line-numbers', [data], inputsOf(data), { rejected, store: false });
  return { auth, flows, paths };
});

const unplaceable = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'time-range', ['auth.txt', 'redteam.txt']);
  const host = parseCsv(readFileSync(join(mini, 'auth.txt'), 'utf8').replace(/^/, 'h\n')).find(
    (r) => r[6] === 'Interactive' && r[1]?.includes('DOM') && !r[1].includes('$'),
  )?.[3];
  assert.ok(host, 'a human host in the mini set');
  const flows = builderOf('flows', join(mini, 'flows.txt'));
  flows.add(`4000000000,3,${host},N1,C586,443,6,2,200`, { mark: 'big' });
  flows.add(`9007199254740991,3,${host},N1,C586,443,6,2,200`, { mark: 'max' });
  const rejected = writeBuilt(data, [flows]);
  const inputs = inputsOf(data);
  const daily = await analyzeAllPaths('time-range', [data], inputs, { rejected });
  // --interval 1: 4000000000 too is past what the series can index; the store made above serves.
  const hourly = new LogBuilder('flows', 1);
  for (const line of linesOf(join(data, 'flows.txt'))) hourly.add(line);
  const byInterval1 = join(scratch('time-range-1'), 'out');
  const fromStore1 = join(scratch('time-range-1-store'), 'out');
  const [r1, rs] = await Promise.all([
    peerscope([
      'analyze',
      data,
      '--out',
      byInterval1,
      '-q',
      '--threads',
      '2',
      '--interval',
      '1',
      '--no-detect',
      '--no-report',
    ]),
    peerscope([
      'analyze',
      '--store',
      join(daily.store!, '..', 'store'),
      '--out',
      fromStore1,
      '-q',
      '--interval',
      '1',
      '--no-detect',
      '--no-report',
    ]),
  ]);
  return {
    flows,
    daily,
    host,
    interval1: {
      run: r1,
      out: byInterval1,
      store: rs,
      fromStore: fromStore1,
      expectation: hourly.expectation(join(data, 'flows.txt')),
      inputs,
    },
  };
});

const numericNames = once(async () => {
  const g = await miniData();
  const data = scratch('numeric-names');
  // Only whole numbers: one name with a leading zero would already make a CSV sniffer keep the column as text.
  const strip = (text: string) => text.replace(/(^|,)C(\d+)(?=,|$)/gm, '$1$2');
  for (const name of ['auth.txt', 'flows.txt', 'redteam.txt'])
    writeFileSync(join(data, name), strip(readFileSync(join(g, name), 'utf8')));
  const inputs = inputsOf(data);
  const paths = await analyzeAllPaths('numeric-names', [data], inputs, {
    analyzeFlags: ['--no-report'],
    oneThread: false,
  });
  return { data, inputs, paths };
});

const hugeValidFields = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'huge-fields', ['redteam.txt']);
  const limit = CONTRACT.fieldLimit;
  const auth = builderOf('auth', join(mini, 'auth.txt'), (b, line, i) => {
    if (i !== 50) return;
    const t = line.split(',')[0];
    b.add(`${t},U90@DOM1,U90@DOM1,${'H'.repeat(limit)},C1,?,Interactive,LogOn,Success`, { mark: 'at-limit' });
    b.add(`${t},U9${'u'.repeat(limit - 3)}@DOM1,U91@DOM1,C91,C1,?,Interactive,LogOn,Success`, { mark: 'over-limit' });
    b.add(`${t},U92@DOM1,${'d'.repeat(3 << 20)},C92,C1,?,Network,LogOn,Success`, { mark: 'over-limit' });
  });
  const flows = builderOf('flows', join(mini, 'flows.txt'), (b, line, i) => {
    if (i !== 70) return;
    const t = line.split(',')[0];
    b.add(`${t},1,C586,N1,C${'9'.repeat(3 << 20)},443,6,1,100`, { mark: 'over-limit' });
    b.add(`${t},1,${'S'.repeat(limit + 1)},N1,C586,443,6,1,100`, { mark: 'over-limit' });
    b.add(`${t},1,${'S'.repeat(limit)},N1,C586,443,6,1,100`, { mark: 'at-limit' });
  });
  const rejected = writeBuilt(data, [auth, flows]);
  const paths = await analyzeAllPaths('huge-fields', [data], inputsOf(data), { rejected });
  return { auth, flows, paths };
});

const hugeRejected = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'huge-rejected', ['redteam.txt']);
  const auth = builderOf('auth', join(mini, 'auth.txt'), (b, _line, i) => {
    if (i === 30) b.add('G'.repeat(4 << 20), { mark: 'huge' });
  });
  const flows = builderOf('flows', join(mini, 'flows.txt'), (b, line, i) => {
    if (i === 30) b.add(`${line.split(',')[0]},1,C1,N1,C2,80,6,1,${'x'.repeat(4 << 20)}`, { mark: 'huge' });
  });
  const rejected = writeBuilt(data, [auth, flows]);
  const paths = await analyzeAllPaths('huge-rejected', [data], inputsOf(data), {
    rejected,
    analyzeFlags: ['--no-detect'],
  });
  return { auth, flows, paths };
});

const quarantine = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'quarantine', ['redteam.txt']);
  const bad = [
    Buffer.from([0x62, 0x61, 0x64, 0xff, 0xfe, 0x2c, 0x6c]),
    Buffer.from('1,U@DOM1,\xc0\xaf', 'latin1'),
    Buffer.from('2,\xed\xa0\x80,x', 'latin1'),
    Buffer.from('3\xc3,U1@DOM1,U1@DOM1,C1,C1,?,Network,LogOn,Success', 'latin1'),
  ];
  const auth = builderOf('auth', join(mini, 'auth.txt'), (b, _line, i) => {
    if (i === 40) for (const line of bad) b.add(line, { mark: 'invalid-utf8' });
  });
  const flows = builderOf('flows', join(mini, 'flows.txt'), (b, line, i) => {
    if (i === 40)
      b.add(Buffer.concat([Buffer.from(`${line.split(',')[0]},\xff1,C1,N1,C2,80,6,1,1`, 'latin1')]), {
        mark: 'invalid-utf8',
      });
  });
  const rejected = writeBuilt(data, [auth, flows]);
  const paths = await analyzeAllPaths('quarantine', [data], inputsOf(data), { rejected });
  return { auth, flows, paths };
});

const splitCollision = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'split-collision', ['flows.txt', 'redteam.txt']);
  const lines = linesOf(join(mini, 'auth.txt'));
  const half = Math.floor(lines.length / 2);
  const first = new LogBuilder('auth');
  const second = new LogBuilder('auth');
  lines.slice(0, half).forEach((l, i) => {
    if (i === 10) first.add('first split bad line');
    first.add(l);
  });
  lines.slice(half).forEach((l, i) => {
    if (i === 20) {
      second.add('second split bad line');
      second.add('second split another bad line');
    }
    second.add(l);
  });
  mkdirSync(join(data, 'auth'));
  const plain = join(data, 'auth', 'part.txt');
  const gz = join(data, 'auth', 'part.txt.gz');
  writeFileSync(plain, first.bytes());
  writeFileSync(gz, gzipSync(second.bytes()));
  const a = first.expectation(plain);
  const b = second.expectation(gz);
  const rejected = { auth: { rejected: new Map([...a.rejected, ...b.rejected]) } };
  const paths = await analyzeAllPaths('split-collision', [data], inputsOf(data), { rejected });
  return { paths };
});

const ingestBytes = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'ingest-bytes', ['redteam.txt']);
  const auth = builderOf('auth', join(mini, 'auth.txt'), (b, line, i) => {
    if (i !== 10) return;
    const t = line.split(',')[0];
    b.add(Buffer.from(`${t},U93@DOM1,U\xc3@D\xffM1,C93,C1,?,Network,LogOn,Success`, 'latin1'), {
      mark: 'invalid-utf8',
    });
    b.add(Buffer.from(`${t},U94@DOM1,U94@DOM1,C94,C1,?,Network,Log\rOn,Success`, 'latin1'), { mark: 'cr' });
  });
  const flows = builderOf('flows', join(mini, 'flows.txt'), (b, line, i) => {
    if (i !== 10) return;
    const t = line.split(',')[0];
    b.add(Buffer.from(`${t},1,C95,N1,C96,80,\xfe6,1,100`, 'latin1'), { mark: 'invalid-utf8' });
    b.add(Buffer.from(`${t},1,C97,N\r1,C98,80,6,1,100`, 'latin1'), { mark: 'cr' });
  });
  const rejected = writeBuilt(data, [auth, flows]);
  const paths = await analyzeAllPaths('ingest-bytes', [data], inputsOf(data), { rejected });
  return { auth, flows, paths };
});

const rejectedCap = once(async () => {
  const mini = await miniData();
  const data = copyData(mini, 'rejected-cap', ['auth.txt', 'redteam.txt']);
  const flows = builderOf('flows', join(mini, 'flows.txt'));
  const last = Number(linesOf(join(mini, 'flows.txt')).at(-1)!.split(',')[0]);
  for (let i = 0; i < 25_000; i++) {
    flows.add(`${last + i},1,C1,N1,C2,80,6,1,1`);
    if (i % 2 === 0 && i < 24_000) flows.add(`${last + i},x${i},C1`, { mark: 'bad' });
  }
  const rejected = writeBuilt(data, [flows]);
  const paths = await analyzeAllPaths('rejected-cap', [data], inputsOf(data), { rejected });
  return { flows, paths };
});

/** Lines of rejected/<rel> as numbers. */
function storedLines(out: string, rel: string): number[] {
  return readFileSync(join(out, rel), 'latin1')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => Number(l.slice(0, l.indexOf('\t'))));
}

faultGroup('row faults', 2, () => {
  faultCase(
    'line-numbers-past-first-block',
    'bad lines at auth lines 5, 60,000, 92,000 and flows line 40,000 (past the first 1 MiB block): the same numbers in rejected/ and the examples on 1 and 2 threads',
    async () => {
      const { auth, flows, paths } = await pastFirstBlock();
      for (const out of [paths.first, paths.t2]) {
        assert.deepEqual(storedLines(out, 'rejected/auth.txt'), auth.marked('bad'));
        assert.deepEqual(storedLines(out, 'rejected/flows.txt'), flows.marked('bad'));
        assert.ok(
          readSummary(out).files.auth!.examples.some((e) => e.includes('line 60000')),
          'the examples name line 60000',
        );
      }
    },
  );

  faultCase(
    'time-beyond-interval-range',
    'a human flow at time 9007199254740991 is a rejected line with its own reason and the run goes on (exit 0) on every path; with --interval 1 so is one at 4000000000',
    async () => {
      const { flows, daily, interval1 } = await unplaceable();
      const reasons = daily.summary.files.flows!.reasons;
      const own = Object.entries(reasons).filter(([r]) => !STANDARD_REASONS.test(r));
      assert.deepEqual(
        own.map(([, n]) => n),
        [1],
        `one line rejected with a reason of its own: ${JSON.stringify(reasons)}`,
      );
      const stored = storedLines(daily.first, 'rejected/flows.txt');
      assert.deepEqual(stored, flows.marked('max'));
      for (const [run, out] of [
        [interval1.run, interval1.out],
        [interval1.store, interval1.fromStore],
      ] as const) {
        assertNoCrash(run);
        assertExit(run, 0);
        assertNoTempSiblings(out);
        const summary = readSummary(out);
        assertAccounting(summary, interval1.inputs, '--interval 1');
        assertRejected(out, summary, interval1.inputs, '--interval 1', { flows: interval1.expectation });
        assert.deepEqual(storedLines(out, 'rejected/flows.txt'), flows.marked('big').concat(flows.marked('max')));
      }
      assertSameResults(
        interval1.out,
        readSummary(interval1.out),
        interval1.fromStore,
        readSummary(interval1.fromStore),
        '--interval 1: raw vs store',
        ['auth', 'flows', 'redteam'],
      );
    },
  );

  faultCase(
    'numeric-host-names',
    'every host of the mini set named by a whole number (C586 → 586): detection runs (exit 0) on the raw and store paths, humans and series as the suite computes them, every human ranked',
    async () => {
      const { inputs, paths } = await numericNames();
      assertMatchesReference(paths.first, referenceResults(inputs), 'numeric names');
      const hosts = parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8')).map((r) => r[0]);
      assert.ok(hosts.length > 70 && hosts.every((h) => /^\d+$/.test(h!)), 'the humans are numbers');
      assert.equal(
        parseCsv(readFileSync(join(paths.first, 'hosts.csv'), 'utf8')).length,
        hosts.length,
        'every human ranked',
      );
    },
  );

  faultCase(
    'field-too-long',
    `a field longer than ${CONTRACT.fieldLimit} bytes (a 3 MB host in a valid flow, a 3 MB user, ${CONTRACT.fieldLimit + 1}-byte names) makes a rejected line (${CONTRACT.fieldTooLongReason}), stored truncated with a marker; the run goes on, on every path`,
    async () => {
      const { auth, flows, paths } = await hugeValidFields();
      for (const b of [auth, flows]) {
        assert.equal(
          paths.summary.files[b.kind]!.reasons[CONTRACT.fieldTooLongReason],
          b.marked('over-limit').length,
          `${b.kind}: ${CONTRACT.fieldTooLongReason}`,
        );
        assert.deepEqual(storedLines(paths.first, `rejected/${b.kind}.txt`), b.marked('over-limit'));
      }
      assert.ok(
        statSync(join(paths.first, 'summary.json')).size < CONTRACT.summaryMaxBytes,
        'summary.json stays small',
      );
      assert.ok(
        statSync(join(paths.first, 'rejected', 'flows.txt')).size < 1 << 20,
        'rejected/flows.txt holds a truncated text, not 3 MB',
      );
    },
  );

  faultCase(
    'field-at-limit',
    `a field of exactly ${CONTRACT.fieldLimit} bytes is valid: the host is a human in humans.csv on every path`,
    async () => {
      const { paths } = await hugeValidFields();
      const hosts = parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8')).map((r) => r[0]);
      assert.ok(hosts.includes('H'.repeat(CONTRACT.fieldLimit)));
    },
  );

  faultCase(
    'ingest-field-over-2mb',
    "ingest of a valid-looking row with a 3 MB field does not exit 4 (DuckDB's CSV reader): it rejects the line as analyze does, the store gives the same outputs",
    async () => {
      const { paths } = await hugeValidFields();
      assert.ok(paths.store !== undefined);
    },
  );

  faultCase(
    'huge-rejected-line',
    'a 4 MB non-integer bytes field and a 4 MB one-field line: rejected, summary.json < 256 KiB, report.html < 5 MB, examples and rejected/ texts truncated with a marker',
    async () => {
      const { paths } = await hugeRejected();
      for (const out of [paths.first, paths.t2]) {
        assert.ok(
          statSync(join(out, 'summary.json')).size < CONTRACT.summaryMaxBytes,
          `${out}: summary.json ${statSync(join(out, 'summary.json')).size} bytes`,
        );
        assert.ok(
          statSync(join(out, 'report.html')).size < CONTRACT.reportMaxBytes,
          `${out}: report.html ${statSync(join(out, 'report.html')).size} bytes`,
        );
        for (const e of Object.values(readSummary(out).files).flatMap((f) => f.examples))
          assert.ok(e.length < 2 * CONTRACT.fieldLimit, `an example of ${e.length} characters`);
        for (const kind of ['auth', 'flows'])
          assert.ok(statSync(join(out, 'rejected', `${kind}.txt`)).size < 1 << 20, `rejected/${kind}.txt truncated`);
      }
    },
  );

  faultCase(
    'quarantine-original-bytes',
    'rejected lines with invalid UTF-8 (0xFF 0xFE, an overlong 0xC0 0xAF, a surrogate, a lone 0xC3) are stored with their original bytes, on every path',
    async () => {
      const { auth, flows, paths } = await quarantine();
      assert.deepEqual(storedLines(paths.first, 'rejected/auth.txt'), auth.marked('invalid-utf8'));
      assert.deepEqual(storedLines(paths.first, 'rejected/flows.txt'), flows.marked('invalid-utf8'));
    },
  );

  faultCase(
    'split-name-collision',
    'auth/part.txt and auth/part.txt.gz, each with rejected lines: one rejected/ file per input, each with its own lines, on every path',
    async () => {
      const { paths } = await splitCollision();
      assert.equal(paths.summary.files.auth!.rejected_files.length, 2);
    },
  );

  faultCase(
    'ingest-invalid-utf8-field',
    'valid rows with invalid UTF-8 in a text field: ingest does not exit 4; it accepts them as analyze does or both reject them with the same reason; identical outputs',
    async () => {
      const { paths } = await ingestBytes();
      assert.ok(paths.store !== undefined);
    },
  );

  faultCase(
    'ingest-cr-inside-field',
    'valid rows with a CR inside a field: ingest does not exit 4; accepted as analyze does or rejected with the same reason; identical outputs',
    async () => {
      const { auth, paths } = await ingestBytes();
      assert.equal(auth.marked('cr').length, 1);
      assert.ok(paths.store !== undefined);
    },
  );

  faultCase(
    'rejected-cap',
    '12,000 rejected flow lines among 42,000: all counted, rejected/flows.txt holds exactly the first 10,000 in file order, on every path',
    async () => {
      const { flows, paths } = await rejectedCap();
      assert.equal(paths.summary.files.flows!.rejected, 12_000);
      assert.deepEqual(
        storedLines(paths.first, 'rejected/flows.txt'),
        flows.marked('bad').slice(0, CONTRACT.rejectedPerFile),
      );
    },
  );
});
