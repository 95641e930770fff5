#!/bin/bash
# The peers benchmark (README "Benchmarks"): driftwarden against Debian's Puppet (`puppet apply --noop`) and
# Ansible (`ansible-playbook --check --diff`), the same desired state on the same hosts: 60 files (owner,
# group, mode, content), 20 packages (exact version), 10 sysctls (running value) and 5 users (uid, home,
# shell), read from the image so every host complies and each tool must report nothing to change.
# Starts $FLEET OpenSSH containers of an image variant that also has puppet, python3 and python3-apt. Then:
#   one host  $RUNS times each, after a warm-up: driftwarden's `audit` of one host over ssh (the launcher,
#             JVM start included), Puppet's noop on the host (docker exec, as root: Puppet runs where it
#             checks), Ansible's check from this machine over ssh (its defaults; it runs Python on the host).
#             Measured: wall, and the audited host's CPU (its cgroup) per run.
#   fleet     all $FLEET hosts: driftwarden's audit ($RUNS times) and Ansible's check with forks=$FLEET
#             ($ANSIBLE_FLEET_RUNS times, default 1: it takes minutes). Measured: wall, and the hosts' CPU.
# Prints medians and the ratios the targets are stated in. Each run's result is checked: driftwarden exits
# 0, Puppet's --detailed-exitcodes is 0, Ansible's recap says changed=0 failed=0 for every host.
# Needs: Docker, ansible-core (apt-get install ansible-core), GNU time; the image is built when absent.
# RUNS (5), FLEET (50), ANSIBLE_FLEET_RUNS (1), JAVA, KEEP=1 as in fleet.sh.
set -euo pipefail
RUNS=${RUNS:-5}
FLEET=${FLEET:-50}
ANSIBLE_FLEET_RUNS=${ANSIBLE_FLEET_RUNS:-1}
JAVA=${JAVA:-java}
export JAVA
image=driftwarden-bench-peers:1
here=$(cd "$(dirname "$0")" && pwd)
command -v ansible-playbook >/dev/null || { echo "peers.sh: needs ansible-core (apt-get install ansible-core)" >&2; exit 1; }
work=$(mktemp -d /tmp/dw-bench-peers.XXXXXX)
cd "$work"
# shellcheck source=src/bench/lib.sh
. "$here/lib.sh"
trap bench_cleanup EXIT
bench_build "$image" puppet,python3,python3-apt
bench_hosts "$image" "$FLEET"
bench_desired

# driftwarden: one inventory of all hosts; the one-host run audits only h00 (--hosts)
{
  echo "hosts:"
  for i in "${!ports[@]}"; do printf '  h%02d: {address: 127.0.0.1, port: %s}\n' "$i" "${ports[$i]}"; done
} > inventory.yaml
bench_config "$FLEET"

# Puppet: the manifest and the files it compares against, copied into the first host
awk -v q="'" '
  $1 == "file"    { printf "file { %s%s%s:\n  ensure => file, owner => %s%s%s, group => %s%s%s, mode => %s%s%s,\n  source => %s/bench/files%s%s,\n}\n", q, $2, q, q, $3, q, q, $4, q, q, $5, q, q, $2, q }
  $1 == "package" { printf "package { %s%s%s: ensure => %s%s%s }\n", q, $2, q, q, $3, q }
  $1 == "sysctl"  { p = $2; gsub(/\./, "/", p)
                    printf "exec { %ssysctl %s%s:\n  provider => shell, command => %sfalse%s,\n  unless => %stest \"$(cat /proc/sys/%s)\" = \"%s\"%s,\n}\n", q, $2, q, q, q, q, p, $3, q }
  $1 == "user"    { printf "user { %s%s%s: uid => %s, home => %s%s%s, shell => %s%s%s }\n", q, $2, q, $3, q, $4, q, q, $5, q }
' desired.tsv > manifest.pp
docker exec "${ids[0]}" mkdir -p /bench
docker cp files "${ids[0]}:/bench/files" >/dev/null
docker cp manifest.pp "${ids[0]}:/bench/manifest.pp" >/dev/null

