#!/bin/sh
# Builds the local image the .deb is installed into (DebPackageIT): a fresh Debian bookworm with what the
# package depends on (a Java 17 runtime, systemd's tools) and nothing of driftwarden's, from a debootstrap root
# imported into Docker (no registry is reachable). systemd is installed but never PID 1 in a container, so the
# test runs systemd-sysusers, systemd-tmpfiles and systemd-analyze by hand, and the unit's hardening is not
# exercised. Idempotent.
set -eu
# shellcheck source=test-fixtures/images/rootfs.sh
. "$(dirname "$0")/rootfs.sh"
name=${1:-driftwarden-test-debian:1}
exit_if_present "$name"
root=$(mktemp -d /var/tmp/dw-debian.XXXXXX)
trap 'rm -rf "$root"' EXIT
bootstrap "$root" openjdk-17-jre-headless,systemd,ca-certificates,procps
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
import_root "$root" "$name"
echo "built image $name"
