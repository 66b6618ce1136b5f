// Corrupt and unusual gzip inputs. A corrupt gzip ends the run with exit 3, one line naming the
// file (and a line, or "at end of file"), OUT as it was and no temporary folders; `ingest` ends
// the same way without a manifest. Valid but unusual streams (several members, an empty member,
// zero padding) are read whole.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { faultCase, faultGroup } from './fault-case.js';
import { analyzeAllPaths, type AllPathsResult } from './helpers/all-paths.js';
import { readSummary } from './helpers/assert-output.js';
import { assertErrorAt, assertNoCrash } from './helpers/assert-run.js';
import { CONTRACT } from './helpers/contract.js';
import { copyData, generatedData, linesOf, miniBaseline, miniData, scratch } from './helpers/fault-data.js';
import { assertNoTempSiblings, assertTreeUnchanged, previousOut } from './helpers/output-tree.js';
import { peerscope } from './helpers/peerscope-cli.js';

type Kind = 'auth' | 'flows';

/** A gzip file with byte i XORed with x. */
const flip = (b: Buffer, i: number, x = 0xff) => {
  const c = Buffer.from(b);
  c[i] = c[i]! ^ x;
  return c;
};

/** The first 10 bytes of a member with extra flags set, followed by `rest`. */
const header = (gz: Buffer, flags: number, rest: Buffer) => {
  const h = Buffer.from(gz.subarray(0, 10));
  h[3] = h[3]! | flags;
  return Buffer.concat([h, rest]);
};

/** Two members from a text cut in the middle of a line. */
const members = (text: Buffer): [Buffer, Buffer] => [
  gzipSync(text.subarray(0, Math.floor(text.length / 2) + 3)),
  gzipSync(text.subarray(Math.floor(text.length / 2) + 3)),
];

interface GzipFault {
  id: string;
  what: string;
  make: (gz: Buffer, text: Buffer) => Buffer;
}

const FAULTS: GzipFault[] = [
  {
    id: 'gzip-truncated-member',
    what: 'cut in the middle of the deflate data',
    make: (gz) => gz.subarray(0, Math.floor(gz.length / 2)),
  },
  {
    id: 'gzip-truncated-in-isize',
    what: 'last 2 bytes of the trailer missing',
    make: (gz) => gz.subarray(0, gz.length - 2),
  },
  {
    id: 'gzip-truncated-in-crc',
    what: 'last 6 bytes of the trailer missing',
    make: (gz) => gz.subarray(0, gz.length - 6),
  },
  { id: 'gzip-missing-trailer', what: 'the 8-byte trailer missing', make: (gz) => gz.subarray(0, gz.length - 8) },
  { id: 'gzip-bad-crc', what: 'CRC32 in the trailer wrong', make: (gz) => flip(gz, gz.length - 8) },
  { id: 'gzip-bad-isize', what: 'ISIZE in the trailer wrong', make: (gz) => flip(gz, gz.length - 2) },
  {
    id: 'gzip-junk-between-members',
    what: 'garbage between two members',
    make: (_gz, text) => Buffer.concat([members(text)[0], Buffer.from('JUNKJUNK'), members(text)[1]]),
  },
  {
    id: 'gzip-junk-after-end',
    what: 'garbage after the last member',
    make: (gz) => Buffer.concat([gz, Buffer.from('JUNKJUNK')]),
  },
  { id: 'gzip-plain-text-named-gz', what: 'plain text in a .gz file', make: (_gz, text) => text },
  { id: 'gzip-empty-file', what: 'a 0-byte .gz file', make: () => Buffer.alloc(0) },
  { id: 'gzip-header-only', what: 'the 10-byte header and nothing else', make: (gz) => gz.subarray(0, 10) },
  { id: 'gzip-bad-magic', what: 'first magic byte wrong', make: (gz) => flip(gz, 0) },
  { id: 'gzip-bad-method', what: 'compression method not deflate', make: (gz) => flip(gz, 2, 0x01) },
  { id: 'gzip-reserved-flags', what: 'reserved header flag bits set', make: (gz) => flip(gz, 3, 0xe0) },
  {
    id: 'gzip-fextra-overrun',
    what: 'FEXTRA length beyond the end of the file',
    make: (gz) => header(gz, 4, Buffer.from([0xff, 0xff, 1, 2, 3])),
  },
  {
    id: 'gzip-fname-unterminated',
    what: 'FNAME without its terminating NUL',
    make: (gz) => header(gz, 8, Buffer.from('name-without-end')),
  },
  {
    id: 'gzip-bad-header-crc',
    what: 'FHCRC set with a wrong header CRC',
    make: (gz) => header(gz, 2, Buffer.concat([Buffer.from([0, 0]), gz.subarray(10)])),
  },
  { id: 'gzip-corrupt-deflate', what: 'a flipped byte inside the deflate data', make: (gz) => flip(gz, 40) },
  {
    id: 'gzip-second-member-truncated',
    what: 'the second of two members cut short',
    make: (_gz, text) => {
      const [a, b] = members(text);
      return Buffer.concat([a, b.subarray(0, b.length - 20)]);
    },
  },
  {
    id: 'gzip-bzip2-named-gz',
    what: 'bzip2 data in a .gz file',
    make: () => Buffer.concat([Buffer.from('BZh91AY&SY'), Buffer.alloc(50, 7)]),
  },
  {
    id: 'gzip-no-line-break',
    what: 'a few lines, then 80 MiB without a line break (not held in memory: refused at its line)',
    make: (_gz, text) =>
      gzipSync(Buffer.concat([text.subarray(0, text.indexOf(10, 500) + 1), Buffer.alloc(80 << 20, 71)])),
  },
  {
    id: 'gzip-member-after-zero-padding',
    what: 'a member after 16 zero bytes of padding (its data would be lost)',
    make: (_gz, text) => {
      const [a, b] = members(text);
      return Buffer.concat([a, Buffer.alloc(16), b]);
    },
  },
];