# Ansible: the playbook; an inventory of all hosts as the audit account
awk '
  BEGIN { print "- hosts: all"; print "  gather_facts: false"; print "  tasks:" }
  $1 == "file"    { f = f sprintf("      - {path: \"%s\", owner: \"%s\", group: \"%s\", mode: \"%s\"}\n", $2, $3, $4, $5) }
  $1 == "package" { p = p sprintf("          - \"%s=%s\"\n", $2, $3) }
  $1 == "sysctl"  { s = s sprintf("      - {key: \"%s\", value: \"%s\"}\n", $2, $3) }
  $1 == "user"    { u = u sprintf("      - {name: \"%s\", uid: %s, home: \"%s\", shell: \"%s\"}\n", $2, $3, $4, $5) }
  END {
    print "    - name: files"
    print "      ansible.builtin.copy: {src: \"files{{ item.path }}\", dest: \"{{ item.path }}\", owner: \"{{ item.owner }}\", group: \"{{ item.group }}\", mode: \"{{ item.mode }}\"}"
    print "      loop:"; printf "%s", f
    print "    - name: packages"
    print "      ansible.builtin.apt:"
    print "        state: present"
    print "        name:"; printf "%s", p
    print "    - name: sysctls (running value; ansible-core has no sysctl module)"
    print "      ansible.builtin.command: {argv: [cat, \"/proc/sys/{{ item.key | replace(\x27.\x27, \x27/\x27) }}\"]}"
    print "      check_mode: false"
    print "      changed_when: false"
    print "      register: running"
    print "      failed_when: running.stdout != item.value"
    print "      loop:"; printf "%s", s
    print "    - name: users"
    print "      ansible.builtin.user: {name: \"{{ item.name }}\", uid: \"{{ item.uid }}\", home: \"{{ item.home }}\", shell: \"{{ item.shell }}\"}"
    print "      loop:"; printf "%s", u
  }
' desired.tsv > playbook.yml
for i in "${!ports[@]}"; do
  printf 'h%02d ansible_host=127.0.0.1 ansible_port=%s\n' "$i" "${ports[$i]}"
done > hosts.ini
cat >> hosts.ini <<INI
[all:vars]
ansible_user=audit
ansible_ssh_private_key_file=$work/id
ansible_ssh_common_args='-o UserKnownHostsFile=$work/known_hosts -o StrictHostKeyChecking=yes'
ansible_python_interpreter=/usr/bin/python3
INI
head -n 1 hosts.ini > one.ini
sed -n '/^\[all:vars\]/,$p' hosts.ini >> one.ini
export ANSIBLE_LOCAL_TEMP=$work/ansible-tmp ANSIBLE_NOCOLOR=1

timed() { # CONTAINER... -- COMMAND...: prints "wall_s host_cpu_ns rc" of COMMAND, its output in last.out
  local cs=()
  while [ "$1" != -- ]; do cs+=("$1"); shift; done
  shift
  local before after rc=0
  before=$(cgroup_ns "${cs[@]}")
  /usr/bin/time -f '%e' -o time.txt "$@" > last.out 2>&1 || rc=$?
  after=$(cgroup_ns "${cs[@]}")
  echo "$(tail -n 1 time.txt) $((after - before)) $rc"
}

check() { # NAME RC WANT_RC [RECAP_HOSTS]: a run that did not find the hosts compliant stops the benchmark
  if [ "$2" -ne "$3" ]; then
    echo "peers.sh: $1 exited $2, want $3 (every host complies):" >&2; tail -n 30 last.out >&2; exit 1
  fi
  if [ -n "${4:-}" ]; then
    local clean
    clean=$(grep -cE '^h[0-9]+ +: ok=[0-9]+ +changed=0 +unreachable=0 +failed=0' last.out || true)
    [ "$clean" -eq "$4" ] || { echo "peers.sh: $1: $clean of $4 hosts clean in the recap:" >&2; tail -n 60 last.out >&2; exit 1; }
  fi
}

dw_one()      { timed "${ids[0]}" -- "$launcher" audit --config driftwarden.yaml --hosts h00; }
puppet_one()  { timed "${ids[0]}" -- docker exec "${ids[0]}" puppet apply --noop --detailed-exitcodes /bench/manifest.pp; }
ansible_one() { timed "${ids[0]}" -- ansible-playbook -i one.ini --check --diff playbook.yml; }
dw_fleet()    { timed "${ids[@]}" -- "$launcher" audit --config driftwarden.yaml; }
ansible_fleet() { timed "${ids[@]}" -- ansible-playbook -i hosts.ini --forks "$FLEET" --check --diff playbook.yml; }

