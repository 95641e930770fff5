#!/bin/sh
# The demo: build the fleet, then audit it. Exits with the audit's code (2: unapproved drift found).
set -eu
here=$(cd "$(dirname "$0")" && pwd)
"$here/build.sh" >/dev/null
exec java -jar "$here/../../target/driftwarden.jar" audit --config "$here/driftwarden.yaml" "$@"