/** A DATA folder of the mini set with `kind` as kind.txt.gz holding `bytes`. */
async function dataWith(name: string, kind: Kind, make: (gz: Buffer, text: Buffer) => Buffer): Promise<string> {
  const mini = await miniData();
  const other: Kind = kind === 'auth' ? 'flows' : 'auth';
  const dir = copyData(mini, name, [`${other}.txt`, 'redteam.txt']);
  const text = readFileSync(join(mini, `${kind}.txt`));
  writeFileSync(join(dir, `${kind}.txt.gz`), make(gzipSync(text), text));
  return dir;
}

/**
 * analyze (on 1 or 2 threads) and, when asked, ingest: exit 3, one line naming the file, the
 * previous OUT as it was, no temporary folders, no manifest. Returns the messages.
 */
async function assertGzipRefused(
  name: string,
  data: string,
  file: string,
  threads: 1 | 2,
  withIngest: boolean,
): Promise<string[]> {
  const parent = scratch(`${name}-out`);
  const prev = previousOut(parent);
  const store = join(parent, 'store');
  const [run, ri] = await Promise.all([
    peerscope(['analyze', data, '--out', prev.out, '-q', '--threads', String(threads), '--no-detect', '--no-report']),
    withIngest ? peerscope(['ingest', data, '--out', store, '-q']) : undefined,
  ]);
  const messages = [assertErrorAt(run, CONTRACT.exit.input, { file, line: true })];
  assertTreeUnchanged(prev.out, prev.before, 'OUT after a failed run');
  assertNoTempSiblings(prev.out);
  if (ri) {
    assertNoCrash(ri);
    messages.push(assertErrorAt(ri, CONTRACT.exit.input, { file }));
    assert.ok(
      !existsSync(join(store, 'manifest.json')),
      'a failed ingest leaves no manifest (the store is not complete)',
    );
  }
  return messages;
}

