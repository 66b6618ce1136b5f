// Line-level faults that hold today, in one data set built from the mini set so they share four
// runs (raw on 1 and 2 threads, ingest + store) and one run with detection and the report:
// CRLF, blank and bare-CR lines, no final newline, a BOM, strict integers, wrong field counts,
// NUL bytes, hostile and empty host names. Then the same data shuffled and duplicated.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { faultCase, faultGroup } from './fault-case.js';
import { analyzeAllPaths, type AllPathsResult } from './helpers/all-paths.js';
import { type Summary } from './helpers/assert-output.js';
import { assertExit, assertNoCrash } from './helpers/assert-run.js';
import { linesOf, miniData, scratch } from './helpers/fault-data.js';
import { inputsOf, type KindInputs } from './helpers/input-lines.js';
import { LogBuilder } from './helpers/log-builder.js';
import { assertNoTempSiblings } from './helpers/output-tree.js';
import { parseCsv } from './helpers/parse-csv.js';
import { peerscope } from './helpers/peerscope-cli.js';
import { assertMatchesReference, referenceResults } from './helpers/reference-results.js';

/** Host names an attacker or a broken exporter could put in a log (no comma, no line break). */
const HOSTILE_NAMES = [
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(2)>',
  'a"b',
  "o'neil",
  "x';DROP TABLE humans;--",
  '$(id)`id`',
  '%s%n%x',
  'back\\slash',
  'tab\there',
  ' sp ace ',
  'é中🙂',
  '=cmd|/c calc',
  '../../etc/passwd',
  'NULL',
  '\u2028line-sep',
  '007',
  '12345',
] as const;

const BAD_TIMES = [
  '7.0',
  ' 7',
  '7 ',
  '+7',
  '1e3',
  '0x10',
  '9007199254740992',
  '٣',
  '７',
  '-',
  '',
  '--5',
  '5-',
  '1_000',
];

interface Built {
  data: string;
  inputs: KindInputs;
  auth: LogBuilder;
  flows: LogBuilder;
  redteam: LogBuilder;
}

function withField(line: string, index: number, value: string): string {
  const f = line.split(',');
  f[index] = value;
  return f.join(',');
}

