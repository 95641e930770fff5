# shellcheck shell=bash
# Shared by the benchmarks (fleet.sh, peers.sh): real OpenSSH hosts from a test image, the desired state read
# from the first of them, the audited hosts' CPU from their cgroups. Sourced with the work directory current.

bench_root=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
jar=$bench_root/target/driftwarden.jar
launcher=$bench_root/target/driftwarden
ids=()
ports=()

bench_build() { # the jar and launcher, the image (arguments: image name, extra packages)
  [ -f "$jar" ] && [ -x "$launcher" ] || (cd "$bench_root" && mvn -B -q package -DskipTests)
  docker image inspect "$1" >/dev/null 2>&1 || sh "$bench_root/test-fixtures/images/build-sshd-image.sh" "$@" >&2
  command -v /usr/bin/time >/dev/null || { echo "bench: needs GNU time (apt-get install time)" >&2; exit 1; }
}

bench_hosts() { # IMAGE COUNT: start COUNT sshd containers, trust their host keys; keys id (audit) and signer
  ssh-keygen -q -t ed25519 -N '' -C audit -f id
  ssh-keygen -q -t ed25519 -N '' -C alice -f signer
  local id line i
  for _ in $(seq 1 "$2"); do
    id=$(docker run -d -p 127.0.0.1::22 -e AUTHORIZED_KEY="$(cat id.pub)" "$1")
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
    [ -n "$line" ] || { echo "bench: sshd on port ${ports[$i]} never answered" >&2; exit 1; }
    printf '%s\n' "$line" >> known_hosts
  done
}

bench_cleanup() {
  [ ${#ids[@]} -eq 0 ] || docker rm -f "${ids[@]}" >/dev/null 2>&1
  # shellcheck disable=SC2154 # work is made by the benchmark that sources this file
  [ -n "${KEEP:-}" ] && echo "kept $work" >&2 || rm -rf "$work"
}

# The desired state, from the first host (all run the same image and start the same way), as lines of
# desired.tsv: "file PATH OWNER GROUP MODE", "package NAME VERSION", "sysctl KEY VALUE", "user NAME UID HOME SHELL";
# the files' bytes go under files/. Then the same state as a signed driftwarden standard.
bench_desired() {
  local first=${ids[0]} path owner group mode key
  mkdir -p files
  : > desired.tsv
  docker exec "$first" sh -c "find /etc -xdev -type f -perm -004 -size -32k ! -path '/etc/ssh/ssh_host_*' \
      ! -name hostname ! -name hosts ! -name resolv.conf ! -name machine-id ! -name '*.dpkg-*' | sort | head -n 60 \
      | xargs stat -c '%n %U %G %a'" | while read -r path owner group mode; do
    mkdir -p "files$(dirname "$path")"
    docker exec "$first" cat "$path" > "files$path"
    printf 'file %s %s %s %04d\n' "$path" "$owner" "$group" "$mode" >> desired.tsv
  done
  docker exec "$first" dpkg-query -W -f '${Package} ${Version}\n' | sort | head -n 20 | sed 's/^/package /' >> desired.tsv
  for key in net.ipv4.ip_forward net.ipv4.tcp_syncookies net.ipv4.conf.all.rp_filter net.ipv4.conf.default.rp_filter \
      net.ipv4.icmp_echo_ignore_broadcasts net.ipv4.conf.all.accept_redirects net.ipv4.conf.all.send_redirects \
      net.ipv4.conf.all.accept_source_route kernel.ostype net.core.somaxconn; do
    printf 'sysctl %s %s\n' "$key" "$(docker exec "$first" cat "/proc/sys/$(echo "$key" | tr . /)")" >> desired.tsv
  done
  docker exec "$first" getent passwd root daemon bin sys audit | awk -F: '{print "user", $1, $3, $6, $7}' >> desired.tsv
  local n
  n=$(grep -c '^file ' desired.tsv)
  [ "$n" -eq 60 ] || { echo "bench: the image has $n files to standardise, not 60" >&2; exit 1; }

  mkdir -p standards
  cp -r files standards/
  awk '
    BEGIN { print "standard: bench"; print "description: 60 files, 20 packages, 10 sysctls, 5 users, read from the image"; print "resources:" }
    $1 == "file"    { printf "  - file: %s\n    owner: %s\n    group: %s\n    mode: \"%s\"\n    source: files%s\n", $2, $3, $4, $5, $2 }
    $1 == "package" { printf "  - package: %s\n    version: \"%s\"\n", $2, $3 }
    $1 == "sysctl"  { printf "  - sysctl: %s\n    value: \"%s\"\n", $2, $3 }
    $1 == "user"    { printf "  - user: %s\n    uid: %s\n    home: %s\n    shell: %s\n", $2, $3, $4, $5 }
  ' desired.tsv > standards/bench.yaml
}

bench_config() { # CONCURRENCY, with inventory.yaml written: the config, the signed bundle
  echo "alice@example.com namespaces=\"driftwarden\" $(cat signer.pub)" > allowed_signers
  cat > driftwarden.yaml <<CONF
standards: standards
inventory: inventory.yaml
reports_dir: reports
hmac_key_file: state/key
signoff: {allowed_signers: allowed_signers, required: 1}
ssh: {user: audit, identity_file: id, known_hosts: known_hosts, connect_timeout: 10s, host_timeout: 300s, concurrency: $1}
CONF
  "$launcher" standard manifest --config driftwarden.yaml >/dev/null
  ssh-keygen -q -Y sign -f signer -n driftwarden standards/SIGNOFF
}

cgroup_ns() { # the CPU the given containers (default: all) used so far, in ns (cgroup v2, else v1)
  local total=0 id v list=("$@")
  [ ${#list[@]} -gt 0 ] || list=("${ids[@]}")
  for id in "${list[@]}"; do
    if [ -f "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat" ]; then
      v=$(awk '$1=="usage_usec"{print $2 * 1000}' "/sys/fs/cgroup/system.slice/docker-$id.scope/cpu.stat")
    else
      v=$(cat "/sys/fs/cgroup/cpuacct/docker/$id/cpuacct.usage")
    fi
    total=$((total + v))
  done
  echo "$total"
}

median() { sort -g | awk '{a[NR] = $1} END {print (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2}'; }

peak_heap() { # GC_LOG: the most heap in use before any GC, or at exit, in MiB
  awk '
    / Pause /{ if (match($0, /[0-9]+M->/)) { v = substr($0, RSTART, RLENGTH - 3) + 0; if (v > m) m = v } }
    /garbage-first heap|def new generation|total [0-9]+K, used/{ if (match($0, /used [0-9]+K/)) { u = substr($0, RSTART + 5, RLENGTH - 6) / 1024; if (u > m) m = u } }
    END { printf "%d", m + 0.5 }' "$1"
}

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; } # a process's user + system CPU, in clock ticks
