// Checks that src/ follows its layout: no import circle between files, and each folder imports
// only the folders below it (type-only imports count too). Run by `npm run lint`.
//
//   sources, engine, stats           the inputs, the SQL engine, pure statistics
//   store                            the Parquet store (sources, engine)
//   graph, detect                    pure algorithms (stats)
//   pipeline                         analyze and its stages (all of the above)
//   report                           report.html (pipeline, engine, stats)
//   generate                         synthetic data, beside the rest (stats)
//   cli                              the commands (everything)
// Files directly in src/ (errors, version, output folders, ...) are shared by every folder and
// import nothing but each other.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const src = join(root, 'src');

/** Folder → the folders it may import (besides itself and the files directly in src/). */
const ALLOWED = {
  '.': [],
  sources: [],
  engine: [],
  stats: [],
  store: ['sources', 'engine'],
  graph: ['stats'],
  detect: ['stats'],
  pipeline: ['sources', 'engine', 'store', 'stats', 'graph', 'detect'],
  report: ['pipeline', 'engine', 'stats', 'sources'],
  generate: ['stats'],
  cli: ['sources', 'engine', 'store', 'stats', 'graph', 'detect', 'pipeline', 'report', 'generate'],
  // The package's entry point (package.json exports); nothing imports it.
  library: ['sources', 'engine', 'store', 'stats', 'graph', 'detect', 'pipeline', 'report', 'generate'],
};

const files = [];
const walk = (dir) => {
  for (const name of readdirSync(dir).sort()) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path);
    else if (name.endsWith('.ts')) files.push(path);
  }
};
walk(src);

const folderOf = (file) => {
  const parts = relative(src, file).split('/');
  return parts.length === 1 ? '.' : parts[0];
};
const IMPORT = /(?:^|\n)\s*(?:import|export)\b[^'"]*?from\s*['"](\.[^'"]+)['"]|import\(\s*['"](\.[^'"]+)['"]\s*\)/g;

const problems = [];
const edges = new Map();
for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const targets = [];
  for (const m of text.matchAll(IMPORT)) {
    const spec = m[1] ?? m[2];
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    targets.push(target);
    const from = folderOf(file);
    const to = folderOf(target);
    if (!target.startsWith(src + '/')) problems.push(`${relative(root, file)} imports ${spec}, outside src/`);
    else if (!(from in ALLOWED)) problems.push(`${relative(root, file)}: folder src/${from} is not in the layout`);
    else if (to !== from && to !== '.' && !ALLOWED[from].includes(to)) {
      problems.push(
        `${relative(root, file)} (${from}) imports ${relative(root, target)} (${to}), which ${from} may not use`,
      );
    }
  }
  edges.set(file, targets);
}

// Import circles between files: depth-first search, reporting each back edge's cycle once.
const state = new Map();
const stack = [];
const cycles = new Set();
const visit = (file) => {
  state.set(file, 'open');
  stack.push(file);
  for (const next of edges.get(file) ?? []) {
    if (!edges.has(next)) continue;
    if (state.get(next) === 'open') {
      const cycle = stack.slice(stack.indexOf(next)).map((f) => relative(root, f));
      cycles.add([...cycle, cycle[0]].join(' -> '));
    } else if (!state.has(next)) visit(next);
  }
  stack.pop();
  state.set(file, 'done');
};
for (const file of files) if (!state.has(file)) visit(file);
for (const c of cycles) problems.push(`import circle: ${c}`);

if (problems.length > 0) {
  process.stderr.write(`check-layers: ${problems.length} problem(s)\n${problems.map((p) => `  ${p}`).join('\n')}\n`);
  process.exit(1);
}
process.stdout.write(
  `check-layers: ${files.length} files in src/, no import circle, every import follows the layout\n`,
);
