#!/bin/bash
# The fault-injection suite (README "Under faults"): one daemon process at -Xmx256m, run after run, under every
# class of fault found so far, on loopback only: SSH peers that never finish a handshake, a host with 100,000
# unmanaged entries, half-sent HTTP requests on both listeners, a mail relay that trickles after TLS and then is
# down, a 5 MiB file dropped into the signed bundle, the reports directory full (a real tmpfs), and reverts of
# every kind over real OpenSSH with the connection cut at each step. Bounded: about 2 minutes; every wait has a
# deadline. Prints the figures (faults injected, runs completed, mails delivered exactly once, evidence rows per
# host change) and leaves them in target/fault-injection.txt.
# Needs: root (tmpfs mounts), Docker with the test image (test-fixtures/images/build-sshd-image.sh), ssh-keygen.
set -euo pipefail
cd "$(dirname "$0")/../.."
mvn -B -q verify -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false -Ddw.failIfNoTests=false \
  -Dit.test='FaultInjectionIT,RevertFaultsIT'
cat target/fault-injection.txt target/revert-faults.txt
