cd $(git rev-parse --show-toplevel)
for c in exfil low-and-slow replay none; do for s in 1 2 3; do
  [ -f /tmp/ds/data-$c-$s/truth.json ] || node dist/cli/main.js generate /tmp/ds/data-$c-$s --seed $s --scale 0.004 --days 14 --campaign $c --quiet
done; done
echo done
