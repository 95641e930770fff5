#!/bin/sh
# Builds the local Java runtime base image for deploy/container/Dockerfile (no registry is reachable here):
# Debian bookworm with openjdk-17-jre-headless, from a debootstrap root imported into Docker. Idempotent.
set -eu
name=${1:-driftwarden-test-jre:17}
if docker image inspect "$name" >/dev/null 2>&1; then
  echo "image $name already present"
  exit 0
fi
mirror=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
[ -n "$mirror" ] || mirror=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
root=$(mktemp -d /var/tmp/dw-jre.XXXXXX)
trap 'rm -rf "$root"' EXIT
debootstrap --variant=minbase --include=openjdk-17-jre-headless,ca-certificates bookworm "$root" $mirror >/dev/null
rm -rf "$root"/var/cache/apt/archives/*.deb "$root"/var/lib/apt/lists/*
tar -C "$root" -c . | docker import - "$name" >/dev/null
echo "built image $name"
