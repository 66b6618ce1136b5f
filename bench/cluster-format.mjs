// What the cluster benchmarks (cluster.mjs, cluster-ingest.mjs) print with: rates and counts in
// k / M, a pause, and progress lines on stderr (stdout holds the table).

export function fmtRate(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M/s` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k/s` : `${n.toFixed(0)}/s`;
}

export function fmtCount(n) {
  return n >= 1e6 ? `${(n / 1e6).toFixed(2)} M` : n >= 1e3 ? `${(n / 1e3).toFixed(0)} k` : String(n);
}

export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}

export function log(text) {
  process.stderr.write(`${text}\n`);
}
