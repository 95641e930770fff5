#!/bin/sh
# Builds the local test-host image: Debian bookworm with OpenSSH, from a debootstrap root imported into
# Docker (no image registry is reachable, and nothing is ever pulled). Idempotent: an existing image is
# kept. Each container generates its own host keys at start and trusts the key in $AUTHORIZED_KEY for the
# audit account, whose login shell is /bin/sh as the README recommends.
set -eu
. "$(dirname "$0")/rootfs.sh"
name=${1:-driftwarden-test-sshd:2}
exit_if_present "$name"
root=$(mktemp -d /var/tmp/dw-rootfs.XXXXXX)
trap 'rm -rf "$root"' EXIT
bootstrap "$root" openssh-server,sudo,procps,systemd
chroot "$root" useradd -m -s /bin/sh -u 1500 audit
rm -f "$root"/etc/ssh/ssh_host_*
mkdir -p "$root/run/sshd"
printf 'dw-test-host\n' > "$root/etc/hostname"
cat > "$root/usr/local/sbin/start-sshd" <<'START'
#!/bin/sh
# container entry point: fresh host keys, the audit key, then sshd in the foreground
ssh-keygen -A >/dev/null
if [ -n "${AUTHORIZED_KEY:-}" ]; then
  install -d -m 700 -o audit -g audit /home/audit/.ssh
  printf '%s\n' "$AUTHORIZED_KEY" > /home/audit/.ssh/authorized_keys
  chown audit:audit /home/audit/.ssh/authorized_keys
  chmod 600 /home/audit/.ssh/authorized_keys
fi
[ -s /etc/machine-id ] || od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > /etc/machine-id
exec /usr/sbin/sshd -D -e
START
chmod 755 "$root/usr/local/sbin/start-sshd"
: > "$root/etc/machine-id"
import_root "$root" "$name" -c 'CMD ["/usr/local/sbin/start-sshd"]' -c 'EXPOSE 22'
echo "built image $name"