echo "peers: one host and a fleet of $FLEET OpenSSH containers ($image), $RUNS runs each after a warm-up;" \
  "60 files, 20 packages, 10 sysctls, 5 users; $(puppet_v=$(docker exec "${ids[0]}" puppet --version); echo "puppet $puppet_v"), $(ansible-playbook --version | head -n 1), JVM: $("$JAVA" -version 2>&1 | head -n 1)" >&2
r=$(dw_one); check "driftwarden (one host)" "${r##* }" 0
r=$(puppet_one); check "puppet apply --noop" "${r##* }" 0
r=$(ansible_one); check "ansible-playbook --check" "${r##* }" 0 1
last() { tail -n 1 "$1" | awk '{printf "%s s %.0f ms", $1, $2 / 1e6}'; } # a run's wall and host CPU
: > dw1.txt; : > pp1.txt; : > an1.txt; : > dwf.txt; : > anf.txt
for n in $(seq 1 "$RUNS"); do
  r=$(dw_one); check "driftwarden (one host)" "${r##* }" 0; echo "$r" >> dw1.txt
  r=$(puppet_one); check "puppet apply --noop" "${r##* }" 0; echo "$r" >> pp1.txt
  r=$(ansible_one); check "ansible-playbook --check" "${r##* }" 0 1; echo "$r" >> an1.txt
  r=$(dw_fleet); check "driftwarden ($FLEET hosts)" "${r##* }" 0; echo "$r" >> dwf.txt
  echo "run $n: one host: driftwarden $(last dw1.txt), puppet $(last pp1.txt), ansible $(last an1.txt);" \
    "$FLEET hosts: driftwarden $(cut -d' ' -f1 < <(tail -n 1 dwf.txt)) s" >&2
done
for n in $(seq 1 "$ANSIBLE_FLEET_RUNS"); do
  r=$(ansible_fleet); check "ansible-playbook --check ($FLEET hosts)" "${r##* }" 0 "$FLEET"; echo "$r" >> anf.txt
  echo "ansible $FLEET hosts, run $n: $(cut -d' ' -f1 < <(tail -n 1 anf.txt)) s" >&2
done

m() { cut -d' ' -f"$2" "$1" | median; }
awk -v dw="$(m dw1.txt 1)" -v dh="$(m dw1.txt 2)" -v pw="$(m pp1.txt 1)" -v ph="$(m pp1.txt 2)" \
    -v aw="$(m an1.txt 1)" -v ah="$(m an1.txt 2)" -v fw="$(m dwf.txt 1)" -v fh="$(m dwf.txt 2)" \
    -v gw="$(m anf.txt 1)" -v gh="$(m anf.txt 2)" -v n="$FLEET" 'BEGIN {
  printf "%-34s %10s %22s\n", "one host", "wall (s)", "audited-host CPU (ms)"
  printf "%-34s %10.2f %22.1f\n", "driftwarden audit (JVM start incl.)", dw, dh / 1e6
  printf "%-34s %10.2f %22.1f\n", "puppet apply --noop", pw, ph / 1e6
  printf "%-34s %10.2f %22.1f\n", "ansible-playbook --check --diff", aw, ah / 1e6
  printf "%-34s %10s %22s\n", n " hosts", "wall (s)", "hosts CPU per host (ms)"
  printf "%-34s %10.2f %22.1f\n", "driftwarden audit", fw, fh / 1e6 / n
  if (gw > 0) printf "%-34s %10.2f %22.1f\n", "ansible-playbook --check, forks " n, gw, gh / 1e6 / n
  else printf "%-34s %10s\n", "ansible-playbook --check, forks " n, "not run (ANSIBLE_FLEET_RUNS=0)"
  printf "audited-host CPU: %.0fx less than puppet (target 30x), %.0fx less than ansible (target 300x)\n", ph / dh, ah / dh
  printf "one host wall: %.1fx faster than puppet (target 3x), %.1fx faster than ansible (target 30x)\n", pw / dw, aw / dw
  if (gw > 0) printf "%d hosts wall: %.0fx faster than ansible (target 100x)\n", n, gw / fw
}'
