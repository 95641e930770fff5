#!/bin/sh
# Builds the local test-host image: Debian bookworm with OpenSSH, from a debootstrap root imported into
# Docker (no image registry is reachable, and nothing is ever pulled). Idempotent: an existing image is
# kept. Each container generates its own host keys at start and trusts the keys given in the environment:
# $AUTHORIZED_KEY for the audit account (login shell /bin/sh as the README recommends, in group adm so it
# may read the logs that name possible actors), $ENFORCE_KEY for dw-enforce (may run `sudo -n /bin/sh -s`
# only: the revert identity), $OPERATOR_KEY for ops-alice (an operator with full sudo, who makes hotfixes).
# sudo keeps its own logfile (/var/log/sudo.log, readable by adm) since no syslog daemon runs here. apt
# reaches only a local repository holding the kept .deb of `tree`, so a package revert never needs the
# network. A unit file (dw-demo.service) is enabled so `systemctl enable/disable` can be reverted for real.
# Without systemd as PID 1 nothing can be started or stopped: /usr/bin/systemctl is a stub that passes every
# verb to the real systemctl working offline (--root=/), except start, stop and is-active, which keep a
# unit's running state in /run/dw-stub-systemd; with $STUB_SYSTEMD set the container creates
# /run/systemd/system, so the probe asks is-active (without it, `running` stays not_checked as on any host
# without a service manager).
# A second argument adds packages (comma-separated): the peer benchmark's image adds puppet and python3
# (src/bench/peers.sh).
set -eu
# shellcheck source=test-fixtures/images/rootfs.sh
. "$(dirname "$0")/rootfs.sh"
name=${1:-driftwarden-test-sshd:4}
extra=${2:+,$2}
exit_if_present "$name"
root=$(mktemp -d /var/tmp/dw-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
bootstrap "$root" "openssh-server,sudo,procps,systemd,tree$extra"
chroot "$root" useradd -m -s /bin/sh -u 1500 -G adm audit
chroot "$root" useradd -m -s /bin/sh -u 1600 ops-alice
chroot "$root" useradd -m -s /bin/sh -u 1700 dw-enforce
cat > "$root/etc/sudoers.d/00-driftwarden-test" <<'SUDOERS'
Defaults logfile=/var/log/sudo.log
ops-alice ALL=(ALL:ALL) NOPASSWD: ALL
dw-enforce ALL=(root) NOPASSWD: /bin/sh -s
SUDOERS
chmod 440 "$root/etc/sudoers.d/00-driftwarden-test"
install -m 640 -o 0 -g adm /dev/null "$root/var/log/sudo.log"
chmod 644 "$root/var/log/dpkg.log" 2>/dev/null || true
# the local apt repository: the .deb debootstrap installed, and nothing else
mkdir -p "$root/srv/debian-local"
deb=$(ls "$root"/var/cache/apt/archives/tree_*.deb 2>/dev/null | head -n 1)
if [ -z "$deb" ]; then
  (cd "$root/srv/debian-local" && apt-get download tree >/dev/null)
else
  cp "$deb" "$root/srv/debian-local/"
fi
(cd "$root/srv/debian-local" && dpkg-scanpackages --multiversion . /dev/null 2>/dev/null > Packages)
rm -f "$root"/etc/apt/sources.list.d/* 
echo 'deb [trusted=yes] file:/srv/debian-local ./' > "$root/etc/apt/sources.list"
chroot "$root" apt-get update -qq >/dev/null
cat > "$root/etc/systemd/system/dw-demo.service" <<'UNIT'
[Unit]
Description=driftwarden test unit (never started: no systemd as PID 1 in the container)
[Service]
ExecStart=/bin/true
[Install]
WantedBy=multi-user.target
UNIT
chroot "$root" systemctl enable dw-demo.service >/dev/null 2>&1
mv "$root/usr/bin/systemctl" "$root/usr/bin/systemctl.real"
cat > "$root/usr/bin/systemctl" <<'STUB'
#!/bin/sh
# driftwarden test stub: no systemd as PID 1 here. start/stop/is-active keep the running state in
# /run/dw-stub-systemd; every other verb is the real systemctl, offline.
state=/run/dw-stub-systemd
verb=$1; shift
[ "${1:-}" = -- ] && shift
case $verb in
  is-active) if [ -e "$state/$1" ]; then echo active; else echo inactive; exit 3; fi ;;
  start) mkdir -p "$state" && : > "$state/$1" ;;
  stop) rm -f "$state/$1" ;;
  *) exec /usr/bin/systemctl.real --root=/ "$verb" "$@" ;;
esac
STUB
chmod 755 "$root/usr/bin/systemctl"
rm -f "$root"/etc/ssh/ssh_host_*
mkdir -p "$root/run/sshd"
printf 'dw-test-host\n' > "$root/etc/hostname"
cat > "$root/usr/local/sbin/start-sshd" <<'START'
#!/bin/sh
# container entry point: fresh host keys, the audit key, then sshd in the foreground
ssh-keygen -A >/dev/null
authorize() { # user key
  [ -n "$2" ] || return 0
  install -d -m 700 -o "$1" -g "$1" "/home/$1/.ssh"
  printf '%s\n' "$2" > "/home/$1/.ssh/authorized_keys"
  chown "$1:$1" "/home/$1/.ssh/authorized_keys"
  chmod 600 "/home/$1/.ssh/authorized_keys"
}
authorize audit "${AUTHORIZED_KEY:-}"
authorize dw-enforce "${ENFORCE_KEY:-}"
authorize ops-alice "${OPERATOR_KEY:-}"
if [ -n "${STUB_SYSTEMD:-}" ]; then mkdir -p /run/systemd/system; fi
[ -s /etc/machine-id ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > /etc/machine-id
exec /usr/sbin/sshd -D -e
START
chmod 755 "$root/usr/local/sbin/start-sshd"
: > "$root/etc/machine-id"
import_root "$root" "$name" -c 'CMD ["/usr/local/sbin/start-sshd"]' -c 'EXPOSE 22'
echo "built image $name"
