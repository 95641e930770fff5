#!/bin/bash
# The cluster benchmark (docs/benchmarks.md "Cluster"). A fleet of $HOSTS simulated hosts (HostSimulator: real SSH
# on every 127.1.x.y, per-host host keys in a hashed known_hosts, public-key login, curve25519-sha256 and
# ssh-ed25519 only, the probe output recorded from a real OpenSSH container of the test image, patched per host,
# 5 % drifting), then:
#   one node   a daemon on H2 (as deploy/systemd starts it, heap capped at 512 MiB), warmed up by a run of 1,000
#              hosts, then $RUNS runs of all $HOSTS asked for with POST /api/runs: wall, the daemon's own CPU a
#              host, its peak heap, the simulator's CPU; /metrics timed after them; then a cold run (a new
#              process's first run, same store);
#   2 against 1 two daemons as a cluster on PostgreSQL, each in a cgroup of its own held to $QUOTA of a core
#              (cgroup v1 cpu.cfs_quota_us, or v2 cpu.max), over the first $PAIR_HOSTS hosts: $RUNS runs with
#              one node, then $RUNS with both, after a warm-up run each; wall (the database's started_at to
#              finalised_at), each node's share of the hosts, and the CPU the simulator and PostgreSQL used
#              meanwhile against what the quotas leave them;
#   finalising  the same two nodes without a quota, $RUNS runs of all $HOSTS hosts after a warm-up: the
#              finalisation's time (the transaction that records the run, from the finalising node's log).
# Needs: root, Docker, the test image (built when absent), PostgreSQL on 127.0.0.1 with the test database
# (.ci/postgres.sh), psql, ssh, curl, python3. HOSTS (10000), PAIR_HOSTS (4000), RUNS (3), QUOTA (0.5),
# CONCURRENCY (64), JAVA and KEEP=1 change the set-up; PAIR=0 skips the cluster, SINGLE=0 the single node. The
# jar is built when absent: after changing the code, `mvn -B -q package -DskipTests` first.
set -euo pipefail
HOSTS=${HOSTS:-10000}
PAIR_HOSTS=${PAIR_HOSTS:-4000}
RUNS=${RUNS:-3}
QUOTA=${QUOTA:-0.5}
CONCURRENCY=${CONCURRENCY:-64}
JAVA=${JAVA:-java}
PG=${PG:-postgresql://driftwarden:driftwarden@127.0.0.1:5432/driftwarden_test}
image=driftwarden-test-sshd:4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/dw-bench-cluster.XXXXXX)
cd "$work"
# shellcheck source=src/bench/lib.sh
. "$here/lib.sh"
pids=()
cgroups=()
stop_all() {
  local p g
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null || true; done
  for g in "${cgroups[@]}"; do rmdir "$g" 2>/dev/null || true; done
  bench_cleanup
}
trap stop_all EXIT
bench_build "$image"
[ -d "$bench_root/target/test-classes/io/driftwarden/bench" ] || (cd "$bench_root" && mvn -B -q test-compile)

# The desired state and the recorded probe output, from one real container; then the container goes.
bench_hosts "$image" 1
bench_desired
printf 'hosts:\n  rec: {address: 127.0.0.1, port: %s}\n' "${ports[0]}" > inventory.yaml
bench_config "$CONCURRENCY"
"$launcher" probe --config driftwarden.yaml --host rec > probe.sh 2>/dev/null
ssh -i id -o BatchMode=yes -o UserKnownHostsFile=known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR \
  -p "${ports[0]}" audit@127.0.0.1 /bin/sh -s < probe.sh > recorded.out
grep -q '^END [0-9]* [0-9a-f]*$' recorded.out || { echo "cluster.sh: the recorded probe output has no END" >&2; exit 1; }
docker rm -f "${ids[@]}" >/dev/null
ids=()

sim_port=$(free_port)
"$JAVA" -Xss512k -cp "$jar:$bench_root/target/test-classes" io.driftwarden.bench.HostSimulator \
  "$sim_port" "$HOSTS" recorded.out id.pub sim > sim.log 2>&1 &
sim_pid=$!
pids+=("$sim_pid")
for _ in $(seq 1 600); do grep -q '^READY$' sim.log && break; sleep 0.1; done
grep -q '^READY$' sim.log || { echo "cluster.sh: the simulator never got ready:" >&2; tail -n 5 sim.log >&2; exit 1; }
echo "simulator: $HOSTS hosts on port $sim_port, set-up $(sed -n 's/^setup-cpu-ms //p' sim.log) ms of CPU" >&2

