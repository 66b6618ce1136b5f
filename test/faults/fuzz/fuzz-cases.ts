// The seeded fuzz cases: case i is the fuzz base (fixtures/fuzz-*.txt) with 1–4 mutations drawn
// from seededRandom(seed, i). Same seed and index, same bytes, on any machine and in any batch.
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { MUTATIONS, mutateOnce } from './mutate.js';
import { randomInt, seededRandom } from './seeded-random.js';

/** The seed of the fuzz in `npm test` and `npm run fuzz`. */
export const FUZZ_SEED = 16;

export interface FuzzCase {
  index: number;
  /** `fuzz-NNN`, the name in known-defects.ts. */
  id: string;
  auth: Buffer;
  flows: Buffer;
  /** What was done, e.g. `flows: flip byte 812 to 0xff`. */
  ops: string[];
}

const FIXTURES = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures');
let base: { auth: Buffer; flows: Buffer } | undefined;

/** The unmutated files: two days of auth and flows with 12 human hosts. */
export function fuzzBase(): { auth: Buffer; flows: Buffer } {
  base ??= {
    auth: readFileSync(join(FIXTURES, 'fuzz-auth.txt')),
    flows: readFileSync(join(FIXTURES, 'fuzz-flows.txt')),
  };
  return base;
}

export function fuzzCaseId(index: number): string {
  return `fuzz-${String(index).padStart(3, '0')}`;
}

/** Case `index` of the fuzz with `seed`. */
export function fuzzCase(index: number, seed = FUZZ_SEED): FuzzCase {
  const rand = seededRandom((Math.imul(seed, 0x9e3779b1) ^ Math.imul(index + 1, 0x85ebca6b)) >>> 0);
  const files = { ...fuzzBase() };
  const ops: string[] = [];
  const n = 1 + randomInt(rand, 4);
  for (let k = 0; k < n; k++) {
    const which = rand() < 0.5 ? 'auth' : 'flows';
    const kind = MUTATIONS[randomInt(rand, MUTATIONS.length)]!;
    const { bytes, op } = mutateOnce(files[which], kind, rand);
    files[which] = bytes;
    ops.push(`${which}: ${op}`);
  }
  return { index, id: fuzzCaseId(index), auth: files.auth, flows: files.flows, ops };
}