/** The mini set with every line-level fault kind added at known lines. */
async function buildHostile(): Promise<Built> {
  const mini = await miniData();
  const data = scratch('parsing');
  const auth = new LogBuilder('auth');
  const flows = new LogBuilder('flows');
  const redteam = new LogBuilder('redteam');

  const a = linesOf(join(mini, 'auth.txt'));
  auth.add(
    Buffer.concat([
      Buffer.from([0xef, 0xbb, 0xbf]),
      Buffer.from('0,U0@DOM1,U0@DOM1,C0BOM,C0BOM,?,Network,LogOn,Success'),
    ]),
    { either: true, mark: 'bom' },
  );
  auth.add('0007,U0@DOM1,U0@DOM1,C0007,C1,?,Network,LogOn,Success', { mark: 'valid-int' });
  a.forEach((line, i) => {
    const last = i === a.length - 1;
    if (last) {
      auth.add('', { mark: 'blank' });
      auth.add(`${line.split(',')[0]},U80@DOM1,U80@DOM1,LASTHOST,LASTHOST,?,Interactive,LogOn,Success`, {
        mark: 'crlf',
        ending: '\r\n',
      });
      auth.add(line, { ending: '', mark: 'last' });
      return;
    }
    auth.add(line, i % 7 === 3 ? { ending: '\r\n', mark: 'crlf' } : {});
    const t = line.split(',')[0]!;
    if (i === 0) {
      for (const name of HOSTILE_NAMES)
        auth.add(`${t},U77@DOM1,U77@DOM1,${name},${name},?,Interactive,LogOn,Success`, { mark: 'hostile' });
      auth.add(`${t},U79@DOM1,U79@DOM1,,,?,Interactive,LogOn,Success`, { mark: 'empty-host' });
      auth.add(`${t},U78@DOM1,U78@DOM1,CRLFHOST,CRLFHOST,?,Interactive,LogOn,Success`, {
        ending: '\r\n',
        mark: 'crlf',
      });
    }
    if (i === 10 || i === 11) auth.add('', { mark: 'blank' });
    if (i === 11) auth.add('', { mark: 'blank' });
    if (i === 2000) auth.add('\r', { mark: 'blank' });
    if (i === 100) for (const bad of BAD_TIMES) auth.add(withField(line, 0, bad), { mark: 'bad-int' });
    if (i === 200) {
      auth.add(line.split(',').slice(0, 8).join(','), { mark: 'field-count' });
      auth.add(`${line},extra`, { mark: 'field-count' });
      auth.add(','.repeat(10_000), { mark: 'field-count' });
      auth.add('garbage', { mark: 'field-count' });
      auth.add(',', { mark: 'field-count' });
    }
    if (i === 300) {
      auth.add(withField(withField(line, 2, 'U\u0000X@DOM1'), 6, 'Network'), { mark: 'nul-text' });
      auth.add(withField(line, 0, `${t}\u0000`), { mark: 'nul-int' });
      auth.add(Buffer.alloc(20), { mark: 'nul-int' });
    }
  });

  const f = linesOf(join(mini, 'flows.txt'));
  f.forEach((line, i) => {
    flows.add(line, i % 5 === 2 ? { ending: '\r\n', mark: 'crlf' } : {});
    const t = line.split(',')[0]!;
    if (i === 0) {
      for (const name of [...HOSTILE_NAMES, '', 'CRLFHOST', 'LASTHOST']) {
        flows.add(`${t},3,${name},N1,C586,443,6,3,300`, { mark: 'hostile' });
        flows.add(`${t},5,C586,443,${name},N2,6,4,4000`, { mark: 'hostile', ending: '\r\n' });
      }
    }
    if (i === 50) flows.add('', { mark: 'blank' });
    if (i === 100) {
      for (const bad of ['7.0', '+7', ' 7', '']) flows.add(withField(line, 1, bad), { mark: 'bad-int' });
      flows.add(withField(line, 7, '1e3'), { mark: 'bad-int' });
      flows.add(withField(line, 8, '9007199254740992'), { mark: 'bad-int' });
      flows.add(withField(line, 8, ''), { mark: 'bad-int' });
      flows.add(withField(line, 0, '٣'), { mark: 'bad-int' });
      flows.add(withField(withField(line, 1, '0007'), 8, '0'), { mark: 'valid-int' });
    }
  });

  linesOf(join(mini, 'redteam.txt')).forEach((line, i) => {
    redteam.add(line, i % 2 === 1 ? { ending: '\r\n', mark: 'crlf' } : {});
    if (i === 5) redteam.add('bad,line', { mark: 'field-count' });
  });
  redteam.add('999999,U1@DOM1,C17693,<script>alert(1)</script>', { mark: 'hostile' });

  writeFileSync(join(data, 'auth.txt'), auth.bytes());
  writeFileSync(join(data, 'flows.txt'), flows.bytes());
  writeFileSync(join(data, 'redteam.txt'), redteam.bytes());
  return { data, inputs: inputsOf(data), auth, flows, redteam };
}

interface HostileRuns {
  built: Built;
  paths: AllPathsResult;
  /** OUT of a run with detection and the report. */
  full: string;
}

let runs: Promise<HostileRuns> | undefined;
function hostileRuns(): Promise<HostileRuns> {
  runs ??= (async () => {
    const built = await buildHostile();
    const expectation = {
      auth: built.auth.expectation(join(built.data, 'auth.txt')),
      flows: built.flows.expectation(join(built.data, 'flows.txt')),
      redteam: built.redteam.expectation(join(built.data, 'redteam.txt')),
    };
    const full = join(scratch('parsing-full'), 'out');
    const [paths, fullRun] = await Promise.all([
      analyzeAllPaths('parsing', [built.data], built.inputs, { rejected: expectation }),
      peerscope(['analyze', built.data, '--out', full, '-q', '--threads', '2'], { timeoutMs: 120_000 }),
    ]);
    assertNoCrash(fullRun);
    assertExit(fullRun, 0);
    assertNoTempSiblings(full);
    return { built, paths, full };
  })();
  return runs;
}

