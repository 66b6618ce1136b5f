#!/usr/bin/env bash
# A local ClickHouse cluster on loopback for tests and benchmarks:
#   scripts/clickhouse-cluster.sh start DIR [--shards N] [--timeout SECONDS] [--log-queries]
#   scripts/clickhouse-cluster.sh stop DIR
# start runs N clickhouse-server processes (default 2), each with its own config, data, tmp and log
# folders under DIR/shard-I and its own HTTP, TCP and interserver ports (free ports found by
# binding port 0), all listing the same `remote_servers` cluster `peerscope` of N one-replica shards
# (no ZooKeeper: Distributed tables over plain MergeTree tables need none). It waits until each
# answers `SELECT 1` over HTTP, then writes DIR/cluster.env:
#   PEERSCOPE_CLICKHOUSE_URL      the first shard's HTTP URL (any shard can run distributed queries)
#   PEERSCOPE_CLICKHOUSE_CLUSTER  peerscope
#   PEERSCOPE_CLICKHOUSE_SHARDS   every shard's HTTP URL, comma-separated, in shard order
#   PEERSCOPE_CLICKHOUSE_PIDS     the server pids, space-separated
# Every server keeps system.part_log (the parts INSERTs create and merges, for benchmarks).
# --log-queries (for benchmarks) logs every query in system.query_log and runs even the local
# shard's part of a distributed query as its own query (prefer_localhost_replica=0), so each shard's
# query_log holds the rows it scanned (otherwise the initiator's own part is inside the initial query).
# stop sends SIGTERM to those pids only (after checking each is still our server), waits, and
# falls back to SIGKILL. Runs as root or not: the Debian 18.16 server runs as whoever starts it
# when it owns DIR (only a data folder owned by another user makes newer servers refuse).
set -euo pipefail

usage() {
  echo "usage: $0 start DIR [--shards N] [--timeout SECONDS] [--log-queries] | stop DIR" >&2
  exit 2
}