token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" > token && chmod 600 token
ticks=$(getconf CLK_TCK)
pg_ticks() { # the CPU all of PostgreSQL's processes used so far, in clock ticks
  local t=0 p
  for p in $(pgrep -u postgres || true); do t=$((t + $(cpu_ticks "$p" 2>/dev/null || echo 0))); done
  echo "$t"
}

# node NAME STORE_URL EXTRA_SCHEDULE [CGROUP]: starts a daemon; sets node_pid, node_metrics, node_api
node() {
  local name=$1 url=$2 schedule=$3 cgroup=${4:-}
  node_metrics=$(free_port)
  node_api=$(free_port)
  mkdir -p "$name-state" reports
  sed "s|^inventory: inventory.yaml$|inventory: fleet.yaml|; s|known_hosts: known_hosts|known_hosts: sim/known_hosts|;
       s|^reports_dir: reports$|reports_dir: reports|; s|^hmac_key_file: state/key$|hmac_key_file: hmac.key|" \
    driftwarden.yaml > "$name.yaml"
  cat >> "$name.yaml" <<CONF
store: {url: "$url"}
schedule: {cron: "0 0 0 1 1 ? 2099", run_deadline: 50m$schedule}
http: {listen: "127.0.0.1:$node_metrics", api_listen: "127.0.0.1:$node_api", api_token_file: token}
CONF
  local opts=()
  read -r -a opts <<< "${JAVA_OPTS:-}"
  local cmd=("$JAVA" -XX:MaxRAMPercentage=50 -Xmx512m "-Xlog:gc,gc+heap+exit:file=$name-gc.log" "${opts[@]}"
    -jar "$jar" daemon --config "$name.yaml")
  if [ -n "$cgroup" ]; then
    sh -c 'echo $$ > "$1/cgroup.procs" && shift && exec "$@"' sh "$cgroup" "${cmd[@]}" > "$name.out" 2>&1 &
  else
    "${cmd[@]}" > "$name.out" 2>&1 &
  fi
  node_pid=$!
  pids+=("$node_pid")
  for _ in $(seq 1 600); do
    curl -fs "http://127.0.0.1:$node_metrics/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$node_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "cluster.sh: $name never became ready:" >&2; tail -n 5 "$name.out" >&2; exit 1
}
ask_run() { curl -fs -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$1/api/runs" >/dev/null \
  || { echo "cluster.sh: the daemon refused a run" >&2; exit 1; }; }
reports_now() { find reports -maxdepth 1 -name '2*.json' | wc -l; }
await_report() { # COUNT_BEFORE: waits for a new report; prints its path
  local end=$((SECONDS + 1200))
  while [ "$(reports_now)" -le "$1" ]; do
    kill -0 "$sim_pid" 2>/dev/null || { echo "cluster.sh: the simulator died" >&2; exit 1; }
    [ "$SECONDS" -lt "$end" ] || { echo "cluster.sh: no report within 20 minutes" >&2; exit 1; }
    sleep 0.05
  done
  find reports -maxdepth 1 -name '2*.json' -printf '%T@ %p\n' | sort -n | tail -n 1 | cut -d' ' -f2
}
check_report() { # REPORT N: N hosts, none failed, 5 % drifting
  grep -Eq "\"hosts\" *: *$2," "$1" && grep -Eq '"failed" *: *0[,}]' "$1" \
    || { echo "cluster.sh: $1 does not cover $2 hosts without failure" >&2; exit 1; }
}

single() {
  cp "sim/inventory-1000.yaml" fleet.yaml
  node single "jdbc:h2:file:./single-state/store" ""
  local pid=$node_pid api=$node_api metrics=$node_metrics
  check_report "$(await_report 0)" 1000 # its start-up run: the warm-up
  cp "sim/inventory-$HOSTS.yaml" fleet.yaml
  : > single.txt
  for r in $(seq 1 "$RUNS"); do
    local n c0 s0 t0 t1 c1 s1 report
    n=$(reports_now); c0=$(cpu_ticks "$pid"); s0=$(cpu_ticks "$sim_pid"); t0=$(date +%s.%N)
    ask_run "$api"
    report=$(await_report "$n")
    t1=$(date +%s.%N)
    sleep 1 # the run's tail (store, metrics) after its report
    c1=$(cpu_ticks "$pid"); s1=$(cpu_ticks "$sim_pid")
    check_report "$report" "$HOSTS"
    awk -v a="$t0" -v b="$t1" -v c=$((c1 - c0)) -v s=$((s1 - s0)) -v k="$ticks" \
      'BEGIN {printf "%.2f %.2f %.2f\n", b - a, c / k, s / k}' >> single.txt
    echo "one node, run $r: $(tail -n 1 single.txt | awk -v h="$HOSTS" '{printf "%.1f s, own CPU %.1f ms a host, simulator %.1f ms a host", $1, $2 * 1000 / h, $3 * 1000 / h}')" >&2
  done
  : > scrape.txt
  for _ in $(seq 1 11); do curl -s -o /dev/null -w '%{time_total}\n' "http://127.0.0.1:$metrics/metrics" >> scrape.txt; done
  kill "$pid"; wait "$pid" || true
  # cold: a new process, the same store, its first run is the 10,000 hosts
  local n t0 c1
  n=$(reports_now); t0=$(date +%s.%N)
  node cold "jdbc:h2:file:./single-state/store" ""
  ask_run "$node_api" # the store has runs: no start-up run, this is its first
  local report; report=$(await_report "$n")
  check_report "$report" "$HOSTS"
  c1=$(cpu_ticks "$node_pid")
  awk -v a="$t0" -v b="$(date +%s.%N)" -v c="$c1" -v k="$ticks" -v h="$HOSTS" \
    'BEGIN {printf "%.2f %.2f\n", b - a, c / k}' > cold.txt
  kill "$node_pid"; wait "$node_pid" || true
}

cgroup() { # NAME: a cgroup held to $QUOTA of a core; prints its path
  local g
  if [ -f /sys/fs/cgroup/cgroup.controllers ]; then
    g=/sys/fs/cgroup/dw-bench-$1
    mkdir -p "$g"
    awk -v q="$QUOTA" 'BEGIN {printf "%d 100000\n", q * 100000}' > "$g/cpu.max"
  else
    g=/sys/fs/cgroup/cpu/dw-bench-$1
    mkdir -p "$g"
    echo 100000 > "$g/cpu.cfs_period_us"
    awk -v q="$QUOTA" 'BEGIN {printf "%d\n", q * 100000}' > "$g/cpu.cfs_quota_us"
  fi
  echo "$g"
}

psql_q() { psql "$PG" -Atq -c "SET search_path = dw_bench_cluster; $1"; }

pair() {
  psql "$PG" -q -c "SET client_min_messages = warning; DROP SCHEMA IF EXISTS dw_bench_cluster CASCADE;
    CREATE SCHEMA dw_bench_cluster" >/dev/null
  head -n $((PAIR_HOSTS + 1)) "sim/inventory-$HOSTS.yaml" > fleet.yaml
  hosts_now=$PAIR_HOSTS
  local url="jdbc:postgresql://127.0.0.1:5432/driftwarden_test?user=driftwarden&password=driftwarden&currentSchema=dw_bench_cluster"
  local g1 g2 api1 pid1 pid2
  g1=$(cgroup n1); cgroups+=("$g1")
  g2=$(cgroup n2); cgroups+=("$g2")
  node n1 "$url" ", cluster: true, shard_size: 25, shard_lease: 60s" "$g1"
  pid1=$node_pid; api1=$node_api
  : > pair.txt
  cluster_runs 1 "$api1" "$pid1"
  node n2 "$url" ", cluster: true, shard_size: 25, shard_lease: 60s" "$g2"
  pid2=$node_pid
  cluster_runs 2 "$api1" "$pid1" "$pid2"
  # the quotas lifted (the nodes back in the root cgroup), all the hosts: how long finalising 10,000 takes
  local root=/sys/fs/cgroup/cpu
  [ -f /sys/fs/cgroup/cgroup.controllers ] && root=/sys/fs/cgroup
  echo "$pid1" > "$root/cgroup.procs"
  echo "$pid2" > "$root/cgroup.procs"
  cp "sim/inventory-$HOSTS.yaml" fleet.yaml
  hosts_now=$HOSTS
  cluster_runs full "$api1" "$pid1" "$pid2"
}

cluster_runs() { # NODES API PIDS...: a warm-up run, then $RUNS measured; appends to pair.txt
  local nodes=$1 api=$2
  shift 2
  local r
  for r in $(seq 0 "$RUNS"); do
    local before n s0 p0 s1 p1 run
    before=$(psql_q "SELECT COUNT(*) FROM cluster_runs WHERE state = 'final'")
    s0=$(cpu_ticks "$sim_pid"); p0=$(pg_ticks)
    n=$(reports_now)
    ask_run "$api"
    check_report "$(await_report "$n")" "$hosts_now"
    while [ "$(psql_q "SELECT COUNT(*) FROM cluster_runs WHERE state = 'final'")" -le "$before" ]; do sleep 0.1; done
    s1=$(cpu_ticks "$sim_pid"); p1=$(pg_ticks)
    run=$(psql_q "SELECT run_id FROM cluster_runs WHERE state = 'final' ORDER BY scheduled_for DESC LIMIT 1")
    [ "$r" -eq 0 ] && continue # the warm-up
    local wall shares fin
    wall=$(psql_q "SELECT EXTRACT(EPOCH FROM finalised_at - started_at) FROM cluster_runs WHERE run_id = '$run'")
    shares=$(psql_q "SELECT string_agg(n::text, ' ' ORDER BY n DESC) FROM (SELECT SUM(array_length(string_to_array(hosts_text, E'\n'), 1)) AS n FROM cluster_shards WHERE run_id = '$run' AND state = 'done' GROUP BY owner) x")
    fin=$( { cat n1.out n2.out 2>/dev/null || true; } | sed -n "s/.*run $run finalised: [0-9]* hosts recorded in \([0-9]*\) ms, reported and published in \([0-9]*\) ms.*/\1 \2/p" | head -n 1)
    echo "$nodes $wall $(( (s1 - s0) )) $(( (p1 - p0) )) $fin | $shares" >> pair.txt
    echo "$nodes node(s), run $r: $(tail -n 1 pair.txt)" >&2
  done
}

echo "cluster: $HOSTS simulated hosts, $RUNS runs each after a warm-up, concurrency $CONCURRENCY;" \
  "JVM: $("$JAVA" -version 2>&1 | head -n 1)" >&2
[ "${SINGLE:-1}" = 0 ] || single
[ "${PAIR:-1}" = 0 ] || pair

if [ "${SINGLE:-1}" != 0 ]; then
  sw=$(cut -d' ' -f1 single.txt | median); sc=$(cut -d' ' -f2 single.txt | median); ss=$(cut -d' ' -f3 single.txt | median)
  heap=$(peak_heap single-gc.log); scrape=$(median < scrape.txt)
  read -r cw cc < cold.txt
  awk -v h="$HOSTS" -v w="$sw" -v c="$sc" -v s="$ss" -v p="$heap" -v m="$scrape" -v cw="$cw" -v cc="$cc" 'BEGIN {
    printf "one node, %d hosts, warm (median of runs): %.1f s (target < 180 s: %s), own CPU %.1f ms a host (target <= 15: %s), simulator %.1f ms a host, peak heap %d MiB (target < 512: %s)\n", h, w, w < 180 ? "met" : "not met", c * 1000 / h, c * 1000 / h <= 15 ? "met" : "not met", s * 1000 / h, p, p < 512 ? "met" : "not met"
    printf "one node, cold (a new process, JVM start included): %.1f s, own CPU %.1f ms a host\n", cw, cc * 1000 / h
    printf "/metrics after a %d-host run: median %.1f ms of 11 (target < 50 ms: %s)\n", h, m * 1000, m < 0.05 ? "met" : "not met"
  }'
