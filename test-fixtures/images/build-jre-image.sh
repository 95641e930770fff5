#!/bin/sh
# Builds the local Java runtime base image of the release image (Jib, -Dimage.base=tar://...; no registry is reachable here):
# Debian bookworm with openjdk-17-jre-headless, from a debootstrap root imported into Docker. Idempotent.
set -eu
# shellcheck source=test-fixtures/images/rootfs.sh
. "$(dirname "$0")/rootfs.sh"
name=${1:-driftwarden-test-jre:17}
exit_if_present "$name"
root=$(mktemp -d /var/tmp/dw-jre.XXXXXX)
trap 'rm -rf "$root"' EXIT
bootstrap "$root" openjdk-17-jre-headless,ca-certificates
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
import_root "$root" "$name"
echo "built image $name"
