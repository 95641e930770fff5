#!/bin/bash
# The fleet floor benchmark (README "Benchmarks"). Starts $CONTAINERS real OpenSSH hosts from the test image,
# writes $HOSTS inventory entries over them (entries share hosts round robin, as several sshd ports would),
# and a signed standard of 60 files (owner, group, mode and content), 20 packages (exact version),
# 10 sysctls and 5 users, taken from the image so every host complies. Then, alternating, $RUNS times each
# after one warm-up of each:
#   floor        the same probe bytes (`driftwarden probe --host`) through OpenSSH's own client, one `ssh` per
#                entry, $CONCURRENCY at a time (xargs -P), each output kept and checked for the probe's END;
#   driftwarden  `target/driftwarden audit` (the launcher) of the whole inventory at ssh.concurrency $CONCURRENCY,
#                JVM start, signature check, history store and report included; must exit 0 with no host failed.
# Prints the medians: wall, hosts per second, the client's CPU per host (driftwarden's own process; the
# floor's ssh processes), the audited hosts' CPU per host (the containers' cgroups: sshd + probe), and
# driftwarden's peak heap (largest heap in use before a GC or at exit, from the JVM's GC log).
# Needs: Docker, the test image (built when absent), ssh, GNU time. JAVA picks the JVM (default: java),
# JAVA_OPTS adds options to the audit's JVM (a profiler), KEEP=1 keeps the work directory, FLOOR_KEX sets the
# floor's key exchange (default curve25519-sha256, what driftwarden negotiates with OpenSSH 9.2).
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
  # peak: the most heap in use before any GC, or at exit
  local peak
  peak=$(awk '
    / Pause /{ if (match($0, /[0-9]+M->/)) { v = substr($0, RSTART, RLENGTH - 3) + 0; if (v > m) m = v } }
    /garbage-first heap|def new generation|total [0-9]+K, used/{ if (match($0, /used [0-9]+K/)) { u = substr($0, RSTART + 5, RLENGTH - 6) / 1024; if (u > m) m = u } }
    END { printf "%d", m + 0.5 }' gc.log)
  awk -v h=$((after - before)) -v p="$peak" '{printf "%s %.3f %.0f %s\n", $1, $2 + $3, h, p}' time.txt
}


echo "fleet: $HOSTS entries over $CONTAINERS OpenSSH containers, concurrency $CONCURRENCY, $RUNS runs each after a warm-up;" \
  "standard: 60 files, 20 packages, 10 sysctls, 5 users; JVM: $("$JAVA" -version 2>&1 | head -n 1)" >&2
floor > /dev/null
driftwarden > /dev/null
: > floor.txt
: > dw.txt
for r in $(seq 1 "$RUNS"); do
  floor >> floor.txt
  driftwarden >> dw.txt
  echo "run $r: floor $(tail -n 1 floor.txt | cut -d' ' -f1) s, driftwarden $(tail -n 1 dw.txt | cut -d' ' -f1) s" >&2
done

fw=$(cut -d' ' -f1 floor.txt | median); fc=$(cut -d' ' -f2 floor.txt | median); fh=$(cut -d' ' -f3 floor.txt | median)
dw=$(cut -d' ' -f1 dw.txt | median); dc=$(cut -d' ' -f2 dw.txt | median); dh=$(cut -d' ' -f3 dw.txt | median)
dp=$(cut -d' ' -f4 dw.txt | median); dpmax=$(cut -d' ' -f4 dw.txt | sort -g | tail -n 1)
awk -v n="$HOSTS" -v fw="$fw" -v fc="$fc" -v fh="$fh" -v dw="$dw" -v dc="$dc" -v dh="$dh" -v dp="$dp" -v dpmax="$dpmax" 'BEGIN {
  printf "%-12s %10s %9s %17s %19s\n", "", "wall (s)", "hosts/s", "client CPU/host", "audited CPU/host"
  printf "%-12s %10.2f %9.1f %14.1f ms %16.1f ms\n", "ssh floor", fw, n / fw, fc * 1000 / n, fh / 1e6 / n
  printf "%-12s %10.2f %9.1f %14.1f ms %16.1f ms\n", "driftwarden", dw, n / dw, dc * 1000 / n, dh / 1e6 / n
  printf "driftwarden wall / floor: %.2fx (target <= 1.2x); own CPU per host %.1f ms (target <= 15 ms);" \
    " peak heap median %d MiB, max %d MiB (target < 256 MiB)\n", dw / fw, dc * 1000 / n, dp, dpmax
}'
