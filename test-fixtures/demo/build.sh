#!/bin/sh
# Builds the demo fleet under test-fixtures/demo/build: four image roots (git keeps neither owners nor
# modes, so they are made here) and a copy of the standards bundle with change records dated relative
# to today, so the demo shows the same outcomes on any day. The bundle is then signed off with the TEST
# keys of test-fixtures/keys (reviewers alice and bob sign SIGNOFF, approvers carol and dave sign
# records). Needs root (the roots hold root-owned files) and ssh-keygen.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out=$here/build
if [ "$(id -u)" != 0 ]; then
  echo "build.sh: must run as root (the demo roots hold root-owned files)" >&2
  exit 1
fi
rm -rf "$out"
mkdir -p "$out/roots" "$out/standards/approvals"
cp -R "$here/standards/." "$out/standards/"

day() { date -u -d "$1" +%Y-%m-%dT00:00:00Z; }

record() { # id file-body
  printf '%s\n' "$2" > "$out/standards/approvals/$1.yaml"
}

record CHG-2041 "id: CHG-2041
summary: Raise the listen backlog on web hosts for the sale weekend
approved_by: [carol@example.com, dave@example.com]
approved_at: $(day '-2 days')
expires: $(day '+5 days')
ticket: https://change.example.com/CHG-2041
resolution: revert
applies_to: {hosts: [\"web-*\"]}
allow:
  - resource: sysctl:net.core.somaxconn
    property: persisted
    value: \"4096\""

record CHG-1999 "id: CHG-1999
summary: Hold openssh-server at deb12u2 while the deb12u3 regression is investigated
approved_by: [carol@example.com, dave@example.com]
approved_at: $(day '-40 days')
expires: $(day '-3 days')
resolution: fold-in
applies_to: {groups: [db]}
allow:
  - resource: package:openssh-server
    property: version
    value: \"1:9.2p1-2+deb12u2\""

record CHG-2100 "id: CHG-2100
summary: Enable forwarding on db hosts for the replication tunnel (from next week)
approved_by: [dave@example.com]
approved_at: $(day '-1 days')
valid_from: $(day '+3 days')
expires: $(day '+30 days')
resolution: fold-in
applies_to: {hosts: [db-1]}
allow:
  - resource: sysctl:net.ipv4.ip_forward
    property: persisted
    value: \"1\""

record CHG-2050 "id: CHG-2050
summary: Allow cron to be disabled on web-1 during the batch migration (not done yet)
approved_by: [carol@example.com]
approved_at: $(day '-1 days')
expires: $(day '+20 days')
resolution: revert
applies_to: {hosts: [web-1]}
allow:
  - resource: service:cron.service
    property: enabled
    value: disabled"

record CHG-2077 "id: CHG-2077
summary: Let deploy use sudo on web-3 (signed by a standard reviewer, not by its approver)
approved_by: [dave@example.com]
approved_at: $(day '-1 days')
expires: $(day '+10 days')
resolution: fold-in
applies_to: {hosts: [web-3]}
allow:
  - resource: user:deploy
    property: groups
    value: [admins, sudo]"

# --- roots -------------------------------------------------------------------------------------------
status_stanza() { # name version arch status
  printf 'Package: %s\nStatus: %s\nPriority: optional\nArchitecture: %s\nVersion: %s\nDescription: %s\n\n' \
    "$1" "$4" "$3" "$2" "$1"
}

make_root() { # name
  r=$out/roots/$1
  mkdir -p "$r/etc/ssh/sshd_config.d" "$r/etc/sudoers.d" "$r/etc/sysctl.d" "$r/var/lib/dpkg" \
           "$r/lib/systemd/system" "$r/etc/systemd/system/multi-user.target.wants" "$r/usr/share/zoneinfo/Etc" \
           "$r/home/deploy"
  printf '%s\n' "$1" > "$r/etc/hostname"
  printf '%032x\n' "$(printf '%s' "$1" | cksum | cut -d' ' -f1)" > "$r/etc/machine-id"
  printf 'PRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\nID=debian\nVERSION_ID="12"\n' > "$r/etc/os-release"
  cat > "$r/etc/passwd" <<'P'
root:x:0:0:root:/root:/bin/bash
daemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin
deploy:x:1001:1001:Deploy:/home/deploy:/bin/bash
P
  cat > "$r/etc/group" <<'G'
root:x:0:
sudo:x:27:
admins:x:2000:deploy
deploy:x:1001:
G
  cp "$here/standards/files/sshd_config" "$r/etc/ssh/sshd_config"
  chmod 0644 "$r/etc/ssh/sshd_config"
  cp "$here/standards/files/sudoers-ops" "$r/etc/sudoers.d/ops"
  chmod 0440 "$r/etc/sudoers.d/ops"
  : > "$r/usr/share/zoneinfo/Etc/UTC"
  ln -s /usr/share/zoneinfo/Etc/UTC "$r/etc/localtime"
  printf 'net.ipv4.ip_forward = 0\nnet.core.somaxconn = 1024\n' > "$r/etc/sysctl.d/60-hardening.conf"
  for u in ssh cron; do
    printf '[Unit]\nDescription=%s\n[Service]\nExecStart=/usr/sbin/%s\n[Install]\nWantedBy=multi-user.target\n' "$u" "$u" \
      > "$r/lib/systemd/system/$u.service"
    ln -s "/lib/systemd/system/$u.service" "$r/etc/systemd/system/multi-user.target.wants/$u.service"
  done
  {
    status_stanza openssh-server 1:9.2p1-2+deb12u3 amd64 'install ok installed'
    status_stanza cron 3.0pl1-162 amd64 'install ok installed'
    status_stanza telnetd 0.17+2.4-2 amd64 'deinstall ok config-files'
  } > "$r/var/lib/dpkg/status"
}

for h in web-1 web-2 web-3 db-1; do make_root "$h"; done

# web-2: the listen backlog raised as CHG-2041 approved
sed -i 's/^net.core.somaxconn = .*/net.core.somaxconn = 4096/' "$out/roots/web-2/etc/sysctl.d/60-hardening.conf"

# web-3: an operator's hotfixes: root login, a sudo rule, deploy in sudo, a bigger backlog than approved
sed -i 's/^PermitRootLogin no/PermitRootLogin yes/' "$out/roots/web-3/etc/ssh/sshd_config"
printf '%%admins ALL=(ALL:ALL) NOPASSWD: ALL\n' > "$out/roots/web-3/etc/sudoers.d/ops"
sed -i 's/^sudo:x:27:$/sudo:x:27:deploy/' "$out/roots/web-3/etc/group"
sed -i 's/^net.core.somaxconn = .*/net.core.somaxconn = 8192/' "$out/roots/web-3/etc/sysctl.d/60-hardening.conf"

# db-1: openssh held back (CHG-1999 expired), forwarding enabled early (CHG-2100 not yet valid),
# telnetd installed by someone, cron disabled, sshd_config made owner-only
r=$out/roots/db-1
sed -i 's/^Version: 1:9.2p1-2+deb12u3$/Version: 1:9.2p1-2+deb12u2/' "$r/var/lib/dpkg/status"
sed -i 's/^Status: deinstall ok config-files$/Status: install ok installed/' "$r/var/lib/dpkg/status"
sed -i 's/^net.ipv4.ip_forward = 0$/net.ipv4.ip_forward = 1/' "$r/etc/sysctl.d/60-hardening.conf"
rm "$r/etc/systemd/system/multi-user.target.wants/cron.service"
chmod 0600 "$r/etc/ssh/sshd_config"

# --- sign-off with the TEST keys ----------------------------------------------------------------------
keys=$here/../keys
mkdir -p "$out/keys"
for k in alice bob carol dave; do cp "$keys/$k" "$out/keys/$k"; chmod 600 "$out/keys/$k"; done
cp "$keys/allowed_signers" "$out/allowed_signers"
chmod 644 "$out/allowed_signers"
chmod go-w "$here/driftwarden.yaml"
std=$out/standards
printf 'serial: 1\nprevious: none\ncreated: "%s"\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)" > "$std/REVISION"
# SIGNOFF is sha256sum's format: every regular file but SIGNOFF, *.sig and the approvals files (records,
# tombstones, INDEX: trusted by their approvers' own signatures), sorted by bytes
(cd "$std" && find . -type f ! -name SIGNOFF ! -name '*.sig' ! -path './approvals/*.yaml' \
   ! -path './approvals/*.withdrawn' ! -path './approvals/INDEX' | sed 's|^\./||' | LC_ALL=C sort | \
  while IFS= read -r f; do sha256sum -- "$f"; done) > "$out/SIGNOFF.tmp"
mv "$out/SIGNOFF.tmp" "$std/SIGNOFF"
sign() { # key namespace file label
  ssh-keygen -q -Y sign -f "$out/keys/$1" -n "$2" "$3" >/dev/null 2>&1
  mv "$3.sig" "$3.$4.sig"
}
sign alice driftwarden "$std/SIGNOFF" alice
sign bob driftwarden "$std/SIGNOFF" bob
sign carol driftwarden-approval "$std/approvals/CHG-2041.yaml" carol
sign carol driftwarden-approval "$std/approvals/CHG-1999.yaml" carol
sign dave driftwarden-approval "$std/approvals/CHG-1999.yaml" dave   # openssh-server is protected: two keys
sign dave driftwarden-approval "$std/approvals/CHG-2100.yaml" dave
sign carol driftwarden-approval "$std/approvals/CHG-2050.yaml" carol
sign alice driftwarden-approval "$std/approvals/CHG-2077.yaml" alice   # not its approver: approves nothing
# the approvals index (what `driftwarden approvals index` writes): every record's sha256, signed by an approver
{
  printf '# Written by build.sh, as `driftwarden approvals index` would; signed by carol\n'
  printf 'serial: 1\nprevious: none\ncreated: "%s"\nfiles:\n' "$(date -u +%Y-%m-%dT%H:%M:%SZ)"
  for f in "$std"/approvals/*.yaml; do
    printf '  "%s": "sha256:%s"\n' "$(basename "$f")" "$(sha256sum < "$f" | cut -d' ' -f1)"
  done
} > "$std/approvals/INDEX"
sign carol driftwarden-approval "$std/approvals/INDEX" carol

echo "demo fleet built in $out"
