#!/bin/bash
# The fleet floor benchmark (README "Benchmarks"). Starts $CONTAINERS real OpenSSH hosts from the test image,
# writes $HOSTS inventory entries over them (entries share hosts round robin, as several sshd ports would),
# and a signed standard of 60 files (owner, group, mode and content), 20 packages (exact version),
# 10 sysctls and 5 users, taken from the image so every host complies. Then, alternating, $RUNS times each
# after one warm-up of each:
#   floor        the same probe bytes (`driftwarden probe --host`) through OpenSSH's own client, one `ssh` per
#                entry, $CONCURRENCY at a time (xargs -P), each output kept and checked for the probe's END;
#   driftwarden  `java -jar driftwarden.jar audit` of the whole inventory at ssh.concurrency $CONCURRENCY,
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
root=$(cd "$(dirname "$0")/../.." && pwd)
jar=$root/target/driftwarden.jar
image=driftwarden-test-sshd:4
[ -f "$jar" ] || (cd "$root" && mvn -B -q package -DskipTests)
docker image inspect "$image" >/dev/null 2>&1 || sh "$root/test-fixtures/images/build-sshd-image.sh" >&2
command -v /usr/bin/time >/dev/null || { echo "fleet.sh: needs GNU time (apt-get install time)" >&2; exit 1; }

work=$(mktemp -d /tmp/dw-bench-fleet.XXXXXX)
ids=()
cleanup() { [ ${#ids[@]} -eq 0 ] || docker rm -f "${ids[@]}" >/dev/null 2>&1; [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"; }
trap cleanup EXIT
cd "$work"

ssh-keygen -q -t ed25519 -N '' -C audit -f id
ssh-keygen -q -t ed25519 -N '' -C alice -f signer
ports=()
for _ in $(seq 1 "$CONTAINERS"); do
  id=$(docker run -d -p 127.0.0.1::22 -e AUTHORIZED_KEY="$(cat id.pub)" "$image")
  ids+=("$id")
  ports+=("$(docker port "$id" 22/tcp | head -n 1 | sed 's/.*://')")
done
: > known_hosts
for i in "${!ids[@]}"; do
  # every entry of a host may be mid-handshake at once: more than sshd's default MaxStartups (10)
  docker exec "${ids[$i]}" sh -c 'echo "MaxStartups 200:30:400" >> /etc/ssh/sshd_config && kill -HUP 1'
  for _ in $(seq 1 50); do
    line=$(ssh-keyscan -t ed25519 -p "${ports[$i]}" 127.0.0.1 2>/dev/null || true)
    [ -n "$line" ] && break
    sleep 0.2
  done
  [ -n "$line" ] || { echo "fleet.sh: sshd on port ${ports[$i]} never answered" >&2; exit 1; }
  printf '%s\n' "$line" >> known_hosts
done

# The standard, from the first host (all hosts run the same image and start the same way).
first=${ids[0]}
mkdir -p standards/files
{
  echo "standard: fleet-bench"
  echo "description: 60 files, 20 packages, 10 sysctls, 5 users, read from the test image"
  echo "resources:"
  docker exec "$first" sh -c "find /etc -xdev -type f -perm -004 -size -32k ! -path '/etc/ssh/ssh_host_*' \
      ! -name hostname ! -name hosts ! -name resolv.conf ! -name machine-id ! -name '*.dpkg-*' | sort | head -n 60 \
      | xargs stat -c '%n %U %G %a'" | while read -r path owner group mode; do
    mkdir -p "standards/files$(dirname "$path")"
    docker exec "$first" cat "$path" > "standards/files$path"
    printf '  - file: %s\n    owner: %s\n    group: %s\n    mode: "%04d"\n    source: files%s\n' \
      "$path" "$owner" "$group" "$mode" "$path"
  done
  docker exec "$first" dpkg-query -W -f '${Package} ${Version}\n' | sort | head -n 20 | while read -r pkg version; do
    printf '  - package: %s\n    version: "%s"\n' "$pkg" "$version"
  done
  for key in net.ipv4.ip_forward net.ipv4.tcp_syncookies net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter \
      net.ipv4.icmp_echo_ignore_broadcasts net.ipv4.conf.all.accept_redirects net.ipv4.conf.all.send_redirects \
      net.ipv4.conf.all.accept_source_route kernel.ostype net.core.somaxconn; do
    printf '  - sysctl: %s\n    value: "%s"\n' "$key" "$(docker exec "$first" cat "/proc/sys/$(echo "$key" | tr . /)")"
  done
  docker exec "$first" getent passwd root daemon bin sys audit | while IFS=: read -r user _ uid _ _ home shell; do
    printf '  - user: %s\n    uid: %s\n    home: %s\n    shell: %s\n' "$user" "$uid" "$home" "$shell"
  done
} > standards/fleet.yaml
counts=$(grep -c "^  - file:" standards/fleet.yaml)
[ "$counts" -eq 60 ] || { echo "fleet.sh: the image has $counts files to standardise, not 60" >&2; exit 1; }

{
  echo "hosts:"
  for n in $(seq 0 $((HOSTS - 1))); do
    printf '  web-%03d: {address: 127.0.0.1, port: %s}\n' "$n" "${ports[$((n % CONTAINERS))]}"
  done
} > inventory.yaml
echo "alice@example.com $(cat signer.pub)" > allowed_signers
cat > driftwarden.yaml <<EOF
standards: standards
inventory: inventory.yaml
reports_dir: reports
hmac_key_file: state/key
signoff: {allowed_signers: allowed_signers, required: 1}
ssh: {user: audit, identity_file: id, known_hosts: known_hosts, connect_timeout: 10s, host_timeout: 120s, concurrency: $CONCURRENCY}
EOF
"$JAVA" -jar "$jar" standard manifest --config driftwarden.yaml >/dev/null
ssh-keygen -q -Y sign -f signer -n driftwarden standards/SIGNOFF
"$JAVA" -jar "$jar" probe --config driftwarden.yaml --host web-000 > probe.sh 2>/dev/null
sed -n 's/^  \(web-[0-9]*\): {address: 127.0.0.1, port: \([0-9]*\)}$/\1 \2/p' inventory.yaml > entries
cat > one.sh <<'EOF'
#!/bin/sh
# one floor entry: the probe through OpenSSH, its output kept; the key exchange driftwarden negotiates with
# these hosts (OpenSSH's default sntrup761 costs its client ~150 ms of CPU a connection: see README)
exec ssh -o KexAlgorithms=${FLOOR_KEX:-curve25519-sha256} -i id -o BatchMode=yes -o UserKnownHostsFile=known_hosts -o StrictHostKeyChecking=yes -o LogLevel=ERROR \
  -p "$2" audit@127.0.0.1 /bin/sh -s < probe.sh > "out/$1"
EOF
chmod +x one.sh

cgroup_ns() { # the audited hosts' CPU so far, in ns (cgroup v2, else v1)
  local total=0 id v
  for id in "${ids[@]}"; do
    if [ -f "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat" ]; then
      v=$(awk '$1=="usage_usec"{print $2 * 1000}' "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat")
    else
      v=$(cat "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage")
    fi
    total=$((total + v))
  done
  echo "$total"
}

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
  /usr/bin/time -f '%e %U %S' -o time.txt "$JAVA" ${JAVA_OPTS:-} -Xlog:gc,gc+heap+exit:file=gc.log -jar "$jar" audit \
    --config driftwarden.yaml --format json > report.json || rc=$?
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

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

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
