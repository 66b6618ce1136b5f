// The effect of pruning the peer-group graph (src/pipeline/peer-graph-edges.ts) on a finished
// analysis folder: for each cap, the kept edges, Louvain's time and the JS heap the graph takes,
// the modularity of the partition judged on the whole (unpruned) graph (graphology-metrics), the
// groups, and how far the human hosts' groups agree with the unpruned run's (adjusted Rand index
// over pairs of human hosts).
//
//   node bench/peer-graph-pruning.mjs OUT [--caps 500000,200000,100000]
// OUT is an `analyze` output folder (tables/*.parquet). Build first (npm run build).
import { join, resolve, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import modularityModule from 'graphology-metrics/graph/modularity.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { openDuckDb } = await import(join(root, 'dist', 'engine', 'index.js'));
const { peerGraphEdges, peerGraphSql, OUTPUT_FILES, DETECT_DEFAULTS } = await import(
  join(root, 'dist', 'pipeline', 'index.js')
);
const { peerGroups } = await import(join(root, 'dist', 'graph', 'index.js'));
const modularity = modularityModule.default ?? modularityModule;

const args = process.argv.slice(2);
const dir = resolve(args[0] ?? '');
const i = args.indexOf('--caps');
const caps = (i >= 0 ? args[i + 1] : '500000,200000,100000').split(',').map(Number);

const engine = await openDuckDb();
const table = (name) => engine.readParquet(join(dir, OUTPUT_FILES[name]));
const humans = (await engine.all(`SELECT host FROM ${table('humansTable')} ORDER BY host`)).map((r) => `h:${r.host}`);
const edgesSql = peerGraphSql(table);

const runs = [];
for (const cap of [Number.MAX_SAFE_INTEGER, ...caps]) {
  const t0 = performance.now();
  const { edges, pruning } = await peerGraphEdges(engine, edgesSql, { maxEdges: cap });
  const query = (performance.now() - t0) / 1000;
  globalThis.gc?.();
  const heap0 = process.memoryUsage().heapUsed;
  const t1 = performance.now();
  const g = peerGroups(edges, humans, {
    resolution: DETECT_DEFAULTS.resolution,
    seed: DETECT_DEFAULTS.seed,
    minGroupSize: DETECT_DEFAULTS.minGroupSize,
  });
  const louvain = (performance.now() - t1) / 1000;
  const heap = process.memoryUsage().heapUsed - heap0;
  // Only the unpruned graph is kept (to judge every partition on); the others' graphs go.
  const kept = { modularity: g.modularity, partition: g.partition, groupOf: g.groupOf, groups: g.groups };
  runs.push({ cap, pruning, query, louvain, heap, g: runs.length === 0 ? g : kept });
  process.stderr.write(`cap ${cap}: ${pruning.kept} edges, Louvain ${louvain.toFixed(1)} s\n`);
}
await engine.close();

const full = runs[0].g;
const onFull = (partition) =>
  modularity(full.graph, { getNodeCommunity: (n) => partition[n], getEdgeWeight: 'weight' });
const lines = [
  `peer-graph pruning on ${dir}: ${full.graph.order} nodes, ${full.graph.size} edges, ${humans.length} human hosts`,
  '',
  '| max edges | kept | rank kept | weight kept | edge query s | Louvain + PageRank s | JS heap MiB | modularity (own graph) | modularity on the unpruned graph | groups | ARI vs unpruned |',
  '|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
];
for (const r of runs) {
  const cap = r.cap === Number.MAX_SAFE_INTEGER ? 'none' : String(r.cap);
  lines.push(
    `| ${cap} | ${r.pruning.kept} | ${r.pruning.rank ?? 'all'} | ${r.pruning.weight_kept.toFixed(3)} | ${r.query.toFixed(1)} | ${r.louvain.toFixed(1)} | ${(r.heap / 2 ** 20).toFixed(0)} | ${r.g.modularity.toFixed(4)} | ${onFull(r.g.partition).toFixed(4)} | ${r.g.groups.length} | ${ari(humans, full.groupOf, r.g.groupOf).toFixed(3)} |`,
  );
}
process.stdout.write(lines.join('\n') + '\n');

/** Adjusted Rand index (Hubert & Arabie 1985) of two labelings of `items`. */
function ari(items, x, y) {
  const c2 = (n) => (n * (n - 1)) / 2;
  const cells = new Map();
  const rows = new Map();
  const cols = new Map();
  for (const it of items) {
    const a = x.get(it);
    const b = y.get(it);
    const k = `${a}|${b}`;
    cells.set(k, (cells.get(k) ?? 0) + 1);
    rows.set(a, (rows.get(a) ?? 0) + 1);
    cols.set(b, (cols.get(b) ?? 0) + 1);
  }
  let index = 0;
  for (const n of cells.values()) index += c2(n);
  let sa = 0;
  for (const n of rows.values()) sa += c2(n);
  let sb = 0;
  for (const n of cols.values()) sb += c2(n);
  const expected = (sa * sb) / c2(items.length);
  const max = (sa + sb) / 2;
  return max === expected ? 1 : (index - expected) / (max - expected);
}
