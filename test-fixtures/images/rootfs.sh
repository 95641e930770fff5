# shellcheck shell=bash
# Shared by the image builders: make a Debian bookworm root with debootstrap from this machine's apt mirror,
# and import a root directory into Docker (no image registry is reachable here; nothing is pulled).

# Prints the Debian mirror this machine's apt uses.
apt_mirror() {
  m=$(sed -n 's/^URIs: *//p' /etc/apt/sources.list.d/*.sources 2>/dev/null | head -n 1)
  [ -n "$m" ] || m=$(awk '$1 == "deb" {print $2; exit}' /etc/apt/sources.list 2>/dev/null)
  printf '%s' "$m"
}

# exit_if_present NAME: the builders are idempotent; an image already imported is kept.
exit_if_present() {
  if docker image inspect "$1" >/dev/null 2>&1; then
    echo "image $1 already present"
    exit 0
  fi
}

# bootstrap ROOT PACKAGES: a minimal bookworm root with the comma-separated packages.
bootstrap() {
  # shellcheck disable=SC2046 # apt_mirror prints nothing or one URL, split on purpose
  debootstrap --variant=minbase --include="$2" bookworm "$1" $(apt_mirror) >/dev/null
}

# import_root ROOT NAME [docker import --change options...]
import_root() {
  r=$1
  n=$2
  shift 2
  tar -C "$r" -c . | docker import "$@" - "$n" >/dev/null
}