[[ $# -ge 2 ]] || usage
command=$1
dir=$2
shift 2
shards=2
timeout=${CLICKHOUSE_START_TIMEOUT:-60}
profile_settings=''
while [[ $# -gt 0 ]]; do
  case $1 in
    --shards) [[ $# -ge 2 ]] || usage; shards=$2; shift 2 ;;
    --timeout) [[ $# -ge 2 ]] || usage; timeout=$2; shift 2 ;;
    --log-queries) profile_settings='<log_queries>1</log_queries><prefer_localhost_replica>0</prefer_localhost_replica>'; shift ;;
    *) usage ;;
  esac
done
[[ $shards =~ ^[1-9][0-9]?$ ]] || { echo "$0: --shards must be 1..99, got \"$shards\"" >&2; exit 2; }
[[ $timeout =~ ^[1-9][0-9]*$ ]] || { echo "$0: --timeout must be a positive number of seconds, got \"$timeout\"" >&2; exit 2; }

server=$(command -v clickhouse-server || true)

# A pid is ours only if it is alive and runs clickhouse-server with a config under DIR: a
# recycled pid is never signalled.
is_ours() {
  local pid=$1
  [[ -r /proc/$pid/cmdline ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" | grep -qF -- "--config-file=$dir/shard-"
}

stop_cluster() {
  local pids=() pid waited
  [[ -f $dir/pids ]] || return 0
  read -r -a pids <"$dir/pids" || true
  for pid in "${pids[@]}"; do
    if is_ours "$pid"; then kill -TERM "$pid" 2>/dev/null || true; fi
  done
  for pid in "${pids[@]}"; do
    waited=0
    while is_ours "$pid" && [[ $waited -lt 300 ]]; do sleep 0.1; waited=$((waited + 1)); done
    if is_ours "$pid"; then
      echo "$0: server $pid did not stop within 30 s of SIGTERM; sending SIGKILL" >&2
      kill -KILL "$pid" 2>/dev/null || true
      while is_ours "$pid"; do sleep 0.1; done
    fi
  done
  rm -f "$dir/pids" "$dir/cluster.env"
}

log_tail() {
  local shard_dir=$1
  echo "---- $shard_dir/log/stderr.log (tail) ----" >&2
  tail -n 20 "$shard_dir/log/stderr.log" >&2 2>/dev/null || true
  echo "---- $shard_dir/log/server.err.log (tail) ----" >&2
  tail -n 20 "$shard_dir/log/server.err.log" >&2 2>/dev/null || true
}

# 3 free loopback ports per shard: bind port 0, read the port the kernel gave, release it.
free_ports() {
  node -e '
    const net = require("node:net");
    const n = Number(process.argv[1]);
    (async () => {
      const servers = [];
      for (let i = 0; i < n; i++) {
        const s = net.createServer();
        await new Promise((ok, fail) => { s.once("error", fail); s.listen(0, "127.0.0.1", ok); });
        servers.push(s);
      }
      console.log(servers.map((s) => s.address().port).join(" "));
      for (const s of servers) s.close();
    })().catch((e) => { console.error(e.message); process.exit(1); });
  ' "$1"
}

write_config() {
  local shard_dir=$1 http=$2 tcp=$3 inter=$4 remote=$5
  cat >"$shard_dir/config.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <logger>
    <level>warning</level>
    <log>$shard_dir/log/server.log</log>
    <errorlog>$shard_dir/log/server.err.log</errorlog>
    <size>10M</size>
    <count>2</count>
  </logger>
  <listen_host>127.0.0.1</listen_host>
  <http_port>$http</http_port>
  <tcp_port>$tcp</tcp_port>
  <interserver_http_port>$inter</interserver_http_port>
  <interserver_http_host>127.0.0.1</interserver_http_host>
  <path>$shard_dir/data/</path>
  <tmp_path>$shard_dir/tmp/</tmp_path>
  <user_files_path>$shard_dir/user_files/</user_files_path>
  <format_schema_path>$shard_dir/format_schemas/</format_schema_path>
  <users_config>$shard_dir/users.xml</users_config>
  <default_profile>default</default_profile>
  <default_database>default</default_database>
  <timezone>UTC</timezone>
  <max_concurrent_queries>64</max_concurrent_queries>
  <!-- Above the client's idle socket TTL (2.5 s), and short: a stopping server waits for open keep-alive connections. -->
  <keep_alive_timeout>3</keep_alive_timeout>
  <mark_cache_size>67108864</mark_cache_size>
  <uncompressed_cache_size>67108864</uncompressed_cache_size>
  <query_log>
    <database>system</database>
    <table>query_log</table>
    <flush_interval_milliseconds>1000</flush_interval_milliseconds>
  </query_log>
  <!-- Every part written, merged or removed (the parts an INSERT created, the merges it caused): for benchmarks. -->
  <part_log>
    <database>system</database>
    <table>part_log</table>
    <flush_interval_milliseconds>1000</flush_interval_milliseconds>
  </part_log>
  <remote_servers>
    <peerscope>
$remote
    </peerscope>
  </remote_servers>
</yandex>
EOF
  cat >"$shard_dir/users.xml" <<EOF
<?xml version="1.0"?>
<yandex>
  <profiles>
    <default>
      <max_memory_usage>4000000000</max_memory_usage>
      $profile_settings
    </default>
  </profiles>
  <users>
    <default>
      <password></password>
      <networks><ip>127.0.0.1</ip><ip>::1</ip></networks>
      <profile>default</profile>
      <quota>default</quota>
    </default>
  </users>
  <quotas><default></default></quotas>
</yandex>
EOF
}

start_cluster() {
  if [[ -z $server ]]; then
    echo "$0: clickhouse-server not found (Debian: apt-get install -y clickhouse-server)" >&2
    exit 3
  fi
  mkdir -p "$dir"
  dir=$(cd "$dir" && pwd -P)
  if [[ -f $dir/pids ]]; then
    local old=() pid
    read -r -a old <"$dir/pids" || true
    for pid in "${old[@]}"; do
      if is_ours "$pid"; then echo "$0: a cluster is already running in $dir (pid $pid); stop it first" >&2; exit 1; fi
    done
  fi
  local ports=() i http=() tcp=() inter=() remote='' pids=() shard_dir
  read -r -a ports <<<"$(free_ports $((3 * shards)))"
  for ((i = 0; i < shards; i++)); do
    http+=("${ports[3 * i]}")
    tcp+=("${ports[3 * i + 1]}")
    inter+=("${ports[3 * i + 2]}")
    remote+="      <shard><replica><host>127.0.0.1</host><port>${tcp[i]}</port></replica></shard>"$'\n'
  done
  for ((i = 0; i < shards; i++)); do
    shard_dir=$dir/shard-$((i + 1))
    mkdir -p "$shard_dir/data" "$shard_dir/tmp" "$shard_dir/log" "$shard_dir/user_files" "$shard_dir/format_schemas"
    write_config "$shard_dir" "${http[i]}" "${tcp[i]}" "${inter[i]}" "$remote"
    # Own stdio: a caller reading our output (a test's spawnSync) must not wait on the server.
    nohup "$server" --config-file="$shard_dir/config.xml" </dev/null >"$shard_dir/log/stderr.log" 2>&1 &
    pids+=("$!")
  done
  echo "${pids[*]}" >"$dir/pids"

  local deadline=$((SECONDS + timeout)) answer
  for ((i = 0; i < shards; i++)); do
    shard_dir=$dir/shard-$((i + 1))
    while true; do
      answer=$(curl -s --max-time 2 "http://127.0.0.1:${http[i]}/?query=SELECT%201" 2>/dev/null || true)
      [[ $answer == 1 ]] && break
      if ! is_ours "${pids[i]}"; then
        echo "$0: clickhouse-server for shard $((i + 1)) (pid ${pids[i]}, http port ${http[i]}) exited during startup" >&2
        log_tail "$shard_dir"
        stop_cluster
        exit 1
      fi
      if [[ $SECONDS -ge $deadline ]]; then
        echo "$0: clickhouse-server for shard $((i + 1)) (pid ${pids[i]}) did not answer SELECT 1 on http://127.0.0.1:${http[i]} within $timeout s" >&2
        log_tail "$shard_dir"
        stop_cluster
        exit 1
      fi
      sleep 0.2
    done
  done

  local urls=()
  for ((i = 0; i < shards; i++)); do urls+=("http://127.0.0.1:${http[i]}"); done
  {
    echo "PEERSCOPE_CLICKHOUSE_URL=${urls[0]}"
    echo "PEERSCOPE_CLICKHOUSE_CLUSTER=peerscope"
    echo "PEERSCOPE_CLICKHOUSE_SHARDS=$(IFS=,; echo "${urls[*]}")"
    echo "PEERSCOPE_CLICKHOUSE_PIDS=\"${pids[*]}\""
  } >"$dir/cluster.env"
  echo "started $shards shards in $dir: ${urls[*]} (pids ${pids[*]}); settings in $dir/cluster.env"
}

case $command in
  start) start_cluster ;;
  stop)
    [[ -d $dir ]] || { echo "$0: no such folder $dir" >&2; exit 1; }
    dir=$(cd "$dir" && pwd -P)
    stop_cluster
    echo "stopped the cluster in $dir"
    ;;
  *) usage ;;
esac