let unusual: Promise<{ gz: AllPathsResult; plain: string }> | undefined;
/** auth.txt.gz with zero padding after its member and flows.txt.gz as 3 members cut inside lines plus an empty one, on every path; and the plain mini set on 1 thread. */
function unusualStreams(): Promise<{ gz: AllPathsResult; plain: string }> {
  unusual ??= (async () => {
    const mini = await miniData();
    const dir = copyData(mini, 'unusual-streams', ['redteam.txt']);
    writeFileSync(
      join(dir, 'auth.txt.gz'),
      Buffer.concat([gzipSync(readFileSync(join(mini, 'auth.txt'))), Buffer.alloc(512)]),
    );
    const text = readFileSync(join(mini, 'flows.txt'));
    const cuts = [0, 1001, Math.floor(text.length / 2) + 7, text.length];
    const parts = cuts.slice(1).map((end, k) => gzipSync(text.subarray(cuts[k], end)));
    writeFileSync(join(dir, 'flows.txt.gz'), Buffer.concat([parts[0]!, gzipSync(Buffer.alloc(0)), ...parts.slice(1)]));
    // The suite's own count reads the plain files: what the streams must decode to.
    const inputs = {
      auth: [join(mini, 'auth.txt')],
      flows: [join(mini, 'flows.txt')],
      redteam: [join(dir, 'redteam.txt')],
    };
    const [gz, plain] = await Promise.all([analyzeAllPaths('unusual-streams', [dir], inputs), miniBaseline()]);
    return { gz, plain };
  })();
  return unusual;
}

faultGroup('gzip faults', 2, () => {
  FAULTS.forEach((fault, i) => {
    const kind: Kind = i % 2 === 0 ? 'flows' : 'auth';
    const threads = i % 4 < 2 ? 2 : 1;
    const withIngest = i % 7 === 0;
    faultCase(
      fault.id,
      `${kind}.txt.gz with ${fault.what}: exit 3, one line naming the file, OUT untouched, no leftovers (--threads ${threads}${withIngest ? '; ingest the same, no manifest' : ''})`,
      async () => {
        const data = await dataWith(fault.id, kind, fault.make);
        await assertGzipRefused(fault.id, data, `${kind}.txt.gz`, threads, withIngest);
      },
    );
  });

  faultCase(
    'gzip-trailer-at-end-of-file',
    'a trailer fault (bad CRC, bad ISIZE, cut trailer) after a 1 MiB block is reported "at end of file", not at a line inside the file',
    async () => {
      const g = await generatedData();
      // The first 20,000 auth lines: 1.4 MB, two blocks.
      const text = Buffer.from(linesOf(join(g, 'auth.txt')).slice(0, 20_000).join('\n') + '\n');
      const variants = [
        ['bad-crc', (gz: Buffer) => flip(gz, gz.length - 8)],
        ['bad-isize', (gz: Buffer) => flip(gz, gz.length - 2)],
        ['cut-trailer', (gz: Buffer) => gz.subarray(0, gz.length - 4)],
      ] as const;
      const gz = gzipSync(text);
      const messages = await Promise.all(
        variants.map(async ([variant, make]) => {
          const dir = copyData(g, `trailer-${variant}`, ['flows.txt']);
          writeFileSync(join(dir, 'auth.txt.gz'), make(gz));
          return [variant, (await assertGzipRefused(`trailer-${variant}`, dir, 'auth.txt.gz', 2, false))[0]!] as const;
        }),
      );
      for (const [variant, message] of messages) {
        assert.match(message, /at end of file/, `${variant}: ${message}`);
        assert.doesNotMatch(message, /\bline \d+/, `${variant}: no line inside the file: ${message}`);
      }
    },
  );

  faultCase(
    'gzip-multi-member',
    'flows.txt.gz as 3 members cut inside lines plus an empty member: read whole, exact accounting, the same humans and series as the plain file, on every path',
    async () => {
      const { gz, plain } = await unusualStreams();
      for (const name of ['humans.csv', 'series.csv'])
        assert.ok(
          readFileSync(join(gz.first, name)).equals(readFileSync(join(plain, name))),
          `${name} as from the plain files`,
        );
      assert.equal(gz.summary.files.flows?.rows, readSummary(plain).files.flows?.rows);
    },
  );

  faultCase(
    'gzip-trailing-zero-padding',
    'auth.txt.gz with 512 zero bytes after its member (tape padding, which gzip accepts): read as the data, on every path',
    async () => {
      const { gz, plain } = await unusualStreams();
      assert.equal(gz.summary.files.auth?.rows, readSummary(plain).files.auth?.rows);
      assert.equal(gz.summary.files.auth?.rejected, 0);
    },
  );
});
