#!/bin/bash
# The fleet floor benchmark (README "Benchmarks"). Starts $CONTAINERS real OpenSSH hosts from the test image,
# writes $HOSTS inventory entries over them (entries share hosts round robin, as several sshd ports would),
# and a signed standard of 60 files (owner, group, mode and content), 20 packages (exact version),
# 10 sysctls and 5 users, taken from the image so every host complies. Then, alternating, $RUNS times each
# after one warm-up of each:
#   floor        the same probe bytes (`driftwarden probe --host`) through OpenSSH's own client, one `ssh` per
#                entry, $CONCURRENCY at a time (xargs -P), each output kept and checked for the probe's END;
#   driftwarden  `target/driftwarden audit` (the launcher) of the whole inventory at ssh.concurrency $CONCURRENCY,
#                JVM start, signature check, history store and report included; must exit 0 with no host failed;
#   daemon       one run of a running `driftwarden daemon` (started as deploy/systemd starts it, warmed up by
#                four runs), asked for with POST /api/runs; its CPU is the process's over the run.
# Prints the medians: wall, hosts per second, the client's CPU per host (driftwarden's own process; the
# floor's ssh processes), the audited hosts' CPU per host (the containers' cgroups: sshd + probe), and
# driftwarden's peak heap (largest heap in use before a GC or at exit, from the JVM's GC log).
# Needs: Docker, the test image (built when absent), ssh, GNU time, curl, python3 (to find free ports).
# JAVA picks the JVM (default: java), JAVA_OPTS adds options to driftwarden's JVMs (a profiler), KEEP=1 keeps
# the work directory, FLOOR_KEX sets the floor's key exchange (default curve25519-sha256, what driftwarden
# negotiates with OpenSSH 9.2).
set -euo pipefail
HOSTS=${HOSTS:-200}
CONTAINERS=${CONTAINERS:-8}
RUNS=${RUNS:-5}
CONCURRENCY=${CONCURRENCY:-32}
JAVA=${JAVA:-java}
export JAVA
image=driftwarden-test-sshd:4
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d /tmp/dw-bench-fleet.XXXXXX)
cd "$work"
# shellcheck source=src/bench/lib.sh
. "$here/lib.sh"
trap bench_cleanup EXIT
bench_build "$image"
bench_hosts "$image" "$CONTAINERS"
bench_desired
{
  echo "hosts:"
  for n in $(seq 0 $((HOSTS - 1))); do
    printf '  web-%03d: {address: 127.0.0.1, port: %s}\n' "$n" "${ports[$((n % CONTAINERS))]}"
  done
} > inventory.yaml
bench_config "$CONCURRENCY"
"$launcher" probe --config driftwarden.yaml --host web-000 > probe.sh 2>/dev/null
sed -n 's/^  \(web-[0-9]*\): {address: 127.0.0.1, port: \([0-9]*\)}$/\1 \2/p' inventory.yaml > entries
cat > one.sh <<'EOF'
#!/bin/sh
# one floor entry: the probe through OpenSSH, its output kept; the key exchange driftwarden negotiates with
# these hosts (OpenSSH's default sntrup761 costs its client ~150 ms of CPU a connection: see README)
exec ssh -o KexAlgorithms=${FLOOR_KEX:-curve25519-sha256} -i id -o BatchMode=yes -o UserKnownHostsFile=known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR \
  -p "$2" audit@127.0.0.1 /bin/sh -s < probe.sh > "out/$1"
EOF
chmod +x one.sh