fi
if [ "${PAIR:-1}" != 0 ]; then
  one=$(awk '$1 == 1 {print $2}' pair.txt | median); two=$(awk '$1 == 2 {print $2}' pair.txt | median)
  fin=$(awk '$1 == "full" {print $5}' pair.txt | median); pub=$(awk '$1 == "full" {print $6}' pair.txt | median)
  awk -v one="$one" -v two="$two" -v fin="$fin" -v pub="$pub" -v q="$QUOTA" -v k="$ticks" -v h="$PAIR_HOSTS" \
    -v full="$HOSTS" '
    $1 == 2 { split(substr($0, index($0, "| ") + 2), s, " "); share = s[1] / h; if (share > maxs) maxs = share; if (mins == "" || share < mins) mins = share }
    $1 != "full" { simpg = ($3 + $4) / k / $2; if (simpg > most) most = simpg }
    END {
      printf "cluster of %d hosts at %.2f of a core a node: one node %.1f s, two nodes %.1f s: %.2fx (target <= 0.6x: %s)\n", h, q, one, two, two / one, (two / one <= 0.6) ? "met" : "not met"
      printf "the busier node judged %.0f%% of the hosts, at most (target 40-60%%: %s)\n", maxs * 100, (maxs <= 0.6 && 1 - maxs >= 0.4) ? "met" : "not met"
      printf "simulator and PostgreSQL: at most %.2f of a core over a run, against the %.2f the quotas leave them\n", most, 2 - 2 * q
      printf "finalising a run of %d hosts: median %d ms in the transaction that records it (target < 10 s: %s), then %d ms to report and publish it\n", full, fin, (fin < 10000) ? "met" : "not met", pub
    }' pair.txt
fi
