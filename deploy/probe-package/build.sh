#!/bin/sh
# Builds driftwarden-probe_<version>_all.deb: the pinned probe for sudo mode, root-owned at
# /usr/libexec/driftwarden/probe, a sudoers rule that lets the audit account run exactly that path with
# no arguments, and an empty /etc/driftwarden/probe.allow (paths whose bytes may leave the host for diffs).
# Usage: deploy/probe-package/build.sh [OUTDIR] [AUDIT_USER]   (needs target/driftwarden.jar and dpkg-deb)
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=${1:-$here/out}
user=${2:-audit}
jar=$here/../../target/driftwarden.jar
case $user in *[!a-z0-9_-]*|'') echo "build.sh: bad user name '$user'" >&2; exit 1 ;; esac
root=$(mktemp -d)
chmod 0755 "$root"
trap 'rm -rf "$root"' EXIT
mkdir -p "$root/DEBIAN" "$root/usr/libexec/driftwarden" "$root/etc/sudoers.d" "$root/etc/driftwarden" "$out"
java -jar "$jar" probe > "$root/usr/libexec/driftwarden/probe"
chmod 0755 "$root/usr/libexec/driftwarden/probe"
version=$(sed -n 's/^# driftwarden probe \([0-9]*\):.*/\1/p' "$root/usr/libexec/driftwarden/probe")
printf '# driftwarden: the audit account may run the pinned probe, with no arguments, and nothing else\n%s ALL=(root) NOPASSWD: /usr/libexec/driftwarden/probe ""\n' \
  "$user" > "$root/etc/sudoers.d/driftwarden-probe"
chmod 0440 "$root/etc/sudoers.d/driftwarden-probe"
printf '# One absolute path per line: files whose bytes the probe may return for diffs although "other"\n# cannot read them. Keep it short; sensitive files are never diffed whatever this says.\n' \
  > "$root/etc/driftwarden/probe.allow"
chmod 0644 "$root/etc/driftwarden/probe.allow"
printf '/etc/driftwarden/probe.allow\n' > "$root/DEBIAN/conffiles"
cat > "$root/DEBIAN/control" <<CONTROL
Package: driftwarden-probe
Version: $version
Architecture: all
Maintainer: driftwarden <driftwarden@example.com>
Depends: sudo, coreutils, findutils
Section: admin
Priority: optional
Description: pinned read-only probe for driftwarden sudo-mode audits
 Observes files, packages, services, sysctl and accounts as root and changes
 nothing. driftwarden checks this copy's version and sha256 on every run.
CONTROL
deb=$out/driftwarden-probe_${version}_all.deb
dpkg-deb --root-owner-group --build "$root" "$deb" >/dev/null
echo "$deb"