floor() { # prints: wall_s client_cpu_s host_cpu_ns
  rm -rf out && mkdir out
  local before after
  before=$(cgroup_ns)
  /usr/bin/time -f '%e %U %S' -o time.txt xargs -P "$CONCURRENCY" -n 2 ./one.sh < entries
  after=$(cgroup_ns)
  local ended
  ended=$(grep -l '^END [0-9]* [0-9a-f]*$' out/* | wc -l)
  [ "$ended" -eq "$HOSTS" ] || { echo "fleet.sh: the floor completed $ended of $HOSTS probes" >&2; exit 1; }
  awk -v h=$((after - before)) '{printf "%s %.3f %.0f\n", $1, $2 + $3, h}' time.txt
}

driftwarden() { # prints: wall_s client_cpu_s host_cpu_ns peak_heap_mib
  local before after rc=0
  rm -f gc.log
  before=$(cgroup_ns)
  JAVA_OPTS="${JAVA_OPTS:-} -Xlog:gc,gc+heap+exit:file=gc.log" /usr/bin/time -f '%e %U %S' -o time.txt \
    "$launcher" audit --config driftwarden.yaml --format json > report.json || rc=$?
  after=$(cgroup_ns)
  [ "$rc" -eq 0 ] || { echo "fleet.sh: driftwarden audit exited $rc (want 0: every host complies)" >&2; \
    grep -o '"summary":{[^}]*}' report.json >&2 || true; exit 1; }
  grep -Eq "\"hosts\" *: *$HOSTS," report.json || { echo "fleet.sh: the report does not cover $HOSTS hosts" >&2; exit 1; }
  local peak
  peak=$(peak_heap gc.log)
  awk -v h=$((after - before)) -v p="$peak" '{printf "%s %.3f %.0f %s\n", $1, $2 + $3, h, p}' time.txt
}


# The daemon, as deploy/systemd starts it (C2, G1, MaxRAMPercentage=50), its API on loopback; a run is
# asked for with POST /api/runs, and is over when its report is in reports_dir. The schedule never fires.
token=$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')
printf '%s\n' "$token" > token && chmod 600 token
api_port=$(free_port)
metrics_port=$(free_port)
sed 's|^reports_dir: reports$|reports_dir: daemon-reports|; s|^hmac_key_file: state/key$|hmac_key_file: daemon-state/key|' \
  driftwarden.yaml > daemon.yaml
cat >> daemon.yaml <<CONF
store: {url: "jdbc:h2:file:./daemon-state/history"}
schedule: {cron: "0 0 0 1 1 ? 2099", time_zone: UTC, run_deadline: 50m}
http: {listen: "127.0.0.1:$metrics_port", api_listen: "127.0.0.1:$api_port", api_token_file: token}
CONF
daemon_pid=
daemon_start() {
  mkdir -p daemon-reports
  "$JAVA" -XX:MaxRAMPercentage=50 -Xlog:gc,gc+heap+exit:file=daemon-gc.log ${JAVA_OPTS:-} -jar "$jar" \
    daemon --config daemon.yaml > daemon.out 2>&1 &
  daemon_pid=$!
  for _ in $(seq 1 300); do
    curl -fs "http://127.0.0.1:$metrics_port/readyz" >/dev/null 2>&1 && return 0
    kill -0 "$daemon_pid" 2>/dev/null || break
    sleep 0.1
  done
  echo "fleet.sh: the daemon never became ready:" >&2; tail -n 5 daemon.out >&2; exit 1
}
daemon_run() { # prints: wall_s own_cpu_s host_cpu_ns
  local before after t0 t1 c0 c1 n reports
  reports=$(ls daemon-reports | wc -l)
  before=$(cgroup_ns); c0=$(cpu_ticks "$daemon_pid"); t0=$(date +%s.%N)
  curl -fs -X POST -H "Authorization: Bearer $token" "http://127.0.0.1:$api_port/api/runs" >/dev/null \
    || { echo "fleet.sh: the daemon refused a run" >&2; exit 1; }
  while n=$(ls daemon-reports | wc -l); [ "$n" -le "$reports" ]; do
    kill -0 "$daemon_pid" 2>/dev/null || { echo "fleet.sh: the daemon died" >&2; tail -n 5 daemon.out >&2; exit 1; }
    sleep 0.05
  done
  t1=$(date +%s.%N); after=$(cgroup_ns)
  sleep 1 # the run's tail (store, metrics) after its report is written
  c1=$(cpu_ticks "$daemon_pid")
  local latest
  latest=$(ls -t daemon-reports/*.json | head -n 1)
  grep -Eq "\"hosts\" *: *$HOSTS," "$latest" && grep -Eq '"failed" *: *0[,}]' "$latest" \
    || { echo "fleet.sh: the daemon's run did not cover $HOSTS hosts without failure ($latest)" >&2; exit 1; }
  awk -v t0="$t0" -v t1="$t1" -v c=$((c1 - c0)) -v tick="$(getconf CLK_TCK)" -v h=$((after - before)) \
    'BEGIN {printf "%.3f %.3f %.0f\n", t1 - t0, c / tick, h}'
}
daemon_stop() { [ -z "$daemon_pid" ] || { kill "$daemon_pid" 2>/dev/null; wait "$daemon_pid" 2>/dev/null || true; daemon_pid=; }; }
trap 'daemon_stop; bench_cleanup' EXIT

echo "fleet: $HOSTS entries over $CONTAINERS OpenSSH containers, concurrency $CONCURRENCY, $RUNS runs each after a warm-up;" \
  "standard: 60 files, 20 packages, 10 sysctls, 5 users; JVM: $("$JAVA" -version 2>&1 | head -n 1)" >&2
floor > /dev/null
driftwarden > /dev/null
daemon_start
while [ "$(ls daemon-reports | wc -l)" -lt 1 ]; do # its first run: no run recorded yet
  kill -0 "$daemon_pid" 2>/dev/null || { echo "fleet.sh: the daemon died" >&2; tail -n 5 daemon.out >&2; exit 1; }
  sleep 0.1
done
for _ in 1 2 3; do daemon_run > /dev/null; done # C2 compiles the hot paths over the first runs
: > floor.txt
: > dw.txt
: > daemon.txt
for r in $(seq 1 "$RUNS"); do
  floor >> floor.txt
  driftwarden >> dw.txt
  daemon_run >> daemon.txt
  echo "run $r: floor $(tail -n 1 floor.txt | cut -d' ' -f1) s, driftwarden $(tail -n 1 dw.txt | cut -d' ' -f1) s," \
    "daemon $(tail -n 1 daemon.txt | cut -d' ' -f1) s" >&2
done
daemon_stop

fw=$(cut -d' ' -f1 floor.txt | median); fc=$(cut -d' ' -f2 floor.txt | median); fh=$(cut -d' ' -f3 floor.txt | median)
dw=$(cut -d' ' -f1 dw.txt | median); dc=$(cut -d' ' -f2 dw.txt | median); dh=$(cut -d' ' -f3 dw.txt | median)
dp=$(cut -d' ' -f4 dw.txt | median); dpmax=$(cut -d' ' -f4 dw.txt | sort -g | tail -n 1)
mw=$(cut -d' ' -f1 daemon.txt | median); mc=$(cut -d' ' -f2 daemon.txt | median); mh=$(cut -d' ' -f3 daemon.txt | median)
mp=$(peak_heap daemon-gc.log)
awk -v n="$HOSTS" -v fw="$fw" -v fc="$fc" -v fh="$fh" -v dw="$dw" -v dc="$dc" -v dh="$dh" -v dp="$dp" -v dpmax="$dpmax" \
    -v mw="$mw" -v mc="$mc" -v mh="$mh" -v mp="$mp" 'BEGIN {
  printf "%-20s %10s %9s %17s %19s\n", "", "wall (s)", "hosts/s", "client CPU/host", "audited CPU/host"
  printf "%-20s %10.2f %9.1f %14.1f ms %16.1f ms\n", "ssh floor", fw, n / fw, fc * 1000 / n, fh / 1e6 / n
  printf "%-20s %10.2f %9.1f %14.1f ms %16.1f ms\n", "driftwarden audit", dw, n / dw, dc * 1000 / n, dh / 1e6 / n
  printf "%-20s %10.2f %9.1f %14.1f ms %16.1f ms\n", "driftwarden daemon", mw, n / mw, mc * 1000 / n, mh / 1e6 / n
  verdict("audit (JVM start included)", dw / fw, dc * 1000 / n, sprintf("median %d MiB, max %d MiB", dp, dpmax), dpmax)
  verdict("daemon (a run of the running daemon, the hourly run)", mw / fw, mc * 1000 / n, \
    sprintf("%d MiB over all its runs", mp), mp)
}
function verdict(label, ratio, cpu, heap_text, heap) {
  printf "%s: %.2fx the floor (target <= 1.2x: %s); own CPU per host %.1f ms (target <= 15 ms: %s); peak heap %s" \
    " (target < 256 MiB: %s)\n", label, ratio, met(ratio <= 1.2), cpu, met(cpu <= 15), heap_text, met(heap < 256)
}
function met(ok) { return ok ? "met" : "not met" }'
