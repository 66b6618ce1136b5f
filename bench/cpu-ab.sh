#!/bin/bash
# A/B of CPU seconds on a loaded machine: runs the seed (or full) analysis with each CLI build
# given, alternating, RUNS times, and prints wall, CPU (user+sys, every thread) and peak RSS
# (/usr/bin/time), then the scan stages from summary.json. Builds: folders holding dist/cli/main.js.
#   bash bench/cpu-ab.sh 3 seed DATA /tmp/base /work/wt/me
runs=$1; mode=$2; data=$3; shift 3
extra="--no-detect --no-report"; [ "$mode" = full ] && extra=""
out=$(mktemp -d)
for r in $(seq "$runs"); do for d in "$@"; do
  rm -rf "$out/run"
  /usr/bin/time -f "$d $mode %e s wall, %U+%S s CPU, %M KB peak RSS" node "$d/dist/cli/main.js" analyze "$data" --out "$out/run" --quiet $extra 2>&1 >/dev/null | tail -1
  node -e "const t=JSON.parse(require('fs').readFileSync(process.argv[1],'utf8')).timings; console.log('   ', Object.entries(t).filter(([k])=>k.startsWith('scan_')).map(([k,v])=>k+' '+v).join(', '))" "$out/run/summary.json"
done; done
rm -rf "$out"
