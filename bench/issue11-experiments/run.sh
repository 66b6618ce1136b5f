# usage: run.sh TAG  -> analyzes every data set into /tmp/ds/out-TAG-<c>-<s>, with dump
cd $(git rev-parse --show-toplevel)
tag=$1; shift
for d in /tmp/ds/data-*; do
  b=$(basename $d); b=${b#data-}
  o=/tmp/ds/out-$tag-$b
  rm -rf $o
  PEERSCOPE_DUMP=/tmp/ds/dump-$tag-$b.csv node dist/cli/main.js analyze $d --out $o --no-report --quiet "$@" &
  while [ $(jobs -r | wc -l) -ge 2 ]; do sleep 0.5; done
done
wait
echo done
