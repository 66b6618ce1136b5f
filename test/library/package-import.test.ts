import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { tempDir } from '../helpers/temp-dir.js';

const root = resolve(import.meta.dirname, '..', '..');

/** A folder outside the repository where `peerscope` resolves as an installed package would: node_modules/peerscope. */
function consumer(): string {
  assert.ok(existsSync(join(root, 'dist', 'library', 'index.js')), 'run npm run build first (the test imports dist/)');
  const dir = tempDir('consumer');
  mkdirSync(join(dir, 'node_modules'));
  symlinkSync(root, join(dir, 'node_modules', 'peerscope'), 'dir');
  return dir;
}

const golden = (
  JSON.parse(readFileSync(join(root, 'test', 'stats', 'fixtures', 'scipy-golden.json'), 'utf8')) as {
    mannwhitneyu: {
      name: string;
      x: number[];
      y: number[];
      u: number;
      p: number;
      alternative: string;
      method: string;
    }[];
  }
).mannwhitneyu.find((c) => c.name === 'many_ties')!;

test('the built package imports by name: peerscope/stats mannWhitneyU gives scipy’s U and p; peerscope exports the pipeline', () => {
  const dir = consumer();
  writeFileSync(
    join(dir, 'use.mjs'),
    `import { mannWhitneyU, gaussianKde, bootstrap } from 'peerscope/stats';
import * as peerscope from 'peerscope';
const r = mannWhitneyU(${JSON.stringify(golden.x)}, ${JSON.stringify(golden.y)});
const names = ['analyze', 'generate', 'ingest', 'openDuckDb', 'topHosts', 'writeJsonl'].filter((n) => typeof peerscope[n] === 'function');
const engine = await peerscope.openDuckDb();
const [row] = await engine.all('SELECT 40 + 2 AS n');
await engine.close();
console.log(JSON.stringify({ u: r.u, p: r.p, names, kde: typeof gaussianKde, boot: typeof bootstrap, n: row.n, version: peerscope.PEERSCOPE_VERSION }));
`,
  );
  const run = spawnSync(process.execPath, ['use.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  const got = JSON.parse(run.stdout) as {
    u: number;
    p: number;
    names: string[];
    kde: string;
    boot: string;
    n: number;
    version: string;
  };
  assert.equal(got.u, golden.u);
  assert.ok(Math.abs(got.p - golden.p) <= 1e-9 * golden.p, `p ${got.p} vs scipy ${golden.p}`);
  assert.deepEqual(got.names, ['analyze', 'generate', 'ingest', 'openDuckDb', 'topHosts', 'writeJsonl']);
  assert.deepEqual([got.kde, got.boot, got.n], ['function', 'function', 42]);
  assert.equal(
    got.version,
    (JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string }).version,
  );
  // Internals are not reachable through the package name.
  writeFileSync(join(dir, 'deep.mjs'), `import 'peerscope/dist/pipeline/analyze.js';\n`);
  const deep = spawnSync(process.execPath, ['deep.mjs'], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(deep.status, 0);
  assert.match(deep.stderr, /ERR_PACKAGE_PATH_NOT_EXPORTED/);
});

test('the package’s types: a TypeScript program importing peerscope and peerscope/stats type-checks, a wrong call does not', () => {
  const dir = consumer();
  writeFileSync(
    join(dir, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        module: 'nodenext',
        moduleResolution: 'nodenext',
        target: 'es2022',
        strict: true,
        noEmit: true,
        skipLibCheck: true,
        types: ['node'],
        typeRoots: [join(root, 'node_modules', '@types')],
      },
      files: ['use.ts'],
    }),
  );
  writeFileSync(join(dir, 'package.json'), '{"type": "module"}\n');
  const good = `import { analyze, type AnalyzeOptions, type Engine, openDuckDb } from 'peerscope';
import { mannWhitneyU } from 'peerscope/stats';
const options: AnalyzeOptions = { flows: 'conn.log', out: 'out', humanLogonTypes: ['Interactive'] };
const u: number = mannWhitneyU([1, 2], [3, 4]).u;
const engine: Promise<Engine> = openDuckDb();
export { options, u, engine, analyze };
`;
  const tsc = join(root, 'node_modules', 'typescript', 'bin', 'tsc');
  writeFileSync(join(dir, 'use.ts'), good);
  const ok = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
  assert.equal(ok.status, 0, ok.stdout + ok.stderr);
  writeFileSync(join(dir, 'use.ts'), good.replace("out: 'out'", 'out: 42'));
  const bad = spawnSync(process.execPath, [tsc, '-p', dir], { cwd: dir, encoding: 'utf8' });
  assert.notEqual(bad.status, 0);
  assert.match(bad.stdout, /Type 'number' is not assignable to type 'string'/);
});