function rejectedLines(out: string, summary: Summary, kind: 'auth' | 'flows' | 'redteam'): Set<number> {
  const lines = new Set<number>();
  for (const rel of summary.files[kind]?.rejected_files ?? []) {
    for (const entry of readFileSync(join(out, rel), 'latin1').split('\n'))
      if (entry !== '') lines.add(Number(entry.slice(0, entry.indexOf('\t'))));
  }
  return lines;
}

/** Rejected-line reasons of a kind match the suite's verdicts, up to the lines that may go either way. */
function assertReasons(summary: Summary, builder: LogBuilder): void {
  const got = summary.files[builder.kind]?.reasons ?? {};
  const want = builder.reasons();
  let extra = 0;
  for (const [reason, n] of Object.entries(want)) {
    assert.ok((got[reason] ?? 0) >= n, `${builder.kind}: at least ${n} rejected as ${reason}, got ${got[reason] ?? 0}`);
  }
  for (const [reason, n] of Object.entries(got)) extra += n - (want[reason] ?? 0);
  assert.ok(
    extra <= builder.eitherCount(),
    `${builder.kind}: rejections beyond the suite's verdicts (${extra}) only from lines that may go either way (${builder.eitherCount()})`,
  );
}

faultGroup('line-level faults that hold', 2, () => {
  faultCase(
    'parse-reference-results',
    "humans.csv and series.csv of the combined hostile data set equal the suite's own computation, on every path",
    async () => {
      const { built, paths } = await hostileRuns();
      const ref = referenceResults(built.inputs);
      assertMatchesReference(paths.first, ref, 'analyze --threads 1');
      assert.ok(
        ref.humans.size > 70 && ref.series.size > 200,
        `the data set has humans (${ref.humans.size}) and series (${ref.series.size})`,
      );
    },
  );

  faultCase(
    'parse-crlf',
    'CRLF endings on every 7th auth, 5th flow and 2nd redteam line are valid rows (the CR is not part of the last field)',
    async () => {
      const { built, paths } = await hostileRuns();
      for (const b of [built.auth, built.flows, built.redteam]) {
        const rejected = rejectedLines(paths.first, paths.summary, b.kind);
        const bad = b.marked('crlf').filter((l) => rejected.has(l));
        assert.deepEqual(bad, [], `${b.kind}: no CRLF line rejected`);
      }
      const hosts = parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8')).map((r) => r[0]);
      assert.ok(hosts.includes('CRLFHOST') && hosts.includes('LASTHOST'), 'hosts of CRLF lines without a CR');
    },
  );

  faultCase('parse-blank-lines', 'empty and bare-CR lines are counted as blank, not rejected', async () => {
    const { built, paths } = await hostileRuns();
    assert.equal(paths.summary.files.auth?.blank, built.auth.marked('blank').length);
    assert.equal(paths.summary.files.flows?.blank, built.flows.marked('blank').length);
  });

  faultCase('parse-no-final-newline', 'a last line without LF is a line and a valid row', async () => {
    const { built, paths } = await hostileRuns();
    const [last] = built.auth.marked('last');
    assert.equal(last, built.auth.lines);
    assert.ok(!rejectedLines(paths.first, paths.summary, 'auth').has(last), 'the last line is not rejected');
  });

  faultCase(
    'parse-bom',
    'a UTF-8 BOM before line 1: exact accounting; the mark is dropped and line 1 read as a row',
    async () => {
      const { built, paths } = await hostileRuns();
      assert.deepEqual(built.auth.marked('bom'), [1]);
      // The other paths are held to the same results as this one.
      assert.ok(!rejectedLines(paths.first, paths.summary, 'auth').has(1), 'line 1 is not rejected');
      const hosts = parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8')).map((r) => r[0]);
      assert.ok(!hosts.some((h) => h?.includes('\ufeff')), 'no host name carries the BOM');
    },
  );

  faultCase(
    'parse-strict-integers',
    `integers are strict: ${BAD_TIMES.map((t) => JSON.stringify(t)).join(' ')} as time, 7.0 +7 " 7" "" as duration, 1e3 as packets, 2^53 and "" as bytes are rejected with <field>_not_integer; 0007 and 0 are valid`,
    async () => {
      const { built, paths } = await hostileRuns();
      for (const b of [built.auth, built.flows]) {
        const rejected = rejectedLines(paths.first, paths.summary, b.kind);
        assert.deepEqual(
          b.marked('bad-int').filter((l) => !rejected.has(l)),
          [],
          `${b.kind}: every bad integer rejected`,
        );
        assert.deepEqual(
          b.marked('valid-int').filter((l) => rejected.has(l)),
          [],
          `${b.kind}: leading zeros and 0 accepted`,
        );
        assertReasons(paths.summary, b);
      }
      const r = paths.summary.files.flows!.reasons;
      assert.equal(r.duration_not_integer, 4);
      assert.equal(r.packets_not_integer, 1);
      assert.equal(r.bytes_not_integer, 2);
      assert.equal(r.time_not_integer, 1);
    },
  );

  faultCase(
    'parse-field-count',
    '8 and 10 fields, 10,000 commas, one field, two empty fields, a line of NULs: rejected as field_count, in auth and redteam',
    async () => {
      const { built, paths } = await hostileRuns();
      for (const b of [built.auth, built.redteam]) {
        const rejected = rejectedLines(paths.first, paths.summary, b.kind);
        assert.deepEqual(
          b.marked('field-count').filter((l) => !rejected.has(l)),
          [],
          `${b.kind}: every wrong field count rejected`,
        );
        assert.equal(paths.summary.files[b.kind]?.reasons.field_count, b.reasons().field_count);
      }
    },
  );

  faultCase(
    'parse-nul-bytes',
    'NUL inside an integer is rejected, a line of NULs is rejected, NUL inside a text field is a row or a rejected line, the same on every path',
    async () => {
      const { built, paths } = await hostileRuns();
      const rejected = rejectedLines(paths.first, paths.summary, 'auth');
      assert.deepEqual(
        built.auth.marked('nul-int').filter((l) => !rejected.has(l)),
        [],
      );
      assert.equal(built.auth.marked('nul-text').length, 1);
    },
  );

  faultCase(
    'hostile-names',
    'host names with HTML, quotes, SQL, shell, format strings, tabs, spaces, unicode, numbers with a leading zero: exact in humans.csv, series and compromised.csv on every path, escaped in report.html, detection runs',
    async () => {
      const { paths, full } = await hostileRuns();
      const humans = new Set(parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8')).map((r) => r[0]));
      for (const name of HOSTILE_NAMES) assert.ok(humans.has(name), `humans.csv holds ${JSON.stringify(name)}`);
      const seriesHosts = new Set(parseCsv(readFileSync(join(paths.first, 'series.csv'), 'utf8')).map((r) => r[1]));
      for (const name of HOSTILE_NAMES) assert.ok(seriesHosts.has(name), `series.csv holds ${JSON.stringify(name)}`);
      assert.ok(
        parseCsv(readFileSync(join(paths.first, 'compromised.csv'), 'utf8')).some(
          (r) => r[0] === '<script>alert(1)</script>',
        ),
        'compromised.csv holds the hostile red-team target',
      );
      const html = readFileSync(join(full, 'report.html'), 'utf8');
      assert.ok(!html.includes('<script>alert(1)</script>'), 'report.html does not carry a raw <script> from the data');
      assert.ok(!html.includes('<img src=x onerror'), 'report.html does not carry a raw <img> from the data');
      const ranked = new Set(parseCsv(readFileSync(join(full, 'hosts.csv'), 'utf8')).map((r) => r[0]));
      for (const name of HOSTILE_NAMES) assert.ok(ranked.has(name), `hosts.csv ranks ${JSON.stringify(name)}`);
    },
  );

  faultCase(
    'empty-host-name',
    'an empty host name (two commas) in a human logon and in flows is a host like any other, the same on every path',
    async () => {
      const { paths } = await hostileRuns();
      const rows = parseCsv(readFileSync(join(paths.first, 'humans.csv'), 'utf8'));
      assert.ok(
        rows.some((r) => r[0] === ''),
        'humans.csv has the empty host',
      );
      assert.ok(paths.store !== undefined);
    },
  );

  faultCase(
    'shuffled-input',
    'auth and flows lines in a seeded random order: the same humans and series as sorted input, exact accounting, rejected lines with their new numbers, on 1 and 2 threads',
    async () => {
      const { built, paths } = await hostileRuns();
      const data = scratch('shuffled');
      let s = 16;
      const rand = () => (s = (Math.imul(s, 1103515245) + 12345) >>> 0) / 2 ** 32;
      for (const name of ['auth.txt', 'flows.txt', 'redteam.txt']) {
        const lines = readFileSync(join(built.data, name)).toString('latin1').split('\n');
        if (lines.at(-1) === '') lines.pop();
        for (let i = lines.length - 1; i > 0; i--) {
          const j = Math.floor(rand() * (i + 1));
          [lines[i], lines[j]] = [lines[j]!, lines[i]!];
        }
        writeFileSync(join(data, name), Buffer.from(lines.join('\n') + '\n', 'latin1'));
      }
      const shuffled = await analyzeAllPaths('shuffled', [data], inputsOf(data), { store: false });
      for (const name of ['humans.csv', 'series.csv', 'compromised.csv']) {
        assert.ok(
          readFileSync(join(shuffled.first, name)).equals(readFileSync(join(paths.first, name))),
          `${name} as from sorted input`,
        );
      }
      assert.equal(
        shuffled.summary.files.auth!.rows + shuffled.summary.files.auth!.rejected,
        paths.summary.files.auth!.rows + paths.summary.files.auth!.rejected,
      );
    },
  );

  faultCase(
    'duplicated-input',
    "every line twice: humans have twice the logons, series twice the sums and flows (the suite's own computation), on every path",
    async () => {
      const { built } = await hostileRuns();
      const data = scratch('duplicated');
      for (const name of ['auth.txt', 'flows.txt', 'redteam.txt']) {
        const lines = readFileSync(join(built.data, name)).toString('latin1').split('\n');
        if (lines.at(-1) === '') lines.pop();
        // A byte-order mark marks the file, not its first line: the copy of line 1 goes without it.
        const copy = (l: string, i: number) => (i === 0 ? l.replace(/^\xef\xbb\xbf/, '') : l);
        writeFileSync(
          join(data, name),
          Buffer.from(lines.flatMap((l, i) => [l, copy(l, i)]).join('\n') + '\n', 'latin1'),
        );
      }
      const inputs = inputsOf(data);
      const twice = await analyzeAllPaths('duplicated', [data], inputs, { oneThread: false });
      const ref = referenceResults(inputs);
      const once = referenceResults(built.inputs);
      assertMatchesReference(twice.first, ref, 'duplicated');
      for (const [host, h] of once.humans)
        assert.equal(ref.humans.get(host)?.logons, 2 * h.logons, `${host} logons doubled`);
      const { paths } = await hostileRuns();
      for (const kind of ['auth', 'flows', 'redteam'] as const) {
        const [a, b] = [twice.summary.files[kind]!, paths.summary.files[kind]!];
        assert.deepEqual(
          [a.rows, a.rejected, a.blank],
          [2 * b.rows, 2 * b.rejected, 2 * b.blank],
          `${kind}: twice the rows, rejected and blank lines`,
        );
      }
    },
  );
});
